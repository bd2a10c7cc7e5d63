/**
 * Queries about hypothetical states (Leike et al. 2018 §5.2; ReQueST, Reddy et al. 2020): the
 * user is asked about behaviour the agent has not shown, in states it may never have visited.
 * A simulator that can be reset to a chosen state (`reset({ options: { state } })`) plays short
 * clips from proposed start states; each clip is scored by an acquisition objective on the
 * reward model, and the best clips become preference queries:
 *
 * - `disagreement`: spread (std) across ensemble members of the clip's predicted return;
 * - `reward-high` / `reward-low`: the ensemble mean of the predicted return, highest / lowest
 *   (ReQueST's "reward-maximising" and "reward-minimising" trajectories: where the model
 *   believes the best and worst behaviour is, so a wrong belief is corrected before the agent acts on it);
 * - `novelty`: mean distance of the clip's observations to the nearest reference observation
 *   (what the agent visited and what was already asked about).
 *
 * Each query pairs the best remaining clip under its objective (objectives take turns) with a
 * partner drawn uniformly from the remaining candidates. The clips carry the simulator's sealed
 * evaluation channel, so a synthetic teacher answers them from the hidden reward like any other
 * query; the learner sees only observations. Clips played here are hypothetical: they happen in
 * the simulator, never in the env the agent acts in.
 */
import type { RewardFreeEnv } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { Action, Fragment, FragmentPair } from '../core/types.js';

export const HYPOTHETICAL_OBJECTIVES = ['disagreement', 'reward-high', 'reward-low', 'novelty'] as const;
export type HypotheticalObjective = (typeof HYPOTHETICAL_OBJECTIVES)[number];

/** Per-member predicted reward of each step of a clip: one array (length = steps) per member. */
export type ClipRewardPredictor = (observations: readonly Float32Array[], actions: readonly Action[]) => Float64Array[];

export interface HypotheticalQueryOptions {
  /** Objectives, taking turns query by query. Default ['disagreement']. */
  objectives: HypotheticalObjective[];
  /** Start states proposed (one clip each) per call of `propose`. Default 64. */
  candidates: number;
  /** Steps per clip. Default 10. */
  clipLength: number;
  /** Reference observations kept for novelty (a uniform subsample beyond this). Default 512. */
  maxReference: number;
}

export const HYPOTHETICAL_QUERY_DEFAULTS: HypotheticalQueryOptions = { objectives: ['disagreement'], candidates: 64, clipLength: 10, maxReference: 512 };

export interface HypotheticalQueryRoles {
  /** A reward-free simulator that accepts `reset({ options: { state } })`; used only for hypothetical clips. */
  simulator: RewardFreeEnv<Float32Array, Action>;
  /** Draws a start state to propose (the simulator's `state` reset option). */
  sampleState(rng: Rng): number[];
  /** The reward model's per-member step rewards (objectives `disagreement`, `reward-high`, `reward-low`). */
  predict?: ClipRewardPredictor;
  /** Builds the policy that plays one clip. Default: uniform random actions from the simulator's action space. */
  clipPolicy?(rng: Rng): (observation: Float32Array) => Action;
}

/** A proposed clip and its scores. */
export interface HypotheticalClip {
  fragment: Fragment;
  start: number[];
  scores: Record<HypotheticalObjective, number>;
}

export function checkHypotheticalQueryOptions(o: HypotheticalQueryOptions): HypotheticalQueryOptions {
  if (!Array.isArray(o.objectives) || o.objectives.length === 0) throw new ConfigError('hypothetical objectives', o.objectives, `must be a non-empty list of ${HYPOTHETICAL_OBJECTIVES.join(', ')}`);
  for (const name of o.objectives) if (!HYPOTHETICAL_OBJECTIVES.includes(name)) throw new ConfigError('hypothetical objective', name, `must be one of ${HYPOTHETICAL_OBJECTIVES.join(', ')}`);
  for (const key of ['candidates', 'clipLength', 'maxReference'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new ConfigError(`hypothetical ${key}`, o[key], 'must be a positive integer');
  }
  if (o.candidates < 2) throw new ConfigError('hypothetical candidates', o.candidates, 'must be at least 2 (a query needs two clips)');
  return o;
}

function sqDistance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return s;
}

export class HypotheticalQueryGenerator {
  readonly options: HypotheticalQueryOptions;
  private reference: Float32Array[] = [];
  private seen = 0;
  private clipsMade = 0;
  private turn = 0;

  constructor(
    private readonly roles: HypotheticalQueryRoles,
    options: Partial<HypotheticalQueryOptions> = {},
  ) {
    this.options = checkHypotheticalQueryOptions({ ...HYPOTHETICAL_QUERY_DEFAULTS, ...options });
    const needsModel = this.options.objectives.some((o) => o !== 'novelty');
    if (needsModel && !roles.predict) throw new ConfigError('hypothetical objectives', this.options.objectives.join(','), 'need the reward model\'s per-member predictions (no predict was given)');
  }

  /** Observations the agent visited (or queries already showed): what `novelty` measures against. Reservoir-sampled to `maxReference`. */
  addReference(observations: readonly Float32Array[], rng: Rng): void {
    for (const o of observations) {
      this.seen++;
      if (this.reference.length < this.options.maxReference) this.reference.push(o);
      else {
        const k = rng.int(this.seen);
        if (k < this.options.maxReference) this.reference[k] = o;
      }
    }
  }

  /** Play one clip from `start` in the simulator. */
  playClip(start: number[], rng: Rng): Fragment {
    const sim = this.roles.simulator;
    const policy = this.roles.clipPolicy ? this.roles.clipPolicy(rng) : () => sim.actionSpace.sample(rng) as Action;
    const first = sim.reset({ options: { state: start } });
    const observations = [first.observation];
    const actions: Action[] = [];
    const evaluation: Fragment['evaluation'] = [];
    for (let t = 0; t < this.options.clipLength; t++) {
      const action = policy(observations[observations.length - 1]);
      const r = sim.step(action);
      actions.push(action);
      observations.push(r.observation);
      evaluation.push(r.evaluation);
      if (r.terminated || r.truncated) break;
    }
    const envId = sim.spec?.id ?? 'simulator';
    const id = `${envId}/hypothetical/${this.clipsMade++}`;
    return { id, envId, seed: 0, episode: -1, start: 0, end: actions.length, observations, actions, evaluation };
  }

  /** Score a clip under every objective (those without a predictor score NaN). */
  score(fragment: Fragment): Record<HypotheticalObjective, number> {
    let mean = NaN;
    let spread = NaN;
    if (this.roles.predict) {
      const members = this.roles.predict(fragment.observations, fragment.actions);
      const returns = members.map((m) => m.reduce((s, v) => s + v, 0));
      mean = returns.reduce((s, v) => s + v, 0) / returns.length;
      spread = Math.sqrt(returns.reduce((s, v) => s + (v - mean) ** 2, 0) / returns.length);
    }
    let novelty = 0;
    if (this.reference.length > 0) {
      const obs = fragment.observations;
      for (const o of obs) {
        let best = Infinity;
        for (const r of this.reference) best = Math.min(best, sqDistance(o, r));
        novelty += Math.sqrt(best) / obs.length;
      }
    } else novelty = Infinity;
    return { disagreement: spread, 'reward-high': mean, 'reward-low': -mean, novelty };
  }

  /** Propose `candidates` clips from sampled start states, scored. */
  proposeClips(rng: Rng): HypotheticalClip[] {
    return Array.from({ length: this.options.candidates }, () => {
      const start = this.roles.sampleState(rng);
      const fragment = this.playClip(start, rng);
      return { fragment, start, scores: this.score(fragment) };
    });
  }

  /**
   * `count` queries about hypothetical clips: each pairs the top remaining clip under the
   * objective whose turn it is with a uniformly drawn partner. Needs `2·count ≤ candidates`.
   * Asked clips join the novelty reference.
   */
  propose(count: number, rng: Rng): FragmentPair[] {
    if (!Number.isInteger(count) || count < 0) throw new ConfigError('hypothetical query count', count, 'must be a non-negative integer');
    if (2 * count > this.options.candidates) throw new ConfigError('hypothetical query count', count, `needs 2·count ≤ candidates (${this.options.candidates})`);
    if (count === 0) return [];
    const pool = this.proposeClips(rng);
    const pairs: FragmentPair[] = [];
    for (let q = 0; q < count; q++) {
      const objective = this.options.objectives[this.turn++ % this.options.objectives.length];
      let best = 0;
      for (let i = 1; i < pool.length; i++) if (pool[i].scores[objective] > pool[best].scores[objective]) best = i;
      const [top] = pool.splice(best, 1);
      const [partner] = pool.splice(rng.int(pool.length), 1);
      const [left, right] = rng.bernoulli(0.5) ? [top, partner] : [partner, top];
      pairs.push({ id: `${left.fragment.id}|${right.fragment.id}`, left: left.fragment, right: right.fragment });
      this.addReference([...top.fragment.observations, ...partner.fragment.observations], rng);
    }
    return pairs;
  }
}
