/**
 * Writing and reading tensor bundles on disk (format in bundle-codec.ts): versioned JSON
 * metadata + one binary file of float32 tensors, written atomically, checksummed.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DataFormatError, show } from '../core/errors.js';
import { decodeBundle, type Bundle, type BundleHeader } from './bundle-codec.js';

export type { Bundle, BundleHeader } from './bundle-codec.js';

export function encodeBundle<M>(bundle: Bundle<M>, binName: string): { header: BundleHeader<M>; data: Uint8Array } {
  const entries = Object.entries(bundle.tensors);
  const total = entries.reduce((n, [, t]) => n + t.length, 0);
  const all = new Float32Array(total);
  const index: BundleHeader<M>['tensors'] = {};
  let off = 0;
  for (const [name, t] of entries) {
    all.set(t, off);
    index[name] = { offset: off, length: t.length };
    off += t.length;
  }
  const data = new Uint8Array(all.buffer);
  const sha256 = createHash('sha256').update(data).digest('hex');
  return { header: { kind: bundle.kind, version: bundle.version, meta: bundle.meta, tensors: index, bin: binName, bytes: data.byteLength, sha256 }, data };
}

/** Write PATH.json and PATH.bin atomically (write to temp files, then rename). */
export function writeBundle<M>(path: string, bundle: Bundle<M>): void {
  const binName = `${basename(path)}.bin`;
  const { header, data } = encodeBundle(bundle, binName);
  writeFileSync(`${path}.bin.tmp`, data);
  writeFileSync(`${path}.json.tmp`, JSON.stringify(header, null, 1));
  renameSync(`${path}.bin.tmp`, `${path}.bin`);
  renameSync(`${path}.json.tmp`, `${path}.json`);
}

/** Read PATH.json + PATH.bin, verifying kind, version and checksum. */
export function readBundle<M>(path: string, expect: { kind: string; version: number }): Bundle<M> {
  let header: BundleHeader<M>;
  try {
    header = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as BundleHeader<M>;
  } catch (e) {
    throw new DataFormatError(`${path}.json: cannot be read as JSON (${(e as Error).message})`);
  }
  if (header.kind !== expect.kind) throw new DataFormatError(`${path}.json: kind = ${show(header.kind)}, expected ${show(expect.kind)}`);
  if (header.version !== expect.version) throw new DataFormatError(`${path}.json: version = ${show(header.version)}, this RewardLab reads version ${expect.version}`);
  const data = readFileSync(`${path}.bin`);
  const sha = createHash('sha256').update(data).digest('hex');
  if (sha !== header.sha256) throw new DataFormatError(`${path}.bin: checksum mismatch (file is corrupted or does not belong to ${path}.json)`);
  return decodeBundle(header, data, path);
}
