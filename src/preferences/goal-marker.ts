/**
 * A synthetic goal marker: looks at a trajectory's states and marks those that are "what done
 * looks like" by the hidden signal — a step whose hidden reward (or performance) is at least
 * `threshold` — optionally missing each goal state with probability `missRate` (people do not mark
 * every frame). Evaluation code (it unseals). Step t's state is the observation the step started
 * from, so marked indices address transitions t of the trajectory.
 */
import { checkNumber, ConfigError } from '../core/errors.js';
import { unseal } from '../core/sealed.js';
import { streamRng } from '../core/seed-streams.js';
import type { Trajectory } from '../core/types.js';

export interface GoalMarkerOptions {
  /** A step counts as a goal state when its hidden signal is ≥ this. Required. */
  threshold: number;
  /** Judge by the hidden reward or the hidden performance. Default 'reward'. */
  metric: 'reward' | 'performance';
  /** Probability of leaving a goal state unmarked. Default 0. */
  missRate: number;
}

export interface GoalMarks {
  /** Step indices marked as goal states. */
  goal: number[];
  /** The other visited steps (negatives for the success detector). */
  other: number[];
}

export class GoalMarker {
  readonly options: GoalMarkerOptions;
  constructor(
    options: Partial<GoalMarkerOptions> & { threshold: number },
    readonly seed: number,
  ) {
    const o = { metric: 'reward' as const, missRate: 0, ...options };
    checkNumber('goal marker threshold', o.threshold, {});
    checkNumber('goal marker missRate', o.missRate, { min: 0, max: 1 });
    if (o.metric !== 'reward' && o.metric !== 'performance') throw new ConfigError('goal marker metric', o.metric, "must be 'reward' or 'performance'");
    this.options = o;
  }

  mark(t: Trajectory): GoalMarks {
    const rng = streamRng(this.seed, `goal-marker/${t.envId}/${t.seed}/${t.episode}`);
    const out: GoalMarks = { goal: [], other: [] };
    t.evaluation.forEach((e, i) => {
      const s = unseal(e);
      const hit = (this.options.metric === 'reward' ? s.reward : s.performance) >= this.options.threshold;
      const missed = rng.next() < this.options.missRate; // drawn every step
      (hit && !missed ? out.goal : out.other).push(i);
    });
    return out;
  }
}
