import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('is reproducible from a seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(xs);
  });

  it('draws uniform floats in [0,1) with the right mean and integers in range', () => {
    const rng = new Rng(1);
    let sum = 0;
    const counts = new Array(6).fill(0);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 60000; i++) {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
      counts[rng.int(6)]++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 60000).toBeCloseTo(0.5, 2);
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
  });

  it('samples normals with mean 0 and std 1', () => {
    const rng = new Rng(3);
    const xs = Array.from({ length: 40000 }, () => rng.normal());
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(std - 1)).toBeLessThan(0.02);
  });

  it('saves and restores its state exactly', () => {
    const rng = new Rng(9);
    rng.next();
    const state = rng.getState();
    const expected = [rng.next(), rng.int(100), rng.nextUint32()];
    const restored = Rng.fromState(JSON.parse(JSON.stringify(state)));
    expect([restored.next(), restored.int(100), restored.nextUint32()]).toEqual(expected);
  });

  it('rejects bad seeds and bad states with the field named', () => {
    expect(() => new Rng(-1)).toThrow(/seed = -1/);
    expect(() => new Rng(1.5)).toThrow(/seed = 1.5/);
    expect(() => new Rng(0).int(0)).toThrow(/n = 0/);
    expect(() => Rng.fromState({ kind: 'nope' } as never)).toThrow(/rng state/);
  });

  it('forks independent, reproducible children', () => {
    const a = new Rng(5).fork();
    const b = new Rng(5).fork();
    expect(a.next()).toBe(b.next());
    const parent = new Rng(5);
    const child = parent.fork();
    expect(child.next()).not.toBe(parent.next());
  });

  it('shuffles into a permutation', () => {
    const p = new Rng(2).permutation(50);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
