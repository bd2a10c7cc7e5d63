/**
 * Evaluation episodes of the certified policy: greedy actions of the checkpoint's PPO agent on
 * the run's env, episode seeds from the run's stream `certificate/evaluation`, true return and
 * hidden performance per episode, and a lower bound on the expected true return from the env's
 * known return range (src/analysis/env-ranges.ts). Same checkpoint → the same episodes, so a
 * checker re-runs the first few and compares them one by one.
 */
import { loadPpo } from '../../agents/ppo-checkpoint.js';
import { returnLowerBound } from '../../analysis/confidence.js';
import { envRange } from '../../analysis/env-ranges.js';
import { evaluatePolicy } from '../../analysis/evaluate.js';
import { streamSeed } from '../../core/seed-streams.js';
import { make } from '../../envs/registry.js';
import type { RunInputs } from './run-inputs.js';
import type { EvaluationPredicate } from './statement.js';

export const EVALUATION_STREAM = 'certificate/evaluation';

/** Run `episodes` greedy episodes with seeds seed, seed+1, … (the first `episodes` of what certify ran). */
export function policyEpisodes(inputs: RunInputs, episodes: number, seed: number): { returns: number[]; performances: number[] } {
  const { envId } = inputs.config;
  const agent = loadPpo(inputs.checkpointDir, { makeEnv: () => make(envId) });
  const r = evaluatePolicy(() => make(envId), (o) => agent.act(o, true), episodes, seed);
  return { returns: r.returns, performances: r.performances };
}

export function evaluationPredicate(inputs: RunInputs, episodes: number, confidence = 0.95): EvaluationPredicate {
  const seed = streamSeed(inputs.config.seed, EVALUATION_STREAM);
  const { returns, performances } = policyEpisodes(inputs, episodes, seed);
  const range = envRange(inputs.config.envId)?.return ?? null;
  const inRange = range !== null && returns.every((v) => v >= range.min && v <= range.max);
  return {
    episodes, seed, returns, performances,
    meanReturn: returns.reduce((s, v) => s + v, 0) / returns.length,
    returnLowerBound: inRange ? returnLowerBound(returns, range.min, range.max, confidence) : null,
    returnRange: range ? { min: range.min, max: range.max, source: range.source } : null,
  };
}
