/**
 * Working with a reward model taken out of a finished loop run: load it from the run's
 * checkpoint, train a fresh PPO agent on it with the model FROZEN (no more feedback), and
 * record, every few iterations, the agent's return under the learned reward next to its
 * hidden performance — the two curves of Leike et al. 2018 Fig. 4 / Ibarz et al. 2018.
 * Evaluation code: the evaluation reads the sealed channel (via measureAlignment).
 */
import { join } from 'node:path';
import type { RewardFreeEnv } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import type { Action } from '../../core/types.js';
import { make } from '../../envs/registry.js';
import { Ppo, type PpoConfig } from '../../agents/ppo.js';
import { loadPpo } from '../../agents/ppo-checkpoint.js';
import { ppoPreset } from '../../app/presets/ppo-presets.js';
import { measureAlignment } from '../../analysis/alignment.js';
import type { RewardModelingConfig } from '../../loop/config.js';
import type { RewardModel, TransitionBatch } from '../../rewards/reward-model.js';
import { loadRewardModel as loadCheckpointModel } from '../../app/run-report.js';
import { latestCheckpoint } from '../../runs/checkpoint-dir.js';
import { readJson } from '../../runs/run-dir.js';
import { hideReward, withReward } from '../../wrappers/hide-reward.js';

/** One evaluation of the agent (deterministic policy, fixed evaluation seeds). */
export interface CurvePoint {
  step: number;
  /** Mean episode return under the learned reward (standardised units). */
  learnedReturn: number;
  /** Mean hidden performance per episode. */
  performance: number;
  /** Mean visible (env) return per episode. */
  visibleReturn: number;
  /** Mean ensemble spread over visited transitions. */
  disagreement: number;
}

function runCheckpoint(runDir: string): string {
  const ckpt = latestCheckpoint(runDir);
  if (!ckpt) throw new ConfigError('runDir', runDir, 'holds no complete checkpoint (was the run started?)');
  return ckpt;
}

/** The reward model of a run's latest checkpoint, exactly as the loop left it (weights, input and output standardisation). */
export function loadRewardModel(runDir: string): RewardModel {
  return loadCheckpointModel(runCheckpoint(runDir));
}

/** The agent of a run's latest checkpoint (acting only; its envs are reward-free). */
export function loadAgent(runDir: string): Ppo {
  const config = readJson<RewardModelingConfig>(join(runDir, 'config.json'), 'run config');
  return loadPpo(runCheckpoint(runDir), { makeEnv: () => withReward(hideReward(make(config.envId)), () => 0) });
}

export interface EvaluateOptions {
  episodes: number;
  /** Learned reward per transition (mean and spread). */
  reward: (batch: TransitionBatch) => { mean: Float32Array; std: Float32Array };
  policy: (obs: Float32Array) => Action;
}

export function evaluatePoint(envId: string, step: number, o: EvaluateOptions): CurvePoint {
  const env = hideReward(make(envId)) as RewardFreeEnv<Float32Array, Action>;
  const a = measureAlignment(env, { episodes: o.episodes, seed: 2_000_000, segmentLength: 25, policy: o.policy, reward: o.reward });
  env.close();
  return { step, learnedReturn: a.learnedReturn, performance: a.performance, visibleReturn: a.trueReturn, disagreement: a.disagreement };
}

export interface FrozenTrainingOptions {
  envId: string;
  seed: number;
  /** Agent env steps. */
  steps: number;
  /** PPO settings on top of the env's preset (the loop run's `ppo` overrides). */
  ppo: Partial<PpoConfig>;
  /** Pessimism λ as in the loop: the agent's reward is mean − λ·std. */
  uncertaintyPenalty: number;
  /** Evaluate every this many PPO iterations (and after the last). */
  evalEvery: number;
  evalEpisodes: number;
  log?(text: string): void;
}

/** A fresh PPO agent trained on a frozen reward model; returns its curve and the trained agent (caller closes it). */
export function trainOnFrozen(model: RewardModel, o: FrozenTrainingOptions): { curve: CurvePoint[]; agent: Ppo } {
  const reward = (b: TransitionBatch) => {
    const { mean, std } = model.predict(b);
    if (o.uncertaintyPenalty > 0) for (let k = 0; k < b.n; k++) mean[k] -= o.uncertaintyPenalty * std[k];
    return mean;
  };
  const agent = new Ppo({ ...ppoPreset(o.envId), ...o.ppo, seed: o.seed, totalSteps: o.steps }, { makeEnv: () => withReward(hideReward(make(o.envId)), () => 0), reward });
  const evaluate = () => evaluatePoint(o.envId, agent.globalStep, { episodes: o.evalEpisodes, reward: (b) => model.predict(b), policy: (x) => agent.act(x, true) });
  const curve = [evaluate()];
  while (!agent.done) {
    agent.iterate();
    if (agent.iteration % o.evalEvery === 0 || agent.done) {
      curve.push(evaluate());
      const p = curve[curve.length - 1];
      o.log?.(`frozen: step ${p.step}: learned ${p.learnedReturn.toFixed(1)}, performance ${p.performance.toFixed(1)}`);
    }
  }
  return { curve, agent };
}
