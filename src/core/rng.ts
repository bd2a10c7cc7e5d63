/**
 * Seedable pseudo-random generator (sfc32, 128-bit state, period ≈ 2^127).
 *
 * All randomness in RewardLab flows through an Rng passed in explicitly; library code
 * never uses an unseeded global generator. The state can be saved and restored (checkpoints), and an
 * Rng can derive independent children (`fork`) so components stay reproducible no
 * matter in what order they draw.
 */
import { ConfigError } from './errors.js';

export interface RngState {
  kind: 'rng-sfc32';
  version: 1;
  state: [number, number, number, number];
}

/** splitmix32: expands one 32-bit seed into well-mixed words. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff * 0x200000) {
      throw new ConfigError('seed', seed, 'must be a non-negative integer');
    }
    const mix = splitmix32((seed >>> 0) ^ Math.floor(seed / 0x100000000));
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1) with 53 bits of randomness. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform float in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new ConfigError('n', n, 'must be a positive integer');
    return Math.floor(this.next() * n);
  }

  /** Standard normal sample (Box–Muller, caches the second value). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new ConfigError('items', items, 'must not be empty');
    return items[this.int(items.length)];
  }

  /** In-place Fisher–Yates shuffle; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /** An independent child generator; advances this generator by one draw. */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }

  /** A fresh seed (uint32) drawn from this generator. */
  seed(): number {
    return this.nextUint32();
  }

  getState(): RngState {
    return { kind: 'rng-sfc32', version: 1, state: [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0] };
  }

  setState(s: RngState): void {
    if (s?.kind !== 'rng-sfc32' || s.version !== 1 || !Array.isArray(s.state) || s.state.length !== 4) {
      throw new ConfigError('rng state', s, 'expected {kind: "rng-sfc32", version: 1, state: [4 uint32]}');
    }
    [this.a, this.b, this.c, this.d] = s.state.map((x) => x | 0);
    this.spareNormal = null;
  }

  static fromState(s: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(s);
    return rng;
  }
}
