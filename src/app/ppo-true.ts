/**
 * PPO on the env's TRUE reward with given agent settings: the reference the loop's "≥ 90% of
 * PPO-true" targets are measured against (issue 19), used by `rewardlab experiment seeds
 * --ppo-true` and the loop bench. The final policy is evaluated greedily over `episodes` episodes,
 * exactly as the loop's own final evaluation is.
 */
import '../envs/index.js';
import { evaluatePolicy } from '../analysis/evaluate.js';
import { Ppo, type PpoConfig } from '../agents/ppo.js';
import { make } from '../envs/registry.js';
import { ppoPreset } from './presets/ppo-presets.js';

export interface PpoTrueOptions {
  seed: number;
  /** Agent env steps (the loop's agentSteps). */
  steps: number;
  /** Evaluation episodes (the loop's evalEpisodes). Default 4. */
  episodes?: number;
  /** Agent settings on top of the env's PPO preset: pass the loop's resolved `ppo` to compare like with like. */
  ppo?: Partial<PpoConfig>;
}

/** Mean true return of the final greedy policy. */
export function ppoTrueReturn(envId: string, o: PpoTrueOptions): number {
  const ppo = new Ppo({ ...ppoPreset(envId), ...o.ppo, seed: o.seed, totalSteps: o.steps }, { makeEnv: () => make(envId) });
  try {
    while (!ppo.done) ppo.iterate();
    return evaluatePolicy(() => make(envId), (obs) => ppo.act(obs), o.episodes ?? 4, 2_000_000).meanReturn;
  } finally {
    ppo.close();
  }
}
