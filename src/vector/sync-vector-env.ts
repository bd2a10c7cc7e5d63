/**
 * N copies of an env stepped in lockstep in one thread.
 *
 * Autoreset mode is explicit (Gymnasium's AutoresetMode):
 * - 'same-step': when copy i ends, it is reset within the same step; the returned
 *   observation is the new episode's first one, and the last observation of the finished
 *   episode is in `finalObservations[i]` (bootstrap from it on truncation).
 * - 'next-step': the step that ends an episode returns its final observation; the NEXT
 *   call to step() resets that copy (ignoring its action) and returns the reset observation.
 */
import type { Env, Info } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import type { Scene } from '../core/scene.js';
import type { EvaluationSignal, Sealed } from '../core/sealed.js';
import type { VectorEnv } from './vector-env.js';

export type AutoresetMode = 'same-step' | 'next-step';

export interface VectorStepResult<O> {
  observations: O[];
  rewards: Float64Array;
  terminated: boolean[];
  truncated: boolean[];
  infos: Info[];
  /** Set for copies whose episode ended in this step ('same-step' mode). */
  finalObservations: (O | undefined)[];
  evaluations: (Sealed<EvaluationSignal> | undefined)[];
}

/** A step result for `n` copies, to be filled in: nothing ended, no final observations or evaluations. */
export function emptyStepResult<O>(n: number): VectorStepResult<O> {
  return {
    observations: new Array(n),
    rewards: new Float64Array(n),
    terminated: new Array(n).fill(false),
    truncated: new Array(n).fill(false),
    infos: new Array(n),
    finalObservations: new Array(n).fill(undefined),
    evaluations: new Array(n).fill(undefined),
  };
}

export interface SyncVectorEnvOptions {
  autoresetMode?: AutoresetMode;
}

export class SyncVectorEnv<O, A> implements VectorEnv<O, A> {
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  private readonly pendingReset: boolean[];

  constructor(
    readonly envs: Env<O, A>[],
    options: SyncVectorEnvOptions = {},
  ) {
    if (envs.length === 0) throw new ConfigError('envs', envs.length, 'needs at least one env');
    this.numEnvs = envs.length;
    this.autoresetMode = options.autoresetMode ?? 'same-step';
    if (this.autoresetMode !== 'same-step' && this.autoresetMode !== 'next-step') {
      throw new ConfigError('autoresetMode', this.autoresetMode, "must be 'same-step' or 'next-step'");
    }
    this.pendingReset = envs.map(() => false);
  }

  get observationSpace() {
    return this.envs[0].observationSpace;
  }
  get actionSpace() {
    return this.envs[0].actionSpace;
  }
  /** The first copy's registry id and episode limit (the copies are alike). */
  get spec() {
    return this.envs[0].spec;
  }
  /** Copy i's scene. */
  render(index: number): Scene {
    return this.envs[index].render();
  }

  /** Reset every copy; copy i gets seed `seed + i` when a seed is given. */
  reset(opts: { seed?: number; options?: Record<string, unknown> } = {}): { observations: O[]; infos: Info[] } {
    const observations: O[] = [];
    const infos: Info[] = [];
    this.envs.forEach((env, i) => {
      const r = env.reset({ seed: opts.seed === undefined ? undefined : opts.seed + i, options: opts.options });
      observations.push(r.observation);
      infos.push(r.info);
      this.pendingReset[i] = false;
    });
    return { observations, infos };
  }

  step(actions: readonly A[]): VectorStepResult<O> {
    if (actions.length !== this.numEnvs) throw new ConfigError('actions.length', actions.length, `must equal numEnvs = ${this.numEnvs}`);
    const n = this.numEnvs;
    const out = emptyStepResult<O>(n);
    for (let i = 0; i < n; i++) {
      const env = this.envs[i];
      if (this.pendingReset[i]) {
        const r = env.reset();
        this.pendingReset[i] = false;
        out.observations[i] = r.observation;
        out.infos[i] = r.info;
        continue;
      }
      const r = env.step(actions[i]);
      out.rewards[i] = r.reward;
      out.terminated[i] = r.terminated;
      out.truncated[i] = r.truncated;
      out.evaluations[i] = r.evaluation;
      if (r.terminated || r.truncated) {
        if (this.autoresetMode === 'same-step') {
          out.finalObservations[i] = r.observation;
          const reset = env.reset();
          out.observations[i] = reset.observation;
          out.infos[i] = { ...reset.info, final: r.info };
        } else {
          this.pendingReset[i] = true;
          out.observations[i] = r.observation;
          out.infos[i] = r.info;
        }
      } else {
        out.observations[i] = r.observation;
        out.infos[i] = r.info;
      }
    }
    return out;
  }

  close(): void {
    for (const env of this.envs) env.close();
  }
}
