/**
 * The default synthetic teachers of every kind a run asks for (`--feedback synthetic --ask …`;
 * issue 15 item 6): one `SyntheticKindsTeacher` (the loop's `roles.rater`) with
 *
 *  - rating: the noisy rater of `config.rating` (per-step scale × fragmentLength), stream `rater`;
 *  - demo: a demonstrator of quality ε — the env's scripted controller (DEFAULT_CONTROLLERS) with
 *    probability ε of a uniformly random action per step (its noise stream derives from each
 *    query's reset seed, src/preferences/noisy-demonstrator.ts);
 *  - goal: a goal marker that marks the steps whose hidden signal is in the top `topShare` of the
 *    signal met on calibration episodes (`calibrationEpisodes` of the ε-noisy controller, where
 *    the env has one, and as many of random play; resets from stream `goal-marker/calibration`);
 *    the threshold is never the lowest value met (a signal that is constant except at the goal,
 *    −1 per step in Acrobot, marks only the goal), stream `goal-marker` for its misses;
 *  - correction: the corrector (src/preferences/synthetic-corrector.ts): takes over `lead` steps
 *    before the agent's hidden reward first drops in the clip and plays the ε-noisy controller,
 *    stream `corrector`.
 *
 * Defaults (SYNTHETIC_TEACHER_DEFAULTS): demonstrator ε = 0.1; goal topShare 0.2 of the hidden
 * reward, 4 calibration episodes, no misses; corrector ε = 0.1, lead 6 (on FixedHorizonCartPole a
 * pole 3 steps from falling is often past saving; lead 6 ordered held-out clips better than lead 3
 * on 6 of 8 seeds, mean 0.936 vs 0.855, correction-effect.test.ts). The scripted controllers
 * read observations only (mean true return, seeds 3–7, ε = 0 / 0.1 / random play: CartPole-v1
 * 500 / 500 / 31, MountainCar-v0 −119 / −133 / −200, FixedHorizonAcrobot-v1 −75 / −193 / −500).
 */
import type { RewardFreeEnv } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import { rolloutTrajectories } from '../core/rollout.js';
import { unseal } from '../core/sealed.js';
import { streamSeed } from '../core/seed-streams.js';
import type { Action, Trajectory } from '../core/types.js';
import { make } from '../envs/registry.js';
import { hideReward } from '../wrappers/hide-reward.js';
import { GoalMarker } from '../preferences/goal-marker.js';
import type { KindedFeedbackSource } from '../preferences/kinded-feedback-source.js';
import { recordNoisyDemonstrations, type Controller } from '../preferences/noisy-demonstrator.js';
import { SyntheticRater } from '../preferences/noisy-rater.js';
import { SyntheticCorrector } from '../preferences/synthetic-corrector.js';
import { SyntheticKindsTeacher, type SyntheticKindsParts } from '../preferences/synthetic-kinds-teacher.js';
import type { RewardModelingConfig } from './config.js';
import { DEMONSTRATORS } from './demonstration-source.js';

export interface SyntheticTeacherDefaults {
  /** ε of the demonstrator (probability of a random action per step). */
  demonstrator: { noise: number };
  /** The goal marker: the top share of the hidden signal marked, calibration episodes per policy, miss rate. */
  goal: { topShare: number; calibrationEpisodes: number; missRate: number };
  /** The corrector: ε of its controller, steps it takes over before the drop. */
  corrector: { noise: number; lead: number };
}

export const SYNTHETIC_TEACHER_DEFAULTS: SyntheticTeacherDefaults = {
  demonstrator: { noise: 0.1 },
  goal: { topShare: 0.2, calibrationEpisodes: 4, missRate: 0 },
  corrector: { noise: 0.1, lead: 6 },
};

/** Scripted controllers by env id (discrete actions): the demonstrator's and the corrector's policy. */
export const DEFAULT_CONTROLLERS: { match: RegExp; name: string; controller: Controller }[] = [
  // obs [x, ẋ, θ, θ̇]: push towards where the pole falls
  { match: /CartPole/, name: 'cartpole-lean', controller: (o) => (o[2] + 0.5 * o[3] > 0 ? 1 : 0) },
  // obs [position, velocity]: accelerate along the velocity (pumping energy)
  { match: /^(FixedHorizon)?MountainCar-v0$/, name: 'mountain-car-pump', controller: (o) => (o[1] >= 0 ? 2 : 0) },
  { match: /Acrobot/, name: 'acrobot-energy', controller: DEMONSTRATORS['acrobot-energy'].controller },
];

/** The scripted controller of `envId`; a ConfigError naming `kind` (the ask) when it has none. */
export function controllerFor(envId: string, kind: string): Controller {
  const c = DEFAULT_CONTROLLERS.find((x) => x.match.test(envId));
  if (!c) throw new ConfigError('ask', kind, `asks a synthetic ${kind === 'demo' ? 'demonstrator' : 'corrector'} on ${envId}, but there is no scripted controller for it (there are for ${DEFAULT_CONTROLLERS.map((x) => x.name).join(', ')}); give roles.rater, or use --feedback human`);
  return c.controller;
}

/**
 * The goal marker's threshold: the value at the top `share` of `signal` (sorted high to low),
 * never the lowest value met; a ConfigError when the signal is constant.
 */
export function topShareThreshold(signal: readonly number[], share: number): number {
  const sorted = [...signal].sort((a, b) => b - a);
  const min = sorted.at(-1)!;
  if (sorted.length === 0 || sorted[0] === min) throw new ConfigError('goal marker', sorted[0] ?? 'no steps', 'cannot mark a top share: the hidden signal is the same at every calibration step');
  const at = sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
  return at > min ? at : sorted.filter((x) => x > min).at(-1)!;
}

const rewardFree = (envId: string) => hideReward(make(envId)) as RewardFreeEnv<Float32Array, Action>;

/** The hidden signal of every step of calibration play on `envId` (the ε-noisy controller where there is one, and random play). */
function calibrationSignal(envId: string, seed: number, metric: 'reward' | 'performance', d: SyntheticTeacherDefaults): number[] {
  const env = rewardFree(envId);
  const episodes = d.goal.calibrationEpisodes;
  const base = streamSeed(seed, 'goal-marker/calibration');
  const c = DEFAULT_CONTROLLERS.find((x) => x.match.test(envId));
  const ts: Trajectory[] = [
    ...(c ? recordNoisyDemonstrations(env, c.controller, { noise: d.demonstrator.noise, episodes, seed: base, envId }) : []),
    ...rolloutTrajectories(env, { episodes, seed: base + episodes, envId }),
  ];
  env.close();
  return ts.flatMap((t) => t.evaluation.map((e) => (metric === 'reward' ? unseal(e).reward : unseal(e).performance)));
}

/**
 * The synthetic teacher of the non-preference kinds `config.ask` lists; null when it lists none.
 * `metric` is what the run's preference teacher judges by ('reward' by default).
 */
export function syntheticRater(config: RewardModelingConfig, metric: 'reward' | 'performance' = 'reward', d: SyntheticTeacherDefaults = SYNTHETIC_TEACHER_DEFAULTS): KindedFeedbackSource | null {
  const ask = config.ask ?? [];
  const parts: SyntheticKindsParts = {};
  if (ask.includes('rating') && config.rating) {
    const L = config.fragmentLength;
    const { low, high, noise } = config.rating;
    parts.rating = new SyntheticRater({ low: low * L, high: high * L, noise, metric }, streamSeed(config.seed, 'rater'));
  }
  if (ask.includes('demo')) parts.demonstration = { env: rewardFree(config.envId), envId: config.envId, controller: controllerFor(config.envId, 'demo'), noise: d.demonstrator.noise };
  if (ask.includes('goal')) {
    const threshold = topShareThreshold(calibrationSignal(config.envId, config.seed, metric, d), d.goal.topShare);
    parts.goal = new GoalMarker({ threshold, metric, missRate: d.goal.missRate }, streamSeed(config.seed, 'goal-marker'));
  }
  if (ask.includes('correction')) parts.intervention = new SyntheticCorrector(rewardFree(config.envId), controllerFor(config.envId, 'correction'), { noise: d.corrector.noise, lead: d.corrector.lead }, streamSeed(config.seed, 'corrector'));
  return Object.keys(parts).length ? new SyntheticKindsTeacher(parts) : null;
}
