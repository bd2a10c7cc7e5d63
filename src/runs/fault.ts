/**
 * Crash points for the crash-torture tests: with REWARDLAB_FAULT=<name>:<n> in the
 * environment, the n-th time this process passes `faultPoint(name)` it kills itself with
 * SIGKILL — a real, unannounced death at a chosen bad moment (inside a checkpoint write,
 * between two stored answers). Without the variable it does nothing.
 */
const counts = new Map<string, number>();
let spec: { name: string; n: number } | null | undefined;

export function faultPoint(name: string): void {
  if (spec === undefined) {
    const m = /^([a-z-]+):(\d+)$/.exec(process.env.REWARDLAB_FAULT ?? '');
    spec = m ? { name: m[1], n: Number(m[2]) } : null;
  }
  if (!spec || spec.name !== name) return;
  const seen = (counts.get(name) ?? 0) + 1;
  counts.set(name, seen);
  if (seen === spec.n) process.kill(process.pid, 'SIGKILL');
}
