/**
 * Sealed values: the hidden channel that carries the true reward and hidden performance.
 *
 * In reward modeling the learner must never read the environment's reward. A `Sealed`
 * value can be passed around, stored in trajectories and serialised as an opaque marker,
 * but its content is readable only through `unseal`, which only evaluation code
 * (synthetic users, evaluators, reports) may import: ESLint forbids importing it from
 * src/agents and src/rewards (see eslint.config.js), so a learner cannot read it by accident.
 */

const contents = new WeakMap<object, unknown>();

export class Sealed<T> {
  /** Brand so that Sealed<number> is not assignable from a plain object. */
  declare private readonly brand: T;
  private constructor() {}

  /** Serialises as a marker, never as its content. */
  toJSON(): string {
    return '[sealed]';
  }

  toString(): string {
    return '[sealed]';
  }

  /** @internal use `seal` */
  static create<T>(value: T): Sealed<T> {
    const s = new Sealed<T>();
    contents.set(s, value);
    return s;
  }
}

export function seal<T>(value: T): Sealed<T> {
  return Sealed.create(value);
}

/** Evaluation-only: reveal a sealed value. Never import this from learner code. */
export function unseal<T>(sealed: Sealed<T>): T {
  if (!contents.has(sealed)) throw new TypeError('unseal: value was not created by seal()');
  return contents.get(sealed) as T;
}

/** What the evaluation channel carries for one step. */
export interface EvaluationSignal {
  /** The environment's own reward (hidden from the learner in reward modeling). */
  reward: number;
  /** Hidden performance increment (safety gridworlds); equals `reward` where the env has none. */
  performance: number;
}
