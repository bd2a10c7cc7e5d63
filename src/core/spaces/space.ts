/** The common contract of every space: membership, seeded sampling, plain-data description. */
import type { Rng } from '../rng.js';

export interface SpaceJSON {
  kind: 'discrete' | 'box';
  [key: string]: unknown;
}

export interface Space<T> {
  /** Flat size when fed to a network (n for Discrete one-hot, product of shape for Box). */
  readonly flatDim: number;
  contains(value: unknown): value is T;
  /** Throws SpaceMismatchError naming `field` when value is not in the space. */
  check(value: unknown, field: string): T;
  sample(rng: Rng): T;
  toJSON(): SpaceJSON;
  /** One-line human description, e.g. `Discrete(2)` or `Box(-1, 1, [3], float32)`. */
  toString(): string;
}
