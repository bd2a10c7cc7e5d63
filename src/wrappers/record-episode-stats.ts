/**
 * Records each episode's return and length into `info.episode` on the step that ends it
 * (like Gymnasium's RecordEpisodeStatistics). With a sealed evaluation channel present,
 * the true return is accumulated sealed as well (`info.episode.trueReturn` stays sealed).
 */
import type { Env, ResetOptions, ResetResult, StepResult } from '../core/env.js';
import { Wrapper } from './wrapper.js';

export interface EpisodeStats {
  /** Sum of the rewards the agent saw. */
  return: number;
  length: number;
}

export class RecordEpisodeStatistics<O, A> extends Wrapper<O, A> {
  private episodeReturn = 0;
  private episodeLength = 0;
  /** Completed episodes, most recent last (bounded by `historySize`). */
  readonly history: EpisodeStats[] = [];
  constructor(
    env: Env<O, A>,
    readonly historySize = 100,
  ) {
    super(env);
  }
  override reset(opts?: ResetOptions): ResetResult<O> {
    this.episodeReturn = 0;
    this.episodeLength = 0;
    return this.env.reset(opts);
  }
  override step(action: A): StepResult<O> {
    const r = this.env.step(action);
    this.episodeReturn += r.reward;
    this.episodeLength++;
    if (r.terminated || r.truncated) {
      const stats: EpisodeStats = { return: this.episodeReturn, length: this.episodeLength };
      r.info = { ...r.info, episode: stats };
      this.history.push(stats);
      if (this.history.length > this.historySize) this.history.shift();
    }
    return r;
  }
}
