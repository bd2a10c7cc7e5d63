/**
 * Demonstrations being played, one per labeler: the run's env (reward-free, made for this
 * demonstration and reset from the query's seed) stepped by the person's keys through the
 * server, with every observation, action and frame kept until the demonstration is finished
 * (stored as one record) or abandoned (a new start replaces it). In memory only: a restart loses
 * a demonstration in progress (the query is still claimable and is played again).
 */
import type { RewardFreeEnv } from '../core/env.js';
import type { Scene } from '../core/scene.js';
import type { DemoRequestPayload, DemonstrationAnswer } from '../feedback/demonstration-answer.js';
import type { DemoKeyInfo, DemoStateResponse } from './protocol.js';

/** The env a demonstration is played on: reward-free (the person never sees the reward), discrete actions. */
export type DemoEnv = RewardFreeEnv<ArrayLike<number>, number>;

/** Demonstrations in progress kept at most (the oldest is dropped first). */
const MAX_PLAYS = 1000;

export class DemoPlay {
  readonly observations: number[][] = [];
  readonly actions: number[] = [];
  readonly frames: Scene[] = [];
  private terminated = false;
  private truncated = false;

  constructor(
    readonly queryId: string,
    readonly payload: DemoRequestPayload,
    private readonly env: DemoEnv,
  ) {
    const { observation } = env.reset({ seed: payload.seed });
    this.observations.push(Array.from(observation));
    this.frames.push(env.render());
  }

  get steps(): number {
    return this.actions.length;
  }

  /** The episode ended or reached its step limit. */
  get done(): boolean {
    return this.terminated || this.truncated || this.steps >= this.payload.maxSteps;
  }

  step(action: number): void {
    const r = this.env.step(action);
    this.actions.push(action);
    this.observations.push(Array.from(r.observation));
    this.frames.push(this.env.render());
    this.terminated = r.terminated;
    this.truncated = r.truncated || (!r.terminated && this.steps >= this.payload.maxSteps);
  }

  state(): DemoStateResponse {
    const p = this.payload;
    return { queryId: this.queryId, step: this.steps, maxSteps: p.maxSteps, minSteps: p.minSteps, done: this.done, frame: this.frames.at(-1), observation: this.observations.at(-1)! };
  }

  /** The record's answer: the episode as played, reward-free. */
  answer(): DemonstrationAnswer {
    return {
      kind: 'rewardlab-demonstration', version: 1,
      episodes: [{ envId: this.payload.envId, seed: this.payload.seed, observations: this.observations, actions: this.actions, frames: this.frames, terminated: this.terminated, truncated: this.truncated }],
    };
  }

  close(): void {
    this.env.close();
  }
}

export class DemoSessions {
  private readonly plays = new Map<string, DemoPlay>();

  constructor(private readonly makeEnv: () => DemoEnv) {}

  /** A fresh episode of `queryId` for `labeler` (replacing the one they were playing). */
  start(labeler: string, queryId: string, payload: DemoRequestPayload): DemoPlay {
    this.end(labeler);
    if (this.plays.size >= MAX_PLAYS) this.end(this.plays.keys().next().value!);
    const play = new DemoPlay(queryId, payload, this.makeEnv());
    this.plays.set(labeler, play);
    return play;
  }

  /** The demonstration `labeler` is playing for `queryId`, if any. */
  get(labeler: string, queryId: string): DemoPlay | null {
    const p = this.plays.get(labeler);
    return p && p.queryId === queryId ? p : null;
  }

  end(labeler: string): void {
    this.plays.get(labeler)?.close();
    this.plays.delete(labeler);
  }
}

/** Null when `action` is one of the legend's; else why not, naming the action. */
export function badAction(action: unknown, keys: readonly DemoKeyInfo[], envId: string): string | null {
  if (typeof action === 'number' && keys.some((k) => k.action === action)) return null;
  const legend = keys.map((k) => `${k.action} (${k.key}: ${k.label})`).join(', ');
  return `action = ${JSON.stringify(action) ?? String(action)} is not an action of ${envId}'s demonstration keys; use one of ${legend}`;
}
