/**
 * The agent of the study: exact finite-horizon value iteration on the LEARNED reward over the
 * enumerated states of the gridworld (analysis/exact/enumerate.ts), so the comparison measures
 * the reward the feedback taught, not an RL algorithm's luck. The states are those of the plain
 * env (e.g. KeyDoor-v0); the learner acts in its fixed-horizon form (AbsorbTerminal: observations
 * gain an "absorbed" flag, the goal leads to one absorbing state). A transition's reward is read
 * off the observation it arrives in, as the reward model is trained.
 */
import { make } from '../../envs/registry.js';
import { enumerateStates, type TabularMdp } from '../../analysis/exact/enumerate.js';
import { ConfigError } from '../../core/errors.js';

/** Learned reward of each arrival observation (fixed-horizon form), one value per observation. */
export type ArrivalReward = (observations: readonly Float32Array[]) => ArrayLike<number>;

const keyOf = (obs: ArrayLike<number>, dim: number): string => {
  const ones: number[] = [];
  for (let k = 0; k < dim; k++) if (obs[k] === 1) ones.push(k);
  return ones.join(',');
};

export class TabularPlanner {
  readonly mdp: TabularMdp;
  /** Fixed-horizon observations: the enumerated states (flag 0), then the absorbing state. */
  readonly observations: Float32Array[];
  private readonly index = new Map<string, number>();
  private readonly dim: number;
  private policies: Int32Array[] = [];

  constructor(plainEnvId: string, readonly horizon = 100) {
    this.mdp = enumerateStates(() => make(plainEnvId));
    this.dim = this.mdp.observations[0].length;
    this.observations = this.mdp.observations.map((o) => { const x = new Float32Array(this.dim + 1); x.set(o); return x; });
    const absorbed = new Float32Array(this.dim + 1);
    absorbed[this.dim] = 1;
    this.observations.push(absorbed);
    this.mdp.observations.forEach((o, s) => this.index.set(keyOf(o, this.dim), s));
  }

  get absorbing(): number {
    return this.observations.length - 1;
  }

  /** The state of a fixed-horizon observation. */
  stateOf(obs: ArrayLike<number>): number {
    if (obs.length !== this.dim + 1) throw new ConfigError('observation length', obs.length, `must be ${this.dim + 1} (the fixed-horizon form of the planned env)`);
    if (obs[this.dim] === 1) return this.absorbing;
    const s = this.index.get(keyOf(obs, this.dim));
    if (s === undefined) throw new ConfigError('observation', keyOf(obs, this.dim), 'is not an enumerated state of the planned env');
    return s;
  }

  private next(s: number, a: number): number {
    if (s === this.absorbing || this.mdp.terminal[s]) return this.absorbing;
    return this.mdp.transitions[s][a].next;
  }

  /** Value iteration on the given reward for the full horizon; `act` then follows the plan. Returns the planned value of the start. */
  plan(reward: ArrivalReward): number {
    const r = reward(this.observations);
    const n = this.observations.length;
    const A = this.mdp.numActions;
    let v = new Float64Array(n);
    this.policies = [];
    for (let h = 0; h < this.horizon; h++) {
      const next = new Float64Array(n);
      const policy = new Int32Array(n);
      for (let s = 0; s < n; s++) {
        let best = -Infinity;
        for (let a = 0; a < A; a++) {
          const t = this.next(s, a);
          const q = r[t] + v[t];
          if (q > best) {
            best = q;
            policy[s] = a;
          }
        }
        next[s] = best;
      }
      this.policies.push(policy);
      v = next;
    }
    return v[0];
  }

  /** The planned action for a fixed-horizon observation with `remaining` steps to go. */
  act(obs: ArrayLike<number>, remaining: number): number {
    if (this.policies.length === 0) throw new ConfigError('planner', 'unplanned', 'call plan(reward) before act');
    return this.policies[Math.max(1, Math.min(this.horizon, remaining)) - 1][this.stateOf(obs)];
  }
}
