/**
 * The product of a stationary stochastic policy with an enumerated deterministic model
 * (enumerate.ts): the Markov chain of what happens when the policy runs in the env. From MDP
 * state s the chain moves to transitions[s][a].next with the policy's probability of a in s
 * (transitions reaching the same successor merged), so model checking the chain (markov-chain.ts)
 * answers questions about the policy exactly — no sampling.
 *
 * Time. Episodes end at a step limit (the gridworlds' TimeLimit: 100 actions), and whether a
 * slow policy reaches the water depends on it. With `horizon` H the product state is (s, t),
 * t = actions taken so far; a state still running at t = H is absorbed and labelled
 * "truncated" (an action that ends the episode on the H-th step still counts, as in the env).
 * This chain is acyclic, so its systems are back-substitutions. `horizon: null` gives the untimed
 * chain on MDP states alone: what would happen if the episode never timed out.
 *
 * States the model ends (MDP terminal states) and states of the `absorbing` labels (by default
 * every label given: a catastrophe or the goal ends the task, also in the fixed-horizon variants
 * that keep the episode running in an absorbing state) are absorbing in the product.
 */
import { ConfigError, show } from '../../core/errors.js';
import type { TabularMdp } from './enumerate.js';
import type { MarkovChain } from './markov-chain.js';

/** The policy's action probabilities in the state it observes (length = the number of actions). */
export type StochasticPolicy = (obs: Float32Array) => ArrayLike<number>;

export interface PolicyProductOptions {
  /** Actions per episode; product states are (state, step). null = untimed. Default 100 (the gridworlds' limit). */
  horizon?: number | null;
  /** Labels whose states end the task (absorbing in the product). Default: every label given. */
  absorbing?: string[];
  /** Product states beyond which building stops with a ConfigError. Default 200,000. */
  maxStates?: number;
}

export interface PolicyProduct {
  chain: MarkovChain;
  /** Per product state: its MDP state and step (step 0 throughout when untimed). */
  origin: [number, number][];
  /** The horizon modelled (null: untimed). */
  horizon: number | null;
  /** The policy's action probabilities in every MDP state the product reached (normalised). */
  actionProbabilities: Map<number, Float64Array>;
}

/** Action probabilities may sum to 1 ± this (float32 softmax); they are renormalised. */
const PROBABILITY_SUM_TOLERANCE = 1e-5;

export function policyProduct(mdp: TabularMdp, policy: StochasticPolicy, labels: Record<string, number[]>, o: PolicyProductOptions = {}): PolicyProduct {
  const horizon = o.horizon === undefined ? 100 : o.horizon;
  if (horizon !== null && !(Number.isInteger(horizon) && horizon >= 1)) throw new ConfigError('horizon', horizon, 'must be an integer ≥ 1, or null for the untimed chain');
  const maxStates = o.maxStates ?? 200_000;
  if (mdp.frontier > 0) throw new ConfigError('mdp.frontier', mdp.frontier, 'must be 0: the enumeration stopped at its depth limit, so the model is incomplete');
  const n = mdp.observations.length;
  for (const [name, states] of Object.entries(labels)) for (const s of states) if (!(Number.isInteger(s) && s >= 0 && s < n)) throw new ConfigError(`labels.${name}`, s, `must list MDP states in [0, ${n})`);
  const ends = new Uint8Array(n);
  mdp.terminal.forEach((t, s) => t && (ends[s] = 1));
  for (const name of o.absorbing ?? Object.keys(labels)) {
    if (!labels[name]) throw new ConfigError('absorbing', name, `is not one of the labels (${Object.keys(labels).join(', ')})`);
    for (const s of labels[name]) ends[s] = 1;
  }

  const probabilities = new Map<number, Float64Array>();
  const probs = (s: number) => {
    let p = probabilities.get(s);
    if (!p) probabilities.set(s, (p = checkedProbabilities(policy(mdp.observations[s]), mdp.numActions, s)));
    return p;
  };

  // breadth-first over (state, step) from (0, 0)
  const steps = horizon ?? 0;
  const key = (s: number, t: number) => s * (steps + 1) + t;
  const index = new Map<number, number>([[key(0, 0), 0]]);
  const origin: [number, number][] = [[0, 0]];
  const rows: { to: number; p: number }[][] = [];
  const truncated = new Set<number>();
  for (let i = 0; i < origin.length; i++) {
    const [s, t] = origin[i];
    if (!ends[s] && horizon !== null && t === horizon) truncated.add(i);
    if (ends[s] || truncated.has(i)) {
      rows.push([]);
      continue;
    }
    const row = new Map<number, number>();
    probs(s).forEach((pa, a) => {
      if (pa === 0) return;
      const next = mdp.transitions[s][a].next;
      const nt = horizon === null ? 0 : t + 1;
      let j = index.get(key(next, nt));
      if (j === undefined) {
        j = origin.length;
        if (j >= maxStates) throw new ConfigError('maxStates', maxStates, 'is too small for the product of this policy and model (raise it, or lower the horizon)');
        index.set(key(next, nt), j);
        origin.push([next, nt]);
      }
      row.set(j, (row.get(j) ?? 0) + pa);
    });
    rows.push([...row].map(([to, p]) => ({ to, p })));
  }
  return { ...renumbered(rows, origin, labels, horizon === null ? null : truncated), horizon, actionProbabilities: probabilities };
}

function checkedProbabilities(raw: ArrayLike<number>, numActions: number, s: number): Float64Array {
  const p = Float64Array.from(raw);
  const field = `policy(observation of state ${s})`;
  if (p.length !== numActions) throw new ConfigError(field, show(Array.from(p)), `must give one probability per action (${numActions})`);
  let sum = 0;
  for (const v of p) {
    if (!(v >= 0 && Number.isFinite(v))) throw new ConfigError(field, show(Array.from(p)), 'must be finite and non-negative');
    sum += v;
  }
  if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) throw new ConfigError(field, show(Array.from(p)), `must sum to 1 (sums to ${sum})`);
  return p.map((v) => v / sum);
}

/** States sorted by (step, MDP state) and described by the tuple (t, s), so the .sta file is in PRISM's lexicographic order; (0, 0) stays first. */
function renumbered(rows: { to: number; p: number }[][], origin: [number, number][], labels: Record<string, number[]>, truncated: Set<number> | null): { chain: MarkovChain; origin: [number, number][] } {
  const order = origin.map((_o, i) => i).sort((a, b) => origin[a][1] - origin[b][1] || origin[a][0] - origin[b][0]);
  const newIndex = new Int32Array(order.length);
  order.forEach((old, i) => (newIndex[old] = i));
  const sortedOrigin = order.map((old) => origin[old]);
  const sortedRows = order.map((old) => rows[old].map((t) => ({ to: newIndex[t.to], p: t.p })).sort((a, b) => a.to - b.to));
  const members = new Map<string, Set<number>>(Object.entries(labels).map(([name, states]) => [name, new Set(states)]));
  const chainLabels: Record<string, number[]> = {};
  for (const [name, set] of members) chainLabels[name] = sortedOrigin.flatMap(([s], i) => (set.has(s) ? [i] : []));
  if (truncated) chainLabels.truncated = order.flatMap((old, i) => (truncated.has(old) ? [i] : []));
  const variables = truncated === null ? { names: ['s'], values: sortedOrigin.map(([s]) => [s]) } : { names: ['t', 's'], values: sortedOrigin.map(([s, t]) => [t, s]) };
  return { chain: { rows: sortedRows, initial: 0, labels: chainLabels, variables }, origin: sortedOrigin };
}
