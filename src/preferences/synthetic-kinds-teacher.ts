/**
 * The synthetic teachers of every kind behind the one `KindedFeedbackSource` contract: the B-Pref
 * preference teacher, the noisy rater, the goal marker and a noisy demonstrator (a scripted
 * controller with ε-noise on the reward-free env) and the corrector (takes over where the hidden
 * reward drops and plays the demonstrator; it reaches the clip's state by replaying the query's
 * reset seed and prefix, src/preferences/synthetic-corrector.ts). Each part is optional; the
 * source answers the kinds whose part it has. Answers depend on (seed, query) only, as the
 * preference teacher's do.
 */
import type { RewardFreeEnv } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import type { Action } from '../core/types.js';
import type { FeedbackQuery, KindedAnswer, KindedFeedbackSource, TrainableKind } from './kinded-feedback-source.js';
import type { GoalMarker } from './goal-marker.js';
import { recordNoisyDemonstrations, type Controller } from './noisy-demonstrator.js';
import type { SyntheticRater } from './noisy-rater.js';
import type { SyntheticCorrector } from './synthetic-corrector.js';
import type { SyntheticTeacher } from './synthetic-teacher.js';

export interface SyntheticKindsParts {
  preference?: SyntheticTeacher;
  rating?: SyntheticRater;
  goal?: GoalMarker;
  demonstration?: { env: RewardFreeEnv<Float32Array, Action>; envId: string; controller: Controller; /** ε, the demonstrator's quality. Default 0. */ noise?: number };
  intervention?: SyntheticCorrector;
}

export class SyntheticKindsTeacher implements KindedFeedbackSource {
  readonly name: string;
  readonly kinds: readonly TrainableKind[];

  constructor(private readonly parts: SyntheticKindsParts) {
    this.kinds = (['preference', 'rating', 'goal', 'demonstration', 'intervention'] as const).filter((k) => parts[k] !== undefined);
    if (this.kinds.length === 0) throw new ConfigError('synthetic teacher parts', Object.keys(parts).join(',') || 'none', 'need at least one of preference, rating, goal, demonstration, intervention');
    this.name = `synthetic-kinds(${this.kinds.join(',')})`;
  }

  ask(q: FeedbackQuery): Promise<KindedAnswer> {
    try {
      return Promise.resolve(this.answer(q));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private answer(q: FeedbackQuery): KindedAnswer {
    const base = { queryId: q.id, labeler: 'synthetic' };
    const p = this.parts;
    if (q.kind === 'preference' && p.preference) return { ...base, kind: 'preference', answer: p.preference.decide(q.pair) };
    if (q.kind === 'rating' && p.rating) return { ...base, kind: 'rating', rating: p.rating.rate(q.clip) };
    if (q.kind === 'goal' && p.goal) return { ...base, kind: 'goal', goalSteps: p.goal.mark(q.trajectory).goal };
    if (q.kind === 'demonstration' && p.demonstration) {
      const d = p.demonstration;
      const trajectories = recordNoisyDemonstrations(d.env, d.controller, { noise: d.noise ?? 0, episodes: q.episodes, seed: q.seed, envId: d.envId });
      return { ...base, kind: 'demonstration', trajectories, noise: trajectories.map(() => d.noise ?? 0) };
    }
    if (q.kind === 'intervention' && p.intervention) {
      if (!q.replay) throw new ConfigError(`correction query ${q.id} replay`, 'none', 'is needed: the synthetic corrector reaches the clip by replaying its reset seed and prefix');
      const c = p.intervention.correct({ id: q.id, actions: q.clip.actions, replay: q.replay });
      return { ...base, kind: 'intervention', takeover: c.takeover, corrected: { observations: c.observations, actions: c.actions } };
    }
    throw new ConfigError('feedback query kind', q.kind, `is not answered by ${this.name}; it answers ${this.kinds.join(', ')}`);
  }
}
