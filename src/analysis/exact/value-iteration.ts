/**
 * Exact planning on an enumerated gridworld: finite-horizon value iteration for any reward —
 * the visible one, the hidden performance, or a learned reward over (obs, action, next obs) —
 * the greedy policy it implies, and the value of any policy under any reward. From these the
 * reward-result gap (Leike et al. 2018 §4.5) is the learned reward's optimal value minus the
 * value the trained agent actually achieves under it.
 */
import type { TabularMdp } from './enumerate.js';

/** Reward of transition (s, a) → its successor. */
export type TabularReward = (s: number, a: number) => number;

export function rewardOf(mdp: TabularMdp, kind: 'visible' | 'hidden' | ((obs: Float32Array, action: number, next: Float32Array) => number)): TabularReward {
  if (kind === 'visible') return (s, a) => mdp.transitions[s][a].visible;
  if (kind === 'hidden') return (s, a) => mdp.transitions[s][a].hidden;
  return (s, a) => kind(mdp.observations[s], a, mdp.observations[mdp.transitions[s][a].next]);
}

export interface Plan {
  /** values[s]: best total reward over the full horizon starting in s. */
  values: Float64Array;
  /** Optimal first action per state for the full horizon. */
  policy: Int32Array;
  /** The optimal (non-stationary) action in state s with `remaining` steps to go. */
  act(s: number, remaining: number): number;
}

/** Undiscounted finite-horizon value iteration (the gridworlds' 100-step episodes; time is not part of the state). */
export function valueIteration(mdp: TabularMdp, reward: TabularReward, horizon = 100): Plan {
  const n = mdp.observations.length;
  let v = new Float64Array(n);
  const policies: Int32Array[] = [];
  for (let h = 0; h < horizon; h++) {
    const next = new Float64Array(n);
    const policy = new Int32Array(n);
    policies.push(policy);
    for (let s = 0; s < n; s++) {
      if (mdp.terminal[s]) continue;
      let best = -Infinity;
      for (let a = 0; a < mdp.numActions; a++) {
        const t = mdp.transitions[s][a];
        const q = reward(s, a) + (t.terminated ? 0 : v[t.next]);
        if (q > best) {
          best = q;
          policy[s] = a;
        }
      }
      next[s] = best;
    }
    v = next;
  }
  return { values: v, policy: policies[horizon - 1], act: (s, remaining) => policies[Math.max(0, Math.min(horizon, remaining) - 1)][s] };
}

/** Total reward of following `policy` (given the state and the steps remaining) from the reset state for `horizon` steps. */
export function policyReturn(mdp: TabularMdp, policy: (s: number, remaining: number) => number, reward: TabularReward, horizon = 100): number {
  let s = 0;
  let total = 0;
  for (let t = 0; t < horizon && !mdp.terminal[s]; t++) {
    const a = policy(s, horizon - t);
    const tr = mdp.transitions[s][a];
    total += reward(s, a);
    if (tr.terminated) break;
    s = tr.next;
  }
  return total;
}

/** Reward-result gap: optimal value of the learned reward minus what the agent's policy achieves under it. */
export function rewardResultGap(mdp: TabularMdp, learned: TabularReward, agentPolicy: (s: number, remaining: number) => number, horizon = 100): { optimal: number; achieved: number; gap: number } {
  const optimal = valueIteration(mdp, learned, horizon).values[0];
  const achieved = policyReturn(mdp, agentPolicy, learned, horizon);
  return { optimal, achieved, gap: optimal - achieved };
}
