/** A finite set of integers {start, …, start + n − 1}. Values are plain JS numbers. */
import { ConfigError, SpaceMismatchError } from '../errors.js';
import type { Rng } from '../rng.js';
import type { Space, SpaceJSON } from './space.js';

export class Discrete implements Space<number> {
  readonly flatDim: number;
  constructor(
    readonly n: number,
    readonly start = 0,
  ) {
    if (!Number.isInteger(n) || n <= 0) throw new ConfigError('Discrete.n', n, 'must be a positive integer');
    if (!Number.isInteger(start)) throw new ConfigError('Discrete.start', start, 'must be an integer');
    this.flatDim = n;
  }

  contains(value: unknown): value is number {
    return typeof value === 'number' && Number.isInteger(value) && value >= this.start && value < this.start + this.n;
  }

  check(value: unknown, field: string): number {
    if (typeof value !== 'number') throw new SpaceMismatchError(field, value, `must be an integer in ${this}, got ${typeof value}`);
    if (!this.contains(value)) throw new SpaceMismatchError(field, value, `must be an integer in [${this.start}, ${this.start + this.n - 1}] (${this})`);
    return value;
  }

  sample(rng: Rng): number {
    return this.start + rng.int(this.n);
  }

  toJSON(): SpaceJSON {
    return { kind: 'discrete', n: this.n, start: this.start };
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
