/**
 * The shape of one experiment: `rewardlab experiment <name> [flags]`. Each experiment is a
 * programmatic function (`run`) that writes its run directory — `result.json` (the same
 * document `--json` prints) and `report.html` — and returns the result. The CLI is a thin
 * shell over it (src/cli/commands/experiment.ts); flags come from EXPERIMENT_FLAGS, one table.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS, type FlagSpec, type FlagValues } from '../../app/flags.js';
import { ConfigError } from '../../core/errors.js';
import { writeJsonAtomic } from '../../runs/run-dir.js';

export interface ExperimentContext {
  /** The run directory (created by the caller); write result.json and report.html here. */
  out: string;
  /** Seeds to run (from --seeds "0,1,2" / "0-9" or --seed). */
  seeds: number[];
  /** Small budgets: a smoke check, not a result. */
  quick: boolean;
  /** Every flag of EXPERIMENT_FLAGS, parsed and defaulted. */
  values: FlagValues;
  /** Human-readable progress (stderr). */
  log(text: string): void;
}

export interface ExperimentResult {
  kind: 'rewardlab-experiment-result';
  version: 1;
  experiment: string;
  runDir: string;
  /** Path of the report page. */
  report: string;
  /** One line a README row can quote. */
  headline: string;
  /** The experiment's numbers (plain JSON). */
  data: Record<string, unknown>;
}

export interface Experiment {
  /** kebab-case name, e.g. `proxy-vs-rm`, `recursive`. */
  name: string;
  summary: string;
  run(ctx: ExperimentContext): Promise<ExperimentResult>;
}

/** Flags every experiment understands; an experiment reads the ones it needs from `ctx.values`. */
export const EXPERIMENT_FLAGS: FlagSpec[] = [
  { name: 'seeds', type: 'string', help: 'seeds: a comma list and/or ranges, e.g. 0,1,2 or 0-9 or 0-4,7 (default: --seed)' },
  { name: 'seed', type: 'int', default: 0, help: 'run seed when --seeds is not given', ...LIMITS.seed },
  { name: 'quick', type: 'boolean', default: false, help: 'small budgets (a smoke check, not a result)' },
  { name: 'out', type: 'string', help: 'run directory (default runs/<experiment>__s<seed>__<time>)' },
  { name: 'env', type: 'string', help: 'environment id (experiments that take one)' },
  { name: 'labels', type: 'int', help: 'label budget (default: the experiment\'s own)', ...LIMITS.labels },
  { name: 'steps', type: 'int', help: 'agent env steps (default: the experiment\'s own)', ...LIMITS.steps },
  { name: 'ppo-true', type: 'boolean', default: false, help: 'seeds: also train PPO on the true reward per seed, with the same agent settings, steps and evaluation episodes (the reference of the "90% of PPO-true" targets)' },
  { name: 'testbed', type: 'string', default: 'timetable', choices: ['timetable', 'powering'], help: 'recursive: which testbed' },
  { name: 'depth', type: 'string', help: 'recursive: assistant depths to run, e.g. 0..3 or 1 (default: all)' },
  { name: 'epsilon', type: 'number', help: 'recursive powering: per-answer error rate ε of each level (default 0.05)', min: 0, max: 1 },
  { name: 'trials', type: 'int', help: 'recursive powering: random permutations per seed (default 200, --quick 20)', min: 1, max: 1_000_000 },
  { name: 'envs', type: 'string', help: 'experiments over several environments: comma-separated env ids (default: the experiment\'s own list)' },
  { name: 'strategies', type: 'string', help: 'active-learning: comma-separated query strategies to compare (default: all)' },
  { name: 'mixes', type: 'string', help: 'feedback-mix: comma-separated feedback mixes to run (preferences always; default: all)' },
  { name: 'case', type: 'string', help: 'experiments with named cases: which case to run (over-optimisation: default all; frozen-hacking: default `default`, or early-policy, sensor-lamp, overshoot)' },
];

/** The common ending of every experiment: report.html and result.json in the run directory, the result returned. */
export function finishExperiment(ctx: Pick<ExperimentContext, 'out'>, experiment: string, o: { html: string; headline: string; data: object }): ExperimentResult {
  const report = join(ctx.out, 'report.html');
  writeFileSync(report, o.html);
  const result: ExperimentResult = { kind: 'rewardlab-experiment-result', version: 1, experiment, runDir: ctx.out, report, headline: o.headline, data: o.data as Record<string, unknown> };
  writeJsonAtomic(join(ctx.out, 'result.json'), result);
  return result;
}

/**
 * `--seeds`: comma-separated seeds and inclusive ranges (`0,1,2`, `0-9`, `0-4,7`), in the order
 * given, duplicates refused; `fallback` (--seed) when absent.
 */
export function parseSeeds(spec: string | undefined, fallback: number): number[] {
  if (spec === undefined) return [fallback];
  const bad = (why: string) => new ConfigError('--seeds', spec, `${why}; use comma-separated integers or ranges in ${LIMITS.seed.min}..${LIMITS.seed.max}, e.g. 0,1,2 or 0-9`);
  const out: number[] = [];
  for (const part of spec.split(',').map((s) => s.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw bad(`'${part}' is not a seed or a range`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi > LIMITS.seed.max) throw bad(`${hi} is above ${LIMITS.seed.max}`);
    if (hi < lo) throw bad(`range ${part} runs backwards`);
    if (hi - lo >= 10_000) throw bad(`range ${part} has more than 10000 seeds`);
    for (let s = lo; s <= hi; s++) out.push(s);
  }
  const dup = out.find((s, i) => out.indexOf(s) !== i);
  if (dup !== undefined) throw bad(`seed ${dup} appears twice`);
  return out;
}
