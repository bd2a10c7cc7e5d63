/** One line of a certificate check: what was checked, the claim, what was recomputed, the outcome. */

export interface CertificateCheck {
  /** Subject name (e.g. "checkpoint/agent.bin") or predicate path (e.g. "heldOutAccuracy.correct"). */
  name: string;
  status: 'ok' | 'failed' | 'not checked';
  claimed?: unknown;
  recomputed?: unknown;
  detail: string;
}

export const ok = (name: string, detail: string, claimed?: unknown, recomputed?: unknown): CertificateCheck => ({ name, status: 'ok', detail, ...(claimed === undefined ? {} : { claimed }), ...(recomputed === undefined ? {} : { recomputed }) });
export const failed = (name: string, detail: string, claimed?: unknown, recomputed?: unknown): CertificateCheck => ({ name, status: 'failed', detail, ...(claimed === undefined ? {} : { claimed }), ...(recomputed === undefined ? {} : { recomputed }) });
export const notChecked = (name: string, detail: string): CertificateCheck => ({ name, status: 'not checked', detail });

/** Equal as claims: numbers to 1e-9 relative (JSON round trips are exact; this only forgives printing), the rest by JSON. */
export function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined).sort();
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined).sort();
    return same(ka, kb) && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/** A check comparing a claimed value with the recomputed one. */
export function compare(name: string, claimed: unknown, recomputed: unknown, what: string): CertificateCheck {
  return same(claimed, recomputed) ? ok(name, `${what}: as claimed`, claimed, recomputed) : failed(name, `${what}: claimed ${JSON.stringify(claimed)}, recomputed ${JSON.stringify(recomputed)}`, claimed, recomputed);
}
