import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { Box } from './box.js';
import { Discrete } from './discrete.js';

describe('Discrete', () => {
  it('contains its integers only and samples inside', () => {
    const d = new Discrete(3, 1);
    expect(d.contains(1)).toBe(true);
    expect(d.contains(3)).toBe(true);
    expect(d.contains(0)).toBe(false);
    expect(d.contains(1.5)).toBe(false);
    expect(d.contains('1')).toBe(false);
    const rng = new Rng(0);
    const seen = new Set(Array.from({ length: 100 }, () => d.sample(rng)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });
  it('names the field and value in errors', () => {
    const d = new Discrete(2);
    expect(() => d.check(2, 'action')).toThrow(/action = 2: must be an integer in \[0, 1\]/);
    expect(() => d.check(Number.NaN, 'action')).toThrow(/action = NaN/);
    expect(() => d.check('a', 'action')).toThrow(/action = "a".*got string/);
    expect(() => new Discrete(0)).toThrow(/Discrete.n = 0/);
  });
});

describe('Box', () => {
  it('has float32 bounds and membership', () => {
    const b = new Box(-1.1, 1.1, [2]);
    expect(b.low[0]).toBe(Math.fround(-1.1));
    expect(b.contains(Float32Array.of(1.1, -1.1))).toBe(true);
    expect(b.contains(Float32Array.of(1.2, 0))).toBe(false);
    expect(b.contains([0, 0])).toBe(false);
    expect(b.toString()).toBe('Box(-1.100000023841858, 1.100000023841858, [2], float32)');
  });
  it('samples inside bounded and unbounded boxes', () => {
    const rng = new Rng(1);
    const bounded = new Box([0, -2], [1, 2]);
    const unbounded = new Box(-Infinity, Infinity, [3]);
    for (let i = 0; i < 200; i++) {
      expect(bounded.contains(bounded.sample(rng))).toBe(true);
      expect(unbounded.contains(unbounded.sample(rng))).toBe(true);
    }
  });
  it('converts plain arrays and rejects NaN, wrong length and out-of-range values by index', () => {
    const b = new Box(-1, 1, [2]);
    expect(b.check([0.5, 0], 'action')).toBeInstanceOf(Float32Array);
    expect(() => b.check([Number.NaN, 0], 'action')).toThrow(/action\[0\] = NaN/);
    expect(() => b.check([0, 3], 'action')).toThrow(/action\[1\] = 3: must be in \[-1, 1\]/);
    expect(() => b.check([0], 'action')).toThrow(/length 2/);
    expect(() => b.check('x', 'action')).toThrow(/action = "x"/);
    expect(() => new Box(1, 0, [1])).toThrow(/Box.low\[0\] = 1/);
  });
});
