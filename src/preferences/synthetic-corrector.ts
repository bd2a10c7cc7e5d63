/**
 * A synthetic corrector: watches the agent's clip, takes over where the agent's hidden reward
 * drops, and plays the rest of the clip by a demonstrator (a scripted controller with ε-noise, as
 * the noisy demonstrator plays). Evaluation code (it unseals the hidden reward of the replay).
 *
 * Reaching the clip's state: reset the reward-free env with the query's seed and replay the agent's
 * prefix (no env state is saved; the env is deterministic given the seed). Replaying the clip's
 * actions from there gives the hidden reward r_0 … r_{L−1} of its steps; the take-over step is
 *
 *   t = max(0, k − lead)   for the first step k ≥ 1 with r_k < r_{k−1} (the reward drops), else 0
 *
 * clamped to L − minCorrected (at least that many steps are the corrector's). From the state at t
 * (a second replay) it plays the controller — with probability `noise` a uniformly random action
 * instead, stream `corrector/<query id>` — until the clip's length or the episode's end.
 */
import type { RewardFreeEnv } from '../core/env.js';
import { ConfigError, checkNumber } from '../core/errors.js';
import { unseal } from '../core/sealed.js';
import { streamRng } from '../core/seed-streams.js';
import type { Action } from '../core/types.js';
import type { Controller } from './noisy-demonstrator.js';

export interface SyntheticCorrectorOptions {
  /** Probability of a random action per corrected step (the corrector's quality: 0 = the controller). Default 0. */
  noise: number;
  /** Take over this many steps before the drop (seeing it coming). Default 6. */
  lead: number;
}

export const SYNTHETIC_CORRECTOR_DEFAULTS: SyntheticCorrectorOptions = { noise: 0, lead: 6 };

export interface CorrectionTask {
  id: string;
  /** The clip's actions (the agent's). */
  actions: readonly Action[];
  /** The reset seed and the agent's actions before the clip. */
  replay: { seed: number; prefix: readonly Action[]; minCorrected: number };
}

export interface SyntheticCorrection {
  takeover: number;
  /** The corrected segment from the clip's first state. */
  observations: Float32Array[];
  actions: Action[];
  /** The hidden rewards of the corrected steps and of the clip's (for tests and diagnostics). */
  rewards: { corrected: number[]; original: number[] };
}

export class SyntheticCorrector {
  readonly options: SyntheticCorrectorOptions;

  constructor(
    private readonly env: RewardFreeEnv<Float32Array, Action>,
    private readonly controller: Controller,
    options: Partial<SyntheticCorrectorOptions>,
    readonly seed: number,
  ) {
    const o = { ...SYNTHETIC_CORRECTOR_DEFAULTS, ...options };
    checkNumber('corrector noise', o.noise, { min: 0, max: 1 });
    checkNumber('corrector lead', o.lead, { min: 0, integer: true });
    this.options = o;
  }

  /** Resets to the clip's first state; returns its observation. */
  private replayPrefix(task: CorrectionTask): Float32Array {
    let obs = this.env.reset({ seed: task.replay.seed }).observation;
    for (const [i, a] of task.replay.prefix.entries()) {
      const r = this.env.step(a);
      obs = r.observation;
      if (r.terminated && i < task.replay.prefix.length - 1) throw new ConfigError(`correction ${task.id} prefix`, task.replay.prefix.length, `ends the episode after ${i + 1} steps; the replay cannot reach the clip`);
    }
    return obs;
  }

  /** The take-over step for hidden rewards `r` of the clip (see the header). */
  takeoverFor(r: readonly number[], minCorrected: number): number {
    let k = 1;
    while (k < r.length && !(r[k] < r[k - 1])) k++;
    const t = k < r.length ? Math.max(0, k - this.options.lead) : 0;
    return Math.min(t, r.length - minCorrected);
  }

  correct(task: CorrectionTask): SyntheticCorrection {
    const L = task.actions.length;
    if (task.replay.minCorrected < 1 || task.replay.minCorrected > L) throw new ConfigError(`correction ${task.id} minCorrected`, task.replay.minCorrected, `must be in 1…${L}`);
    // 1. the agent's clip as it was: its hidden rewards
    this.replayPrefix(task);
    const original: number[] = [];
    for (const a of task.actions) {
      const r = this.env.step(a);
      original.push(unseal(r.evaluation).reward);
      if (r.terminated) break;
    }
    const t = this.takeoverFor(original, task.replay.minCorrected);
    // 2. from the clip's first state: the clip's first t actions, then the controller's
    const observations = [this.replayPrefix(task)];
    const actions: Action[] = [];
    const corrected: number[] = [];
    const rng = streamRng(this.seed, `corrector/${task.id}`);
    for (let k = 0; k < L; k++) {
      let a: Action;
      if (k < t) a = task.actions[k];
      else {
        const explore = rng.next() < this.options.noise; // drawn every corrected step
        const random = this.env.actionSpace.sample(rng);
        a = explore ? random : this.controller(observations[k]);
      }
      const r = this.env.step(a);
      actions.push(a);
      observations.push(r.observation);
      corrected.push(unseal(r.evaluation).reward);
      if (r.terminated) break;
    }
    return { takeover: t, observations, actions, rewards: { corrected, original } };
  }
}
