/**
 * The two agents the gridworld experiments compare, trained on the same env for the same
 * number of steps:
 *   - the PROXY agent: PPO on the env's visible (misspecified) reward;
 *   - the REWARD-MODELING agent: the loop of src/loop with a synthetic user who prefers clips
 *     by the HIDDEN performance (`synthetic:metric=performance`).
 * Both report every finished training episode to an observer (evaluation code: the
 * experiments count catastrophes from the sealed channel; the learners never see it).
 */
import { join } from 'node:path';
import '../../envs/index.js';
import { Ppo } from '../../agents/ppo.js';
import type { Action, Trajectory } from '../../core/types.js';
import { make } from '../../envs/registry.js';
import { evaluatePolicy } from '../../analysis/evaluate.js';
import type { RewardModelingOverrides } from '../../loop/config.js';
import { RewardModelingLoop, runLoop, type LoopObserver } from '../../loop/reward-modeling-loop.js';
import { makeFeedbackSource, resolveConfig } from '../../app/train-run.js';
import type { RewardModel, TransitionBatch } from '../../rewards/reward-model.js';
import { ensureDir, writeJsonAtomic } from '../../runs/run-dir.js';
import { streamSeed } from '../../core/seed-streams.js';

/** The user of the reward-modeling agent: an oracle who judges clips by the hidden performance. */
export const PERFORMANCE_TEACHER = 'synthetic:metric=performance';

/** Told about the agent's training episodes as they finish (the env step count so far). */
export type EpisodeObserver = (trajectories: readonly Trajectory[], globalStep: number) => void;

export interface AgentOutcome {
  /** Visible return of the trained (greedy) agent, mean over the evaluation episodes. */
  visible: number;
  /** Hidden performance of the trained agent. */
  performance: number;
  steps: number;
  /** Labels used (0 for the proxy). */
  labels: number;
  wallSeconds: number;
  /** The trained agent's greedy policy. */
  policy: (obs: Float32Array) => Action;
  /** The RM agent's reward model. */
  model?: RewardModel;
  /** The reward the agent optimised, over transitions (the RM agent's learned reward: mean − λ·spread). */
  learnedReward?: (batch: TransitionBatch) => Float32Array;
}

export interface ProxyOptions {
  envId: string;
  seed: number;
  steps: number;
  evalEpisodes?: number;
  onEpisodes?: EpisodeObserver;
  /** Loop settings on top of the env's preset (the proxy agent uses their `ppo` part). */
  config?: RewardModelingOverrides;
}

/** Evaluation on the plain env (visible return and hidden performance), episodes from stream `evaluation` of the run seed (the same episodes for both agents). */
export function evaluateGreedy(envId: string, policy: (obs: Float32Array) => Action, episodes: number, seed: number): { visible: number; performance: number } {
  const r = evaluatePolicy(() => make(envId), policy, episodes, streamSeed(seed, 'evaluation'));
  return { visible: r.meanReturn, performance: r.meanPerformance };
}

/** PPO on the visible reward, with the loop's PPO preset for this env (same settings as the RM agent). */
export function trainProxy(o: ProxyOptions): AgentOutcome {
  const t0 = performance.now();
  const config = resolveConfig({ ...o.config, envId: o.envId, seed: o.seed, agentSteps: o.steps });
  const ppo = new Ppo(
    { ...config.ppo, totalSteps: o.steps },
    { makeEnv: () => make(o.envId), recordTrajectories: o.onEpisodes !== undefined, envId: o.envId },
  );
  while (!ppo.done) {
    const stats = ppo.iterate();
    o.onEpisodes?.(stats.trajectories, stats.globalStep);
  }
  const policy = (obs: Float32Array) => ppo.act(obs, true);
  const evaluation = evaluateGreedy(o.envId, policy, o.evalEpisodes ?? 4, o.seed);
  ppo.close();
  return { ...evaluation, steps: ppo.globalStep, labels: 0, wallSeconds: (performance.now() - t0) / 1000, policy };
}

export interface RewardModelingOptions extends ProxyOptions {
  labels: number;
  /** Run directory of the loop (feedback.sqlite, metrics, checkpoints). */
  dir: string;
}

/**
 * The reward-modeling loop with the performance-judging user. Training episodes reach
 * `onEpisodes` through the loop's observer hooks: the random-policy episodes collected before
 * RL starts, then every agent iteration's finished episodes.
 */
export async function trainRewardModeling(o: RewardModelingOptions): Promise<AgentOutcome> {
  const t0 = performance.now();
  const config = resolveConfig({ ...o.config, envId: o.envId, seed: o.seed, labels: o.labels, agentSteps: o.steps, feedback: PERFORMANCE_TEACHER });
  const dir = ensureDir(o.dir);
  writeJsonAtomic(join(dir, 'config.json'), config);
  const observe = o.onEpisodes;
  const observers: LoopObserver[] = observe
    ? [{ onWarmStart: (e) => observe(e.trajectories, 0), onRollout: (e) => observe(e.iteration.trajectories, e.iteration.globalStep) }]
    : [];
  const loop = await RewardModelingLoop.open(config, dir, { feedback: makeFeedbackSource(config.feedback, config.seed), observers });
  try {
    await loop.warmStart();
    const last = await runLoop(loop);
    const policy = (obs: Float32Array) => loop.agent.act(obs, true);
    const evaluation = evaluateGreedy(o.envId, policy, o.evalEpisodes ?? 4, o.seed);
    return { ...evaluation, steps: loop.agent.globalStep, labels: last?.labels ?? 0, wallSeconds: (performance.now() - t0) / 1000, policy, model: loop.model, learnedReward: (batch) => loop.learnedReward(batch) };
  } finally {
    await loop.close();
  }
}
