import { describe, expect, it } from 'vitest';
import { StateEntropyReward } from './state-entropy.js';
import type { TransitionBatch } from './reward-model.js';

const batch = (points: number[][]): TransitionBatch => ({
  obs: new Float32Array(points.flat()), nextObs: new Float32Array(points.flat()), actions: new Float32Array(points.length), n: points.length,
});

describe('state-entropy exploration reward (PEBBLE)', () => {
  it('rewards a next state by log(1 + distance to its k-th nearest neighbour), before scaling', () => {
    // on a line: 0, 1, 3, 10; k = 2 → distances to the 2nd neighbour: 3, 2, 3, 9
    const r = new StateEntropyReward({ k: 2 }).reward(batch([[0], [1], [3], [10]]));
    const raw = [3, 2, 3, 9].map((d) => Math.log(1 + d));
    const ratio = raw.map((v, i) => r[i] / v);
    for (const q of ratio) expect(q).toBeCloseTo(ratio[0], 5); // one common scale
    expect(r[3]).toBeGreaterThan(r[0]); // the isolated state is worth the most
    expect(r[1]).toBeLessThan(r[0]);
  });

  it('a state in a crowd earns less than the same state alone, in several dimensions', () => {
    const crowd = [[0, 0], [0.01, 0], [0, 0.01], [0.01, 0.01], [0.02, 0], [5, 5]];
    const r = new StateEntropyReward({ k: 3 }).reward(batch(crowd));
    expect(Math.max(...r.slice(0, 5))).toBeLessThan(r[5]);
  });

  it('scales by the running standard deviation, so a second identical batch gets the same rewards', () => {
    const e = new StateEntropyReward({ k: 1 });
    const pts = [[0], [1], [4], [9], [16]];
    const a = e.reward(batch(pts));
    const b = e.reward(batch(pts));
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 5);
    expect(Math.max(...a)).toBeGreaterThan(1); // divided by a std below the raw values' size
  });

  it('refuses k outside 1..1000, naming the field', () => {
    expect(() => new StateEntropyReward({ k: 0 })).toThrow(/preExplore\.k/);
  });
});
