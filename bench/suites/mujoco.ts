/**
 * Issue 14 item 6: the reward-modeling loop on the eight MuJoCo tasks in Christiano et al.'s
 * setting (src/app/presets/mujoco-loop-presets.ts) against PPO on the true reward with the same
 * agent settings, steps and evaluation episodes, per task and seed. The whole table (8 tasks ×
 * 3 budgets × 3 seeds + PPO-true) is many CPU-hours, so it is selected by env vars:
 *
 *   REWARDLAB_BENCH_PART=mujoco-ppo-true,mujoco-loop   parts (default both)
 *   REWARDLAB_BENCH_MUJOCO_TASKS=InvertedPendulum,Hopper  tasks (default all eight, cheapest first)
 *   REWARDLAB_BENCH_MUJOCO_SEEDS=0-2                    seeds (a range or a comma list; default 0)
 *   REWARDLAB_BENCH_MUJOCO_LABELS=350,700,1400          label budgets (default 700)
 *   REWARDLAB_BENCH_MUJOCO_STEPS=100000                 agent steps instead of the preset's 1M (a cost
 *                                                       measurement: the rows then name the steps)
 *
 * One row per task, seed and budget (a partial run adds its rows and keeps the others, so seeds
 * can be run one at a time), with the CPU seconds of the run (process-wide, worker threads
 * included) and wall seconds in the notes; a loop row states its normalised % of the PPO-true row of the
 * same task, seed and steps (this run's or, if not run now, the one in bench/results/mujoco.json).
 * --quick: InvertedPendulum only, 20k steps, 60 labels (a smoke check of the suite, not a result).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../../src/envs/index.js';
import { prepareEnv } from '../../src/envs/registry.js';
import { resolveConfig, startRun } from '../../src/app/train-run.js';
import { ppoTrueReturn } from '../../src/app/ppo-true.js';
import { MUJOCO_TASKS, loopEnvId, type MujocoTask } from '../../src/app/presets/mujoco-loop-presets.js';
import { readSuiteResults } from '../results.js';
import { MUJOCO_RANDOM_RETURNS, normalisedScore } from '../mujoco-random-returns.js';
import { selectedParts, type BenchRow, type BenchSuite } from '../suite.js';

const SUITE = 'mujoco';
const PARTS = ['mujoco-ppo-true', 'mujoco-loop'] as const;
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** A comma list of integers and ranges ("0-2,5") from an env var, or the fallback. */
function intList(name: string, fallback: number[]): number[] {
  const spec = process.env[name];
  if (!spec) return fallback;
  const out: number[] = [];
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`${name} = "${spec}": "${part}" is not an integer or a range like 0-2`);
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (b < a) throw new Error(`${name} = "${spec}": range ${part} runs backwards`);
    for (let i = a; i <= b; i++) out.push(i);
  }
  return out;
}

function tasks(): MujocoTask[] {
  const spec = process.env.REWARDLAB_BENCH_MUJOCO_TASKS;
  if (!spec) return [...MUJOCO_TASKS];
  return spec.split(',').map((s) => s.trim()).filter(Boolean).map((name) => {
    const task = MUJOCO_TASKS.find((t) => t === name.replace(/^FixedHorizon/, '').replace(/-v5$/, ''));
    if (!task) throw new Error(`REWARDLAB_BENCH_MUJOCO_TASKS: "${name}" is none of ${MUJOCO_TASKS.join(', ')}`);
    return task;
  });
}

/** CPU seconds (user + system, every thread of the process) and wall seconds of `fn`. */
async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; cpu: number; wall: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, cpu: (c.user + c.system) / 1e6, wall: (performance.now() - t0) / 1000 };
}

/**
 * The loop's share of PPO-true as a normalised score, random policy = 0%, PPO-true = 100%
 * ((loop − random) / (ppoTrue − random), bench/mujoco-random-returns.ts): a ratio of raw returns
 * means nothing where they are negative (Reacher's −8.6 vs −3.9 read 222%, or 45% inverted).
 */
export function ratioText(loop: number, ppoTrue: number, random: number): string {
  const r = normalisedScore(loop, ppoTrue, random);
  return r === null ? `PPO-true (${ppoTrue.toFixed(1)}) no better than random (${random.toFixed(1)})` : `${Math.round(100 * r)}% normalised (random ${random.toFixed(1)} = 0%)`;
}

const kSteps = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));
const ppoTrueName = (envId: string, steps: number, seed: number) => `${envId} PPO-true, ${kSteps(steps)} steps, seed ${seed}`;
const loopName = (envId: string, labels: number, steps: number, seed: number) => `${envId} loop, ${labels} labels, ${kSteps(steps)} steps, seed ${seed}`;

export const mujocoBench: BenchSuite = {
  name: SUITE,
  async run({ quick }, progress) {
    const parts = selectedParts(PARTS);
    const seeds = intList('REWARDLAB_BENCH_MUJOCO_SEEDS', [0]);
    const budgets = quick ? [60] : intList('REWARDLAB_BENCH_MUJOCO_LABELS', [700]);
    const stepsOver = quick ? 20_000 : process.env.REWARDLAB_BENCH_MUJOCO_STEPS ? intList('REWARDLAB_BENCH_MUJOCO_STEPS', [])[0] : undefined;
    const rows: BenchRow[] = [];
    const known = new Map((readSuiteResults(RESULTS, SUITE)?.rows ?? []).map((r) => [r.name, r.value]));
    for (const task of quick ? (['InvertedPendulum'] as MujocoTask[]) : tasks()) {
      const envId = loopEnvId(task);
      await prepareEnv(envId);
      for (const seed of seeds) {
        const base = resolveConfig({ envId, seed, ...(stepsOver ? { agentSteps: stepsOver } : {}) });
        const steps = base.agentSteps;
        if (parts.has('mujoco-ppo-true')) {
          const r = await timed(() => ppoTrueReturn(envId, { seed, steps, ppo: base.ppo, episodes: base.evalEpisodes }));
          known.set(ppoTrueName(envId, steps, seed), r.value);
          progress(`${envId} PPO-true seed ${seed}: ${r.value.toFixed(1)} (${r.cpu.toFixed(0)} CPU s, ${r.wall.toFixed(0)} s wall)`);
          rows.push({
            suite: SUITE, name: ppoTrueName(envId, steps, seed), unit: 'true return', value: r.value, runs: [r.value],
            notes: `${r.cpu.toFixed(0)} CPU s, ${r.wall.toFixed(0)} s wall; PPO on the true reward of ${envId}, the loop's agent settings (the ${task}-v5 PPO preset), greedy over ${base.evalEpisodes} episodes`,
          });
        }
        if (!parts.has('mujoco-loop')) continue;
        for (const labels of budgets) {
          const over = { labels, seed, ...(stepsOver ? { agentSteps: stepsOver } : {}) };
          const r = await timed(() => startRun({ envId, feedback: 'synthetic', ...over }, { out: join(mkdtempSync(join(tmpdir(), 'bench-mujoco-')), 'run') }));
          const ret = r.value.trueReturn ?? NaN;
          const ref = known.get(ppoTrueName(envId, steps, seed));
          const pct = ref === undefined ? 'no PPO-true row for this task, seed and steps' : `${ratioText(ret, ref, MUJOCO_RANDOM_RETURNS[task])} of PPO-true (${ref.toFixed(1)}; targets: 700 labels ≥ 90%, 1,400 ≥ 100%)`;
          progress(`${envId} loop ${labels} labels seed ${seed}: ${ret.toFixed(1)}, ${pct} (${r.cpu.toFixed(0)} CPU s, ${r.wall.toFixed(0)} s wall)`);
          rows.push({
            suite: SUITE, name: loopName(envId, labels, steps, seed), unit: 'true return', value: ret, runs: [ret],
            notes: `${pct}; ${r.value.labels} labels asked, held-out accuracy ${r.value.heldOutAccuracy?.toFixed(3) ?? '–'}; ${r.cpu.toFixed(0)} CPU s, ${r.wall.toFixed(0)} s wall; clips ${base.fragmentLength} steps; REWARDLAB_BENCH_PART=mujoco-loop REWARDLAB_BENCH_MUJOCO_TASKS=${task} REWARDLAB_BENCH_MUJOCO_SEEDS=${seed} REWARDLAB_BENCH_MUJOCO_LABELS=${labels}${stepsOver ? ` REWARDLAB_BENCH_MUJOCO_STEPS=${stepsOver}` : ''} npm run bench -- --only mujoco`,
          });
        }
      }
    }
    return rows;
  },
};
