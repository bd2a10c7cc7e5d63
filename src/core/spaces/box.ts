/**
 * A box in R^n with float32 semantics: bounds are stored as float32, values are
 * Float32Array, and membership is checked after rounding to float32 (like Gymnasium).
 */
import { ConfigError, SpaceMismatchError } from '../errors.js';
import type { Rng } from '../rng.js';
import type { Space, SpaceJSON } from './space.js';

const F32_MAX = 3.4028234663852886e38;

export class Box implements Space<Float32Array> {
  readonly low: Float32Array;
  readonly high: Float32Array;
  readonly shape: number[];
  readonly flatDim: number;

  constructor(low: number | ArrayLike<number>, high: number | ArrayLike<number>, shape?: number[]) {
    const size = shape ? shape.reduce((a, b) => a * b, 1) : typeof low === 'number' ? (typeof high === 'number' ? 1 : high.length) : low.length;
    this.shape = shape ?? [size];
    this.flatDim = size;
    this.low = Box.fill(low, size, 'Box.low');
    this.high = Box.fill(high, size, 'Box.high');
    for (let i = 0; i < size; i++) {
      if (!(this.low[i] <= this.high[i])) throw new ConfigError(`Box.low[${i}]`, this.low[i], `must be ≤ Box.high[${i}] = ${this.high[i]}`);
    }
  }

  private static fill(v: number | ArrayLike<number>, size: number, field: string): Float32Array {
    if (typeof v === 'number') return new Float32Array(size).fill(Math.max(-F32_MAX, Math.min(F32_MAX, v)));
    if (v.length !== size) throw new ConfigError(field, v, `must have length ${size}`);
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = Math.max(-F32_MAX, Math.min(F32_MAX, v[i]));
    return out;
  }

  contains(value: unknown): value is Float32Array {
    if (!(value instanceof Float32Array) || value.length !== this.flatDim) return false;
    for (let i = 0; i < value.length; i++) {
      const x = value[i];
      if (Number.isNaN(x) || x < this.low[i] || x > this.high[i]) return false;
    }
    return true;
  }

  /** Accepts a Float32Array or plain number array (converted); rejects NaN and out-of-bounds values. */
  check(value: unknown, field: string): Float32Array {
    let arr: Float32Array;
    if (value instanceof Float32Array) arr = value;
    else if (Array.isArray(value) || value instanceof Float64Array) arr = Float32Array.from(value as ArrayLike<number>);
    else if (typeof value === 'number' && this.flatDim === 1) arr = Float32Array.of(value);
    else throw new SpaceMismatchError(field, value, `must be a Float32Array of length ${this.flatDim} (${this}), got ${typeof value}`);
    if (arr.length !== this.flatDim) throw new SpaceMismatchError(field, value, `must have length ${this.flatDim}, got ${arr.length}`);
    for (let i = 0; i < arr.length; i++) {
      const x = arr[i];
      if (Number.isNaN(x)) throw new SpaceMismatchError(`${field}[${i}]`, x, 'must not be NaN');
      if (x < this.low[i] || x > this.high[i]) throw new SpaceMismatchError(`${field}[${i}]`, x, `must be in [${this.low[i]}, ${this.high[i]}]`);
    }
    return arr;
  }

  sample(rng: Rng): Float32Array {
    const out = new Float32Array(this.flatDim);
    for (let i = 0; i < this.flatDim; i++) {
      const lo = this.low[i];
      const hi = this.high[i];
      const boundedLow = lo > -F32_MAX;
      const boundedHigh = hi < F32_MAX;
      if (boundedLow && boundedHigh) out[i] = rng.uniform(lo, hi);
      else if (boundedLow) out[i] = lo - Math.log(1 - rng.next());
      else if (boundedHigh) out[i] = hi + Math.log(1 - rng.next());
      else out[i] = rng.normal();
      if (out[i] > hi) out[i] = hi;
    }
    return out;
  }

  toJSON(): SpaceJSON {
    return { kind: 'box', low: Array.from(this.low), high: Array.from(this.high), shape: this.shape, dtype: 'float32' };
  }

  toString(): string {
    const uniform = (a: Float32Array) => a.every((x) => x === a[0]);
    const fmt = (x: number) => (x >= F32_MAX ? 'inf' : x <= -F32_MAX ? '-inf' : String(x));
    const lo = uniform(this.low) ? fmt(this.low[0]) : `[${Array.from(this.low, fmt).join(', ')}]`;
    const hi = uniform(this.high) ? fmt(this.high[0]) : `[${Array.from(this.high, fmt).join(', ')}]`;
    return `Box(${lo}, ${hi}, [${this.shape.join(', ')}], float32)`;
  }
}
