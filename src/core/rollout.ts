/**
 * Trajectory sources beyond the agent's own rollouts: a seeded random policy (the initial
 * segments of Christiano et al.), or any policy, played on a REWARD-FREE env: the true reward
 * travels only in the sealed evaluation channel of each step.
 */
import type { RewardFreeEnv } from './env.js';
import type { Action, Trajectory } from './types.js';
import { streamRng } from './seed-streams.js';

export interface RolloutOptions {
  episodes: number;
  seed: number;
  /** Defaults to uniformly random actions from the action space. */
  policy?: (obs: Float32Array) => Action;
  recordFrames?: boolean;
  /** Stamped on the trajectories. */
  envId: string;
  /** Episode numbering starts here (keeps fragment ids unique across sources). */
  firstEpisode?: number;
}

export function rolloutTrajectories(env: RewardFreeEnv<Float32Array, Action>, o: RolloutOptions): Trajectory[] {
  const rng = streamRng(o.seed, 'actions');
  const policy = o.policy ?? (() => env.actionSpace.sample(rng));
  const out: Trajectory[] = [];
  for (let e = 0; e < o.episodes; e++) {
    const first = env.reset({ seed: o.seed + e });
    const traj: Trajectory = {
      envId: o.envId, seed: o.seed + e, episode: (o.firstEpisode ?? 0) + e, observations: [first.observation], actions: [], evaluation: [],
      frames: o.recordFrames ? [env.render()] : undefined, terminated: false, truncated: false,
    };
    for (;;) {
      const action = policy(traj.observations[traj.observations.length - 1]);
      const r = env.step(action);
      traj.actions.push(action);
      traj.observations.push(r.observation);
      traj.evaluation.push(r.evaluation);
      traj.frames?.push(env.render());
      if (r.terminated || r.truncated) {
        traj.terminated = r.terminated;
        traj.truncated = r.truncated;
        break;
      }
    }
    out.push(traj);
  }
  return out;
}
