/**
 * One reward-modeling run to its end over the caller's roles, for experiments that inject a
 * selector, a reward model or observers: open the loop (its default store in `dir`), warm start,
 * every iteration, close; the run's result as `rewardlab train` reports it.
 */
import { runResult, type RunResult } from '../../app/train-run.js';
import type { RewardModelingConfig } from '../../loop/config.js';
import { RewardModelingLoop, runLoop, type LoopRoles } from '../../loop/reward-modeling-loop.js';

export async function runLoopToEnd(config: RewardModelingConfig, dir: string, roles: LoopRoles): Promise<RunResult> {
  const loop = await RewardModelingLoop.open(config, dir, roles);
  try {
    await loop.warmStart();
    return runResult(loop, await runLoop(loop));
  } finally {
    await loop.close();
  }
}
