/**
 * Canonical JSON for digests and signatures: object keys sorted by UTF-16 code unit (as
 * `Array.prototype.sort` does), no whitespace, strings and numbers as `JSON.stringify` writes
 * them (the shortest round-tripping form, as in RFC 8785 for the values we write), `undefined`
 * members dropped. Non-finite numbers have no JSON form and are refused, so a certificate never
 * signs a value a reader would parse back differently.
 *
 *   canonicalJson({ b: 1, a: [true, 'x'] }) → '{"a":[true,"x"],"b":1}'
 */
import { DataFormatError } from '../../core/errors.js';

export function canonicalJson(value: unknown, path = '$'): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DataFormatError(`${path} = ${value}: canonical JSON has no form for a non-finite number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v ?? null, `${path}[${i}]`)).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k], `${path}.${k}`)}`).join(',')}}`;
  }
  throw new DataFormatError(`${path}: a ${typeof value} has no JSON form`);
}
