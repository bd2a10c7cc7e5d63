/**
 * Demonstrations as an extra trajectory source (issue 4, role 1): episodes played by a scripted,
 * seeded controller on the REWARD-FREE env, put into the loop's fragment pool next to the random
 * and agent segments. The learner never sees a reward; it only gets these segments in the
 * queries the (synthetic) user compares. They give the user something better to prefer when
 * the agent's own segments are all alike (Acrobot: random and early-agent segments never reach
 * the goal, so every answer would be 'equal' and the reward model would learn a constant).
 *
 * Demonstrators (by observation layout; the fixed-horizon "absorbed" flag is ignored):
 *  - 'acrobot-energy': energy pumping, torque +1 when the second joint turns forwards (θ̇2 > 0),
 *    −1 otherwise. Reaches the goal in 66–113 steps on seeds 0–19 of Acrobot-v1 (≈ 75 typical).
 *  - 'pendulum-swingup': energy-shaping swing-up (full torque along (E* − E)·θ̇, with
 *    E = θ̇²/2 + 15 cos θ and E* = 15 the upright energy), a PD balance (u = −10θ − 2θ̇) once
 *    cos θ > 0.85. Mean return −149 on seeds 0–19 of Pendulum-v1 (PPO on the true reward: −239).
 * `noise` replaces the controller's action by a uniformly random one with that probability, so
 * demonstrations vary (a person's demonstrations are not all the same either).
 */
import type { RewardFreeEnv } from '../core/env.js';
import { ConfigError, checkNumber } from '../core/errors.js';
import type { Action, Trajectory } from '../core/types.js';
import { rolloutTrajectories } from '../core/rollout.js';
import { streamRng } from '../core/seed-streams.js';

export interface DemonstrationsConfig {
  /** The scripted demonstrator. */
  policy: DemonstratorName;
  /** Demonstration episodes recorded before RL starts; they stay in the fragment pool for the whole run. */
  episodes: number;
  /** Probability of a uniformly random action instead of the demonstrator's. Default 0. */
  noise?: number;
}

type Controller = (obs: Float32Array) => Action;

interface Demonstrator {
  /** Env ids whose observation layout the controller reads. */
  envs: readonly string[];
  controller: Controller;
}

const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export const DEMONSTRATORS = {
  // obs [cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2(, absorbed)]; actions 0/1/2 = torque −1/0/+1
  'acrobot-energy': { envs: ['Acrobot-v1', 'FixedHorizonAcrobot-v1'], controller: (o) => (o[5] > 0 ? 2 : 0) },
  // obs [cos θ, sin θ, θ̇]; θ̈ = 15 sin θ + 3u, so E = θ̇²/2 + 15 cos θ and dE/dt = 3uθ̇
  'pendulum-swingup': {
    envs: ['Pendulum-v1'],
    controller: (o) => {
      const theta = Math.atan2(o[1], o[0]);
      const w = o[2];
      if (o[0] > 0.85) return Float32Array.of(clip(-(10 * theta + 2 * w), -2, 2));
      const energy = 0.5 * w * w + 15 * Math.cos(theta);
      return Float32Array.of((15 - energy) * w > 0 ? 2 : -2);
    },
  },
} satisfies Record<string, Demonstrator>;

export type DemonstratorName = keyof typeof DEMONSTRATORS;

/** Demonstration episodes are numbered from here, so their fragment ids never collide with other sources'. */
export const DEMO_FIRST_EPISODE = 3_000_000;

/** Validates a `demonstrations` config field (undefined and null mean none). */
export function checkDemonstrations(d: DemonstrationsConfig | null | undefined, envId: string): void {
  if (d === null || d === undefined) return;
  if (typeof d !== 'object') throw new ConfigError('demonstrations', d, "must be null or { policy, episodes, noise? }");
  const demonstrator = (DEMONSTRATORS as Record<string, Demonstrator>)[d.policy];
  if (!demonstrator) throw new ConfigError('demonstrations.policy', d.policy, `must be one of ${Object.keys(DEMONSTRATORS).map((k) => `'${k}'`).join(', ')}`);
  if (!demonstrator.envs.includes(envId)) throw new ConfigError('demonstrations.policy', d.policy, `plays ${demonstrator.envs.join(', ')}, not ${envId}`);
  checkNumber('demonstrations.episodes', d.episodes, { min: 1, integer: true });
  if (d.noise !== undefined) checkNumber('demonstrations.noise', d.noise, { min: 0, max: 1 });
}

export interface DemonstrationOptions {
  /** Seeds the episodes' resets and the noise. */
  seed: number;
  envId: string;
  recordFrames?: boolean;
}

/** Plays the demonstrator for `episodes` episodes on a reward-free env: deterministic in the seed. */
export function recordDemonstrations(env: RewardFreeEnv<Float32Array, Action>, d: DemonstrationsConfig, o: DemonstrationOptions): Trajectory[] {
  checkDemonstrations(d, o.envId);
  const controller: Controller = DEMONSTRATORS[d.policy].controller;
  const noise = d.noise ?? 0;
  const rng = streamRng(o.seed, 'noise');
  const policy = (obs: Float32Array): Action => {
    const explore = rng.next() < noise; // drawn every step, so the stream does not depend on the actions
    return explore ? env.actionSpace.sample(rng) : controller(obs);
  };
  return rolloutTrajectories(env, { episodes: d.episodes, seed: o.seed, envId: o.envId, policy, recordFrames: o.recordFrames, firstEpisode: DEMO_FIRST_EPISODE });
}
