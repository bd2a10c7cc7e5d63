import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { branchAndBound, type Cell } from './branch-and-bound.js';
import { intervalBounds } from './interval.js';
import { box, forward, network, type Network } from './network.js';
import { randomNetwork } from './random-network.js';
import { networkTarget } from './target.js';

/** f(x) = relu(x) + relu(−x) = |x| (times `sign`), one input. */
const absNet = (sign: number): Network =>
  network([
    { inSize: 1, outSize: 2, weight: Float64Array.of(1, -1), bias: Float64Array.of(0, 0), activation: 'relu' },
    { inSize: 2, outSize: 1, weight: Float64Array.of(sign, sign), bias: Float64Array.of(0), activation: 'identity' },
  ]);
const cell = (net: Network, lo: number[], hi: number[]): Cell => ({ target: networkTarget(net), box: box(lo, hi) });

/** The largest output seen on a dense grid over [−1, 1]² (a lower estimate of the true max). */
function gridMax(net: Network): number {
  let m = -Infinity;
  for (let i = 0; i <= 200; i++) for (let j = 0; j <= 200; j++) m = Math.max(m, forward(net, [-1 + i / 100, -1 + j / 100])[0]);
  return m;
}

describe('branch and bound on a 64×64 ReLU net over [−1, 1]²', () => {
  const net = randomNetwork(new Rng(1), [2, 64, 64, 1], 'relu');
  const top = gridMax(net);
  const region = [cell(net, [-1, -1], [1, 1])];

  it('proves max ≤ (grid max + 2%) of the output scale, which IBP alone on the whole box cannot', () => {
    const limit = top + 0.02 * Math.abs(top) + 0.01;
    expect(intervalBounds(net, region[0].box).output.hi[0]).toBeGreaterThan(limit);
    const r = branchAndBound({ kind: 'range', cells: region, max: limit }, { maxBoxes: 4000 });
    expect(r.status).toBe('proved');
    expect(r.bound.max).toBeLessThanOrEqual(top + 0.02 * Math.abs(top) + 0.01);
    expect(r.boxes).toBeGreaterThan(1);
  });

  it('refutes max ≤ (grid max − 1%) with a point whose forward pass exceeds it', () => {
    const limit = top - 0.01 * Math.abs(top) - 0.01;
    const r = branchAndBound({ kind: 'range', cells: region, max: limit });
    expect(r.status).toBe('refuted');
    const [w] = r.counterexample ?? [];
    const x = w.input;
    expect(x.every((v) => v >= -1 && v <= 1)).toBe(true);
    expect(forward(net, x)[0]).toBeGreaterThan(limit);
    expect(w.value).toBe(forward(net, x)[0]);
  });

  it('gives up as unknown when the budget is too small for a true but tight bound', () => {
    const r = branchAndBound({ kind: 'range', cells: region, max: top + 1e-6 * Math.abs(top) + 1e-6 }, { maxBoxes: 5 });
    expect(r.status).toBe('unknown');
    expect(r.boxes).toBeGreaterThanOrEqual(5);
    // |x| ≤ 1 on [−1, 1] is true and tight: no counterexample exists and the rounding margin keeps every bound above 1.
    const tight = branchAndBound({ kind: 'range', cells: [cell(absNet(1), [-1], [1])], max: 1 }, { maxBoxes: 1e9, maxMillis: 50 });
    expect(tight.status).toBe('unknown');
    expect(tight.bound.max).toBeCloseTo(1, 6);
  });
});

describe('ordering: max over A below min over B', () => {
  // Reward −|x|: every point with |x| > 0.2 is below every point with |x| < 0.05 (the CartPole-style property).
  const far = (net: Network) => [cell(net, [-1], [-0.2]), cell(net, [0.2], [1])];
  const near = (net: Network) => [cell(net, [-0.05], [0.05])];

  it('proves it for −|x|', () => {
    const r = branchAndBound({ kind: 'ordering', below: far(absNet(-1)), above: near(absNet(-1)) });
    expect(r.status).toBe('proved');
    expect(r.bound.maxBelow).toBeLessThan(r.bound.minAbove);
    expect(r.bound.maxBelow).toBeCloseTo(-0.2, 6);
    expect(r.bound.minAbove).toBeCloseTo(-0.05, 6);
  });

  it('refutes it for +|x| with a pair that really violates it', () => {
    const net = absNet(1);
    const r = branchAndBound({ kind: 'ordering', below: far(net), above: near(net) });
    expect(r.status).toBe('refuted');
    const [a, b] = r.counterexample ?? [];
    expect(Math.abs(a.input[0])).toBeGreaterThanOrEqual(0.2);
    expect(Math.abs(b.input[0])).toBeLessThanOrEqual(0.05);
    expect(forward(net, a.input)[0]).toBeGreaterThanOrEqual(forward(net, b.input)[0]);
  });
});

describe('monotonicity in one coordinate', () => {
  it('|x| is non-decreasing on [0, 1] (proved) and not on [−1, 1] (refuted by a real pair)', () => {
    const net = absNet(1);
    expect(branchAndBound({ kind: 'monotonic', cells: [cell(net, [0], [1])], dim: 0, direction: 'increasing' }).status).toBe('proved');
    const r = branchAndBound({ kind: 'monotonic', cells: [cell(net, [-1], [1])], dim: 0, direction: 'increasing' });
    expect(r.status).toBe('refuted');
    const [p, q] = r.counterexample ?? [];
    expect(q.input[0]).toBeGreaterThan(p.input[0]);
    expect(forward(net, q.input)[0]).toBeLessThan(forward(net, p.input)[0]);
    expect(branchAndBound({ kind: 'monotonic', cells: [cell(net, [-1], [-0.1])], dim: 0, direction: 'decreasing' }).status).toBe('proved');
  });

  it('a tanh net with positive weights everywhere is increasing in x₀', () => {
    const pos = randomNetwork(new Rng(4), [3, 16, 16, 1], 'tanh');
    for (const l of pos.layers) l.weight.forEach((w, i) => (l.weight[i] = Math.abs(w)));
    expect(branchAndBound({ kind: 'monotonic', cells: [cell(pos, [-1, -1, -1], [1, 1, 1])], dim: 0, direction: 'increasing' }).status).toBe('proved');
  });

  it('2·relu(x) − relu(x − 0.5) is increasing on [−1, 1]: proved only after splitting', () => {
    const net = network([
      { inSize: 1, outSize: 2, weight: Float64Array.of(1, 1), bias: Float64Array.of(0, -0.5), activation: 'relu' },
      { inSize: 2, outSize: 1, weight: Float64Array.of(2, -1), bias: Float64Array.of(0), activation: 'identity' },
    ]);
    const r = branchAndBound({ kind: 'monotonic', cells: [cell(net, [-1], [1])], dim: 0, direction: 'increasing' });
    expect(r.status).toBe('proved');
    expect(r.boxes).toBeGreaterThan(1);
    expect(r.bound.minSlope).toBeGreaterThanOrEqual(0);
  });

  it('tanh(2x − y) − tanh(x − 3) falls in x near (1, −1): refuted by a real pair', () => {
    // ∂/∂x = 2 sech²(2x − y) − sech²(x − 3) = 2 sech²(3) − sech²(2) < 0 at (1, −1).
    const mixed = network([
      { inSize: 2, outSize: 2, weight: Float64Array.of(2, -1, 1, 0), bias: Float64Array.of(0, -3), activation: 'tanh' },
      { inSize: 2, outSize: 1, weight: Float64Array.of(1, -1), bias: Float64Array.of(0), activation: 'identity' },
    ]);
    const r = branchAndBound({ kind: 'monotonic', cells: [cell(mixed, [-1, -1], [1, 1])], dim: 0, direction: 'increasing' });
    expect(r.status).toBe('refuted');
    const [p, q] = r.counterexample ?? [];
    expect(q.input[1]).toBe(p.input[1]);
    expect(q.input[0]).toBeGreaterThan(p.input[0]);
    expect(forward(mixed, q.input)[0]).toBeLessThan(forward(mixed, p.input)[0]);
  });
});
