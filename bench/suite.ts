/** A benchmark suite: named measurements, each the median of several runs. */

export interface BenchRow {
  suite: string;
  /** What was measured, e.g. `CartPole-v1 single`. */
  name: string;
  /** Median over runs. */
  value: number;
  unit: string;
  /** Every run's value, so readers can see the spread. */
  runs: number[];
  /** Free-form extras (ratios, targets, seeds). */
  notes?: string;
}

export interface BenchOptions {
  /** Short mode (for smoke-checking the bench itself): fewer repetitions, smaller budgets. */
  quick: boolean;
}

export interface BenchSuite {
  name: string;
  run(opts: BenchOptions, progress: (msg: string) => void): Promise<BenchRow[]>;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Run `fn` `times` times and return a row with the median. */
export async function measure(suite: string, name: string, unit: string, times: number, fn: () => number | Promise<number>, notes?: string): Promise<BenchRow> {
  const runs: number[] = [];
  for (let i = 0; i < times; i++) runs.push(await fn());
  return { suite, name, unit, value: median(runs), runs, notes };
}

/**
 * The parts of a suite a run measures: REWARDLAB_BENCH_PART (a comma list of `parts`), or all of
 * them; names of other suites' parts are ignored. A partial run replaces only the rows it measured (bench/results.ts).
 */
export function selectedParts<P extends string>(parts: readonly P[]): Set<P> {
  const spec = process.env.REWARDLAB_BENCH_PART;
  if (!spec) return new Set(parts);
  const chosen = spec.split(',').map((s) => s.trim()).filter((p): p is P => (parts as readonly string[]).includes(p));
  if (!chosen.length) throw new Error(`REWARDLAB_BENCH_PART = "${spec}" names none of this suite's parts: ${parts.join(', ')}`);
  return new Set(chosen);
}
