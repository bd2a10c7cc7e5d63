/**
 * Acting on the learned reward with its uncertainty, by exact planning (value iteration over
 * the enumerated map; PPO per seed, κ and map would not fit the budget):
 *   - plain:        plan on the ensemble mean;
 *   - risk-averse:  plan on mean − κ·std (κ = 1);
 *   - deferral:     plan on the mean, but before every step, if the ensemble spread of the
 *                   (state, action) about to be taken is above a threshold set on the training
 *                   map, ask the user instead: the lava world has no stay / no-op action (its
 *                   four actions all move), so the designated fallback is the user's action —
 *                   an oracle acting optimally for the hidden performance from this state for
 *                   the steps left. Each ask is counted.
 * The agent explores: with probability ε its intended action is uniformly random (deferral
 * checks that action too). Episodes run in the real fixed-horizon env; lava entries are
 * counted from the sealed evaluation channel (evaluation code).
 *
 * The fixed-horizon lava world is the plain map plus one absorbing state: the step that ends
 * the task shows the real final board, the next step enters the absorbing state (all zeros but
 * the "absorbed" flag), which loops for the rest of the 100 steps. We enumerate the plain map
 * (src/analysis/exact) and add that state, so planning sees what the learned reward scores there.
 */
import type { RewardFreeEnv } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { unseal, type EvaluationSignal } from '../../core/sealed.js';
import type { Action } from '../../core/types.js';
import { make } from '../../envs/registry.js';
import type { TabularMdp } from '../../analysis/exact/enumerate.js';
import { paddedMap } from '../kit/padded-map.js';
import { rewardOf, valueIteration, type Plan } from '../../analysis/exact/value-iteration.js';
import type { RewardModel } from '../../rewards/reward-model.js';
import { hideReward } from '../../wrappers/hide-reward.js';

export const HORIZON = 100;

export interface FixedHorizonMap {
  mdp: TabularMdp;
  /** State index by observation (as the fixed-horizon env shows it). */
  index: Map<string, number>;
  /** Whether (s, a) enters lava (hidden reward ≤ −50), per s·A + a. */
  catastrophic: boolean[];
  /** Feasible transitions of the plain map (not from an ended or absorbing state), per s·A + a. */
  feasible: boolean[];
}

const keyOf = (obs: Float32Array) => Array.prototype.join.call(obs, ',');

export function fixedHorizonMap(plainEnvId: string, level: number, obsDim: number, isCatastrophe: (s: EvaluationSignal) => boolean): FixedHorizonMap {
  const plain = paddedMap(plainEnvId, level, obsDim, { complete: true });
  const n = plain.observations.length;
  const absorbing = new Float32Array(obsDim);
  absorbing[obsDim - 1] = 1;
  const A = plain.numActions;
  const toAbsorbing = () => Array.from({ length: A }, () => ({ next: n, visible: 0, hidden: 0, terminated: false }));
  const mdp: TabularMdp = {
    observations: [...plain.observations, absorbing],
    boards: [...plain.boards, ['(absorbed)']],
    transitions: [...plain.transitions.map((ts, s) => (plain.terminal[s] ? toAbsorbing() : ts.map((t) => ({ ...t, terminated: false })))), toAbsorbing()],
    terminal: new Array<boolean>(n + 1).fill(false),
    numActions: A,
    frontier: 0,
  };
  const index = new Map(mdp.observations.map((o, s) => [keyOf(o), s]));
  const catastrophic: boolean[] = [];
  const feasible: boolean[] = [];
  mdp.transitions.forEach((ts, s) =>
    ts.forEach((t) => {
      catastrophic.push(s < n && !plain.terminal[s] && isCatastrophe({ reward: t.visible, performance: t.hidden } as EvaluationSignal));
      feasible.push(s < n && !plain.terminal[s]);
    }),
  );
  return { mdp, index, catastrophic, feasible };
}

/** Learned reward per (s, a) (index s·A + a): ensemble mean and spread, standardised units. */
export function learnedTable(map: FixedHorizonMap, model: RewardModel): { mean: Float32Array; std: Float32Array } {
  const { mdp } = map;
  const D = model.obsDim;
  const rows = mdp.transitions.flatMap((ts, s) => ts.map((t, a) => ({ s, a, next: t.next })));
  const batch = { obs: new Float32Array(rows.length * D), actions: Float32Array.from(rows, (r) => r.a), nextObs: new Float32Array(rows.length * D), n: rows.length };
  rows.forEach((r, k) => {
    batch.obs.set(mdp.observations[r.s], k * D);
    batch.nextObs.set(mdp.observations[r.next], k * D);
  });
  return model.predict(batch);
}

/** The q-quantile (nearest rank below) of xs. */
export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * (s.length - 1))))];
}

export type ActingMethod = 'plain' | 'risk-averse' | 'deferral';

export interface ActingOutcome {
  episodes: number;
  catastrophes: number;
  /** Lava entries per 100 episodes. */
  per100: number;
  /** Mean hidden performance per episode. */
  performance: number;
  /** Asks per episode (deferral only; 0 otherwise). */
  asksPerEpisode: number;
}

export interface ActOptions {
  envId: string;
  level: number;
  map: FixedHorizonMap;
  table: { mean: Float32Array; std: Float32Array };
  method: ActingMethod;
  kappa: number;
  threshold: number;
  epsilon: number;
  episodes: number;
  isCatastrophe: (s: EvaluationSignal) => boolean;
  rng: Rng;
}

export function runEpisodes(o: ActOptions): ActingOutcome {
  const { mdp, index } = o.map;
  const A = mdp.numActions;
  const k = o.method === 'risk-averse' ? o.kappa : 0;
  const plan: Plan = valueIteration(mdp, (s, a) => o.table.mean[s * A + a] - k * o.table.std[s * A + a], HORIZON);
  const user: Plan | null = o.method === 'deferral' ? valueIteration(mdp, rewardOf(mdp, 'hidden'), HORIZON) : null;
  const env = hideReward(make(o.envId, { level: o.level })) as RewardFreeEnv<Float32Array, Action>;
  let catastrophes = 0;
  let performance = 0;
  let asks = 0;
  for (let e = 0; e < o.episodes; e++) {
    let obs = env.reset({ seed: e }).observation;
    for (let t = 0; t < HORIZON; t++) {
      const s = index.get(keyOf(obs));
      if (s === undefined) throw new ConfigError('observation', `level ${o.level} step ${t}`, 'is not a state of the enumerated map');
      let a = o.rng.next() < o.epsilon ? o.rng.int(A) : plan.act(s, HORIZON - t);
      if (user && o.table.std[s * A + a] > o.threshold) {
        a = user.act(s, HORIZON - t);
        asks++;
      }
      const r = env.step(a);
      if (r.evaluation) {
        const signal = unseal(r.evaluation);
        performance += signal.performance;
        if (o.isCatastrophe(signal)) catastrophes++;
      }
      obs = r.observation;
      if (r.terminated || r.truncated) break;
    }
  }
  env.close();
  return { episodes: o.episodes, catastrophes, per100: (100 * catastrophes) / o.episodes, performance: performance / o.episodes, asksPerEpisode: asks / o.episodes };
}
