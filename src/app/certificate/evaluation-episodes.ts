/**
 * Evaluation episodes of the certified policy: greedy actions of the checkpoint's PPO agent on
 * the run's env, episode seeds from the run's stream `certificate/evaluation`, true return and
 * hidden performance per episode, and lower bounds on the expected true return and hidden
 * performance from the env's known ranges (src/analysis/env-ranges.ts). Same checkpoint → the same episodes, so a
 * checker re-runs the first few and compares them one by one.
 */
import { loadPpo } from '../../agents/ppo-checkpoint.js';
import { returnLowerBound, type Interval } from '../../analysis/confidence.js';
import { envRange, type ValueRange } from '../../analysis/env-ranges.js';
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

/** The lower bound on E[values] over a known range, or null (no range, or a value outside it: then the range is wrong, and no bound is claimed). */
export function boundOver(values: readonly number[], range: ValueRange | null, confidence: number): Interval | null {
  return range !== null && values.every((v) => v >= range.min && v <= range.max) ? returnLowerBound(values, range.min, range.max, confidence) : null;
}

export function evaluationPredicate(inputs: RunInputs, episodes: number, confidence = 0.95): EvaluationPredicate {
  const seed = streamSeed(inputs.config.seed, EVALUATION_STREAM);
  const { returns, performances } = policyEpisodes(inputs, episodes, seed);
  const range = envRange(inputs.config.envId);
  const plain = (r: ValueRange | null | undefined) => (r ? { min: r.min, max: r.max, source: r.source } : null);
  return {
    episodes, seed, returns, performances,
    meanReturn: returns.reduce((s, v) => s + v, 0) / returns.length,
    returnLowerBound: boundOver(returns, range?.return ?? null, confidence),
    returnRange: plain(range?.return),
    performanceLowerBound: boundOver(performances, range?.performance ?? null, confidence),
    performanceRange: plain(range?.performance),
  };
}
