/**
 * Corrections being played, one per labeler: the run's env (reward-free, made for this correction)
 * reset from the query's seed and stepped through the agent's prefix, then through the clip up to
 * the take-over step — every observation checked against the clip's, so the person starts from
 * exactly the state the clip showed — and from there by the person's keys until the clip's length
 * (or the episode's end). In memory only, as demonstrations are (demo-sessions.ts).
 */
import type { Scene } from '../core/scene.js';
import { lastTakeover, type CorrectionAnswer, type CorrectionRequestPayload } from '../feedback/correction-answer.js';
import type { DemoEnv } from './demo-sessions.js';
import type { CorrectionStateResponse } from './protocol.js';

/** The replay did not reach the clip's state (the env is not deterministic given its seed, or the query is not this env's). */
export class CorrectionReplayError extends Error {
  override name = 'CorrectionReplayError';
}

/** Corrections in progress kept at most (the oldest is dropped first). */
const MAX_PLAYS = 1000;

const same = (a: ArrayLike<number>, b: readonly number[]) => a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => x === b[i]);

export class CorrectionPlay {
  readonly observations: number[][] = [];
  readonly actions: number[] = [];
  readonly frames: Scene[] = [];
  private terminated = false;

  constructor(
    readonly queryId: string,
    readonly payload: CorrectionRequestPayload,
    readonly takeover: number,
    private readonly env: DemoEnv,
  ) {
    const last = lastTakeover(payload);
    if (!Number.isInteger(takeover) || takeover < 0 || takeover > last) throw new RangeError(`takeover = ${takeover} must be an integer in 0…${last} (the clip has ${payload.clip.actions.length} steps, at least ${payload.minCorrected} are yours)`);
    let o = env.reset({ seed: payload.seed }).observation;
    for (const [i, a] of payload.prefix.entries()) {
      const r = env.step(a);
      o = r.observation;
      if (r.terminated && i < payload.prefix.length - 1) throw new CorrectionReplayError(`query ${queryId}: the replayed prefix ends the episode after ${i + 1} of its ${payload.prefix.length} steps`);
    }
    this.push(o);
    for (let k = 0; k < takeover; k++) this.step(payload.clip.actions[k]);
    this.observations.forEach((x, k) => {
      if (!same(x, payload.clip.observations[k])) throw new CorrectionReplayError(`query ${queryId}: the replay did not reach the clip's state (observation ${k} differs); the env is not the one the clip came from`);
    });
  }

  private push(o: ArrayLike<number>): void {
    this.observations.push(Array.from(o));
    this.frames.push(this.env.render());
  }

  /** Steps of the corrected segment so far. */
  get steps(): number {
    return this.actions.length;
  }

  /** The clip's length is played, or the episode ended. */
  get done(): boolean {
    return this.terminated || this.steps >= this.payload.clip.actions.length;
  }

  step(action: number): void {
    const r = this.env.step(action);
    this.actions.push(action);
    this.push(r.observation);
    this.terminated = r.terminated;
  }

  state(): CorrectionStateResponse {
    return { queryId: this.queryId, takeover: this.takeover, step: this.steps, length: this.payload.clip.actions.length, done: this.done, frame: this.frames.at(-1), observation: this.observations.at(-1)! };
  }

  /** The record's answer: the corrected segment, reward-free. */
  answer(): CorrectionAnswer {
    return { kind: 'rewardlab-correction', version: 1, takeover: this.takeover, observations: this.observations, actions: this.actions, frames: this.frames, terminated: this.terminated };
  }

  close(): void {
    this.env.close();
  }
}

export class CorrectionSessions {
  private readonly plays = new Map<string, CorrectionPlay>();

  constructor(private readonly makeEnv: () => DemoEnv) {}

  /** A fresh correction of `queryId` for `labeler`, taking over at `takeover` (replacing the one they were playing). */
  start(labeler: string, queryId: string, payload: CorrectionRequestPayload, takeover: number): CorrectionPlay {
    this.end(labeler);
    if (this.plays.size >= MAX_PLAYS) this.end(this.plays.keys().next().value!);
    const env = this.makeEnv();
    try {
      const play = new CorrectionPlay(queryId, payload, takeover, env);
      this.plays.set(labeler, play);
      return play;
    } catch (e) {
      env.close();
      throw e;
    }
  }

  get(labeler: string, queryId: string): CorrectionPlay | null {
    const p = this.plays.get(labeler);
    return p && p.queryId === queryId ? p : null;
  }

  end(labeler: string): void {
    this.plays.get(labeler)?.close();
    this.plays.delete(labeler);
  }
}
