/**
 * The random-policy return of each MuJoCo loop env: the zero of the normalised score the MuJoCo
 * table states, (R − R_random) / (R_ppoTrue − R_random), as the RL literature normalises returns
 * (a ratio of raw returns means nothing where returns are negative: Reacher). Uniform actions in
 * the action box, evaluated exactly as the loop and PPO-true rows are (same episode seeds), 32
 * episodes. `npx tsx bench/mujoco-random-returns.ts` prints the table kept in mujoco-readme.ts.
 */
import { fileURLToPath } from 'node:url';
import '../src/envs/index.js';
import { evaluatePolicy } from '../src/analysis/evaluate.js';
import { make, prepareEnv } from '../src/envs/registry.js';
import { Rng } from '../src/core/rng.js';
import type { Box } from '../src/core/spaces/box.js';
import { MUJOCO_TASKS, loopEnvId, type MujocoTask } from '../src/app/presets/mujoco-loop-presets.js';

/** Measured by this file on 2026-12-04 (32 episodes, seed 0), on the env the loop trains on. */
export const MUJOCO_RANDOM_RETURNS: Record<MujocoTask, number> = {
  InvertedPendulum: 4.59, // FixedHorizonInvertedPendulum-v5
  InvertedDoublePendulum: 45.95, // FixedHorizonInvertedDoublePendulum-v5
  Reacher: -43.08, // Reacher-v5
  Hopper: 14.42, // FixedHorizonHopper-v5
  Swimmer: 0.65, // Swimmer-v5
  HalfCheetah: -284.55, // HalfCheetah-v5
  Walker2d: 2.88, // FixedHorizonWalker2d-v5
  Ant: -73.95, // FixedHorizonAnt-v5
};

/**
 * The loop's share of PPO-true as a normalised score, random policy = 0%, PPO-true = 100%:
 * (loop − random) / (ppoTrue − random). Null when PPO-true is no better than random.
 */
export function normalisedScore(loop: number, ppoTrue: number, random: number): number | null {
  return ppoTrue > random ? (loop - random) / (ppoTrue - random) : null;
}

/** Mean true return of uniform random actions over `episodes` evaluation episodes. */
export async function randomPolicyReturn(envId: string, episodes = 32, seed = 0): Promise<number> {
  await prepareEnv(envId);
  const env = make(envId);
  const space = env.actionSpace as Box;
  const rng = new Rng(seed);
  return evaluatePolicy(() => make(envId), () => space.sample(rng), episodes).meanReturn;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const task of MUJOCO_TASKS) {
    const envId = loopEnvId(task);
    console.log(`  ${task}: ${(await randomPolicyReturn(envId)).toFixed(2)}, // ${envId}`);
  }
}
