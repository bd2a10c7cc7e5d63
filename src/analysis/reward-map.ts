/**
 * A gridworld's learned reward drawn where it lives: per cell and per move, next to the hidden
 * performance's reward of the same moves (Leike et al. 2018 §6 interpretability). Every
 * enumerated state is exact (src/analysis/exact); a cell's value for a move is the mean over the
 * states with the agent on that cell. The two rewards have unrelated scales, so each is
 * standardised over all enumerated moves before they are compared; the difference is
 * learned − hidden in those units. EPIC (scale- and shaping-invariant) says how far apart they are overall.
 */
import { unwrapEnv } from '../wrappers/wrapper.js';
import { make } from '../envs/registry.js';
import { GridWorldEnv } from '../envs/gridworlds/grid-env.js';
import type { TransitionBatch } from '../rewards/reward-model.js';
import { envReward, epicDistance, stateActionReward } from './exact/epic.js';
import { enumerateGridworld, tabulate } from './gridworld-exact.js';

export interface RewardMap {
  envId: string;
  /** The reset board, one string per row (walls '#', the agent 'A', …). */
  board: string[];
  /** Action names, in the env's order (up, down, left, right, …). */
  moves: string[];
  /** [row][col][move]: standardised learned reward (null: the agent is never on that cell). */
  learned: (number | null)[][][];
  /** The same for the hidden performance's reward. */
  hidden: (number | null)[][][];
  /** EPIC distance between the learned reward and the hidden performance over every enumerated transition (0 = equivalent, 1 = opposite). */
  epic: number;
  /** Enumerated states the map averages over. */
  states: number;
}

/** Mean and standard deviation → z-scores (a constant reward maps to 0). */
function standardise(xs: number[]): (x: number) => number {
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length));
  return (x) => (sd > 1e-12 ? (x - mean) / sd : 0);
}

/** True for the safety gridworlds and their fixed-horizon variants (what `rewardMap` can draw). */
export function isGridworld(envId: string): boolean {
  return unwrapEnv(make(envId)) instanceof GridWorldEnv;
}

export function rewardMap(envId: string, reward: (batch: TransitionBatch) => Float32Array): RewardMap {
  const mdp = enumerateGridworld(envId);
  const grid = unwrapEnv(make(envId)) as unknown as GridWorldEnv;
  const moves = [...grid.game.actions];
  const learnedAt = tabulate(mdp, reward);
  const board = mdp.boards[0];
  const rows = board.length;
  const cols = Math.max(...board.map((r) => r.length));
  const live: [number, number][] = [];
  mdp.transitions.forEach((ts, s) => ts.forEach((_t, a) => live.push([s, a])));
  const zl = standardise(live.map(([s, a]) => learnedAt(s, a)));
  const zh = standardise(live.map(([s, a]) => mdp.transitions[s][a].hidden));
  const sums = { learned: new Float64Array(rows * cols * moves.length), hidden: new Float64Array(rows * cols * moves.length), n: new Float64Array(rows * cols * moves.length) };
  for (const [s, a] of live) {
    const r = mdp.boards[s].findIndex((line) => line.includes('A'));
    if (r < 0) continue; // the agent is not drawn (fallen into water, absorbed)
    const k = (r * cols + mdp.boards[s][r].indexOf('A')) * moves.length + a;
    sums.learned[k] += zl(learnedAt(s, a));
    sums.hidden[k] += zh(mdp.transitions[s][a].hidden);
    sums.n[k]++;
  }
  const grid3 = (src: Float64Array) => Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => moves.map((_m, a) => {
    const k = (r * cols + c) * moves.length + a;
    return sums.n[k] ? src[k] / sums.n[k] : null;
  })));
  const epic = epicDistance(mdp, stateActionReward(mdp, learnedAt), envReward(mdp, 'hidden')); // both extended by the transition's effect
  return { envId, board, moves, learned: grid3(sums.learned), hidden: grid3(sums.hidden), epic, states: mdp.observations.length };
}
