/**
 * Classic-control envs expose their internal physical state so reference trajectories
 * (Gymnasium's, recorded with the state overwritten after reset) can be replayed exactly.
 */
import { BaseEnv } from '../base-env.js';
export interface Replayable {
  /** Names of the internal state variables, e.g. ['x', 'x_dot', 'theta', 'theta_dot']. */
  readonly stateNames: readonly string[];
  /** The internal state as float64 numbers (a copy). */
  getState(): number[];
  /** Overwrite the internal state (after reset), like `env.unwrapped.state = …` in Gymnasium. */
  setState(state: readonly number[]): void;
}

export function isReplayable(env: unknown): env is Replayable {
  const e = env as Partial<Replayable>;
  return typeof e?.getState === 'function' && typeof e.setState === 'function' && Array.isArray(e.stateNames);
}

/** Throws unless `state` has one finite number per state variable. */
export function checkState(state: readonly number[], names: readonly string[], owner: string): void {
  if (!Array.isArray(state) || state.length !== names.length) {
    throw new RangeError(`${owner}.setState: state must have ${names.length} numbers (${names.join(', ')}), got ${JSON.stringify(state)}`);
  }
  state.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${owner}.setState: state[${i}] (${names[i]}) = ${v} must be a finite number`);
  });
}

/**
 * Base of the classic-control envs: a float64 `state` vector that reference files can set
 * (`setState`) and read back (`getState`), with Gymnasium's variable names.
 */
export abstract class ClassicControlEnv<A> extends BaseEnv<Float32Array, A> implements Replayable {
  abstract readonly stateNames: readonly string[];
  protected state: number[] = [];

  getState(): number[] {
    return [...this.state];
  }

  setState(state: readonly number[]): void {
    checkState(state, this.stateNames, this.constructor.name);
    this.state = [...state];
  }
}
