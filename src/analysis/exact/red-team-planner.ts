/**
 * The red team of Leike et al. 2018 §5.8 on a gridworld, exact: plan over the known transition
 * model for the learned reward plus β·ensemble disagreement, r(s, a) = mean(s, a) + β·std(s, a),
 * with the current reward model (read afresh at every `propose`). The planner is soft value
 * iteration at a small temperature τ from the uniform policy (over-optimisation.ts), so repeated
 * proposals differ; each proposal is one episode sampled from that plan from the reset state,
 * cut to the `fragmentLength` window the red team scores highest. The fragments carry the
 * model's sealed evaluation signal (visible reward, hidden performance), as rollouts do, so a
 * synthetic teacher can judge them; they carry no frames (a person's page cannot show them yet).
 * Segment ids are content-based (`<env>/red-team/<start state>/<actions>`): the same segment
 * has the same id in every round and after a resume.
 */
import { checkNumber } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { seal } from '../../core/sealed.js';
import type { Fragment } from '../../core/types.js';
import type { TransitionBatch } from '../../rewards/reward-model.js';
import type { TabularMdp } from './enumerate.js';
import { softValueIteration, tableReward } from './over-optimisation.js';

/** What the red team reads of a reward model: batched mean and ensemble spread. */
export interface RedTeamModel {
  predict(batch: TransitionBatch): { mean: Float32Array; std: Float32Array };
}

/** The model's mean and spread on every feasible transition (s·A + a; 0 out of terminal states). */
export function transitionPredictions(mdp: TabularMdp, model: RedTeamModel): { mean: Float64Array; std: Float64Array } {
  const n = mdp.observations.length;
  const A = mdp.numActions;
  const D = mdp.observations[0].length;
  const live = [...Array(n).keys()].filter((s) => !mdp.terminal[s]);
  const rows = live.length * A;
  const batch: TransitionBatch = { obs: new Float32Array(rows * D), actions: new Float32Array(rows), nextObs: new Float32Array(rows * D), n: rows };
  live.forEach((s, i) => {
    for (let a = 0; a < A; a++) {
      const k = i * A + a;
      batch.obs.set(mdp.observations[s], k * D);
      batch.actions[k] = a;
      batch.nextObs.set(mdp.observations[mdp.transitions[s][a].next], k * D);
    }
  });
  const { mean, std } = model.predict(batch);
  const outMean = new Float64Array(n * A);
  const outStd = new Float64Array(n * A);
  live.forEach((s, i) => {
    for (let a = 0; a < A; a++) {
      outMean[s * A + a] = mean[i * A + a];
      outStd[s * A + a] = std[i * A + a];
    }
  });
  return { mean: outMean, std: outStd };
}

export interface ExactRedTeamOptions {
  envId: string;
  mdp: TabularMdp;
  /** The current reward model (read at every proposal). */
  model: RedTeamModel;
  /** Steps per segment (the loop's fragmentLength). */
  fragmentLength: number;
  /** Weight of the ensemble disagreement added to the learned reward. Default 1. */
  beta?: number;
  /** Temperature of the soft planner, in learned-reward units per step; small is nearly greedy. Default 0.1. */
  tau?: number;
  /** Episode length planned over. Default 100. */
  horizon?: number;
}

/** A SegmentProposer (src/preferences/red-team-selector.ts) that plans exactly on the gridworld's model. */
export function exactRedTeam(o: ExactRedTeamOptions): { propose(count: number, rng: Rng): Fragment[] } {
  const beta = checkNumber('beta', o.beta ?? 1, { min: 0 });
  const tau = checkNumber('tau', o.tau ?? 0.1, { min: 0, exclusiveMin: true });
  const horizon = checkNumber('horizon', o.horizon ?? 100, { min: 1, integer: true });
  const L = checkNumber('fragmentLength', o.fragmentLength, { min: 1, integer: true });
  const { mdp } = o;
  const A = mdp.numActions;
  return {
    propose(count, rng) {
      const { mean, std } = transitionPredictions(mdp, o.model);
      const score = Float64Array.from(mean, (m, k) => m + beta * std[k]);
      const plan = softValueIteration(mdp, tableReward(mdp, score), tau, { horizon });
      const out: Fragment[] = [];
      const seen = new Set<string>();
      for (let tries = 0; out.length < count && tries < 4 * count; tries++) {
        const states = [0];
        const actions: number[] = [];
        for (let t = 0; t < horizon && !mdp.terminal[states[t]]; t++) {
          const s = states[t];
          const pi = plan.policy(s, horizon - t);
          let u = rng.next();
          let a = pi.findIndex((p) => (u -= p) < 0);
          if (a < 0) a = A - 1;
          actions.push(a);
          states.push(mdp.transitions[s][a].next);
          if (mdp.transitions[s][a].terminated) break;
        }
        if (actions.length === 0) break;
        const len = Math.min(L, actions.length);
        let start = 0;
        let best = -Infinity;
        for (let s0 = 0; s0 + len <= actions.length; s0++) {
          let sum = 0;
          for (let t = s0; t < s0 + len; t++) sum += score[states[t] * A + actions[t]];
          if (sum > best) {
            best = sum;
            start = s0;
          }
        }
        const acts = actions.slice(start, start + len);
        const id = `${o.envId}/red-team/${states[start]}/${acts.join('.')}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({
          id, envId: o.envId, seed: 0, episode: -1, start, end: start + len,
          observations: states.slice(start, start + len + 1).map((s) => mdp.observations[s]),
          actions: acts,
          evaluation: acts.map((a, k) => {
            const t = mdp.transitions[states[start + k]][a];
            return seal({ reward: t.visible, performance: t.hidden });
          }),
        });
      }
      return out;
    },
  };
}
