import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { RewardModel, type RewardModelOptions } from '../rewards/reward-model.js';
import { box } from './network.js';
import { rewardTarget } from './reward-target.js';
import { boundTarget, evaluate } from './target.js';
import { verifyRewardModel } from './verify-reward-model.js';

/** A calibrated model with observed input statistics (so the standardisation is not the identity). */
function trained(options: Partial<RewardModelOptions>, action: RewardModel['action'] = { kind: 'discrete', n: 2 }, seed = 1): RewardModel {
  const rng = new Rng(seed);
  const m = new RewardModel(3, action, { members: 2, hidden: [16, 16], ...options }, rng);
  m.observe(Array.from({ length: 50 }, () => Float32Array.from({ length: 3 }, () => rng.normal(0.5, 2))));
  for (const net of m.nets) for (const b of net.biases) b.forEach((_, i) => (b[i] = rng.normal(0, 0.3)));
  const n = 64;
  const actDim = action.kind === 'discrete' ? 1 : action.dim;
  m.calibrate({ obs: Float32Array.from({ length: n * 3 }, () => rng.normal()), actions: Float32Array.from({ length: n * actDim }, () => (action.kind === 'discrete' ? rng.int(2) : rng.uniform(-1, 1))), nextObs: Float32Array.from({ length: n * 3 }, () => rng.normal()), n });
  return m;
}

const variants: [string, Partial<RewardModelOptions>, RewardModel['action']][] = [
  ['standardize, discrete action', {}, { kind: 'discrete', n: 2 }],
  ['tanh inputs, relu, bounded output', { inputTransform: 'tanh', activation: 'relu', bounded: true }, { kind: 'discrete', n: 2 }],
  ['Box action + next obs, tanh hidden', { useNextObs: true, activation: 'tanh' }, { kind: 'box', dim: 2 }],
  ['no action', { useAction: false }, { kind: 'discrete', n: 2 }],
];

describe('reward model as a verification target', () => {
  for (const [name, options, action] of variants) {
    it(`evaluates like RewardModel.predict and its bounds hold (${name})`, () => {
      const m = trained(options, action);
      const rng = new Rng(2);
      const raw = rewardTarget(m, undefined, action.kind === 'discrete' && options.useAction !== false ? 1 : undefined).rawDim;
      for (let s = 0; s < 200; s++) {
        const a = rng.int(2);
        const t = rewardTarget(m, undefined, action.kind === 'discrete' && options.useAction !== false ? a : undefined);
        const x = Array.from({ length: raw }, () => (s % 2 ? rng.uniform(-30, 30) : rng.normal()));
        const obs = Float32Array.from(x.slice(0, 3));
        const acts = action.kind === 'box' ? Float32Array.from(x.slice(3, 5)) : Float32Array.of(a);
        const nextObs = options.useNextObs ? Float32Array.from(x.slice(5, 8)) : obs;
        const expected = m.predict({ obs, actions: acts, nextObs, n: 1 }).mean[0];
        expect(evaluate(t, Float32Array.from(x))).toBeCloseTo(expected, 3);
      }
      // Bounds over random raw boxes (some wide enough to reach the ±10 clip) hold at 2,000 points, faces included.
      let worst = Infinity;
      for (let trial = 0; trial < 10; trial++) {
        const c = Array.from({ length: raw }, () => rng.normal(0, 4));
        const r = Array.from({ length: raw }, () => (trial % 3 ? rng.uniform(0.05, 2) : 25));
        const b = box(c.map((v, i) => v - r[i]), c.map((v, i) => v + r[i]));
        const t = rewardTarget(m, undefined, action.kind === 'discrete' && options.useAction !== false ? trial % 2 : undefined);
        const bounds = [boundTarget(t, b, 'crown'), boundTarget(t, b, 'ibp')];
        for (let s = 0; s < 200; s++) {
          const x = b.lo.map((lo, i) => [lo, b.hi[i], rng.uniform(lo, b.hi[i])][rng.int(3)]);
          const v = evaluate(t, x);
          for (const bd of bounds) worst = Math.min(worst, v - bd.lo, bd.hi - v);
        }
      }
      expect(worst).toBeGreaterThanOrEqual(0);
    });
  }
});

/** Members whose reward is −|θ| (obs dim 2) exactly: relu(θ) and relu(−θ) read by the output with −1. */
function uprightModel(): RewardModel {
  const m = new RewardModel(4, { kind: 'discrete', n: 2 }, { members: 2, hidden: [4], activation: 'relu' }, new Rng(3));
  for (const net of m.nets) {
    net.params.fill(0);
    const w0 = net.weights[0]; // 4 hidden × 6 features (4 obs + 2 one-hot)
    w0[0 * 6 + 2] = 1;
    w0[1 * 6 + 2] = -1;
    net.weights[1][0] = -1;
    net.weights[1][1] = -1;
  }
  m.shift = [0.5, -0.5];
  m.scale = [2, 0.5];
  return m;
}

const cartSpec = (below: number[], above: number[]) => ({
  kind: 'rewardlab-verify-spec',
  version: 1,
  names: ['x', 'x_dot', 'theta', 'theta_dot'],
  defaults: { obs: { x_dot: [-3, 3], theta_dot: [-3, 3] } },
  properties: [
    { name: 'upright wins', kind: 'ordering', below: [{ obs: { theta: [below[0], below[1]] } }, { obs: { theta: [-below[1], -below[0]] } }], above: { obs: { theta: [above[0], above[1]] } } },
    { name: 'bounded', kind: 'range', region: {}, min: -10, max: 10 },
    { name: 'falls off to the right', kind: 'monotonic', region: { obs: { theta: [0, 0.418] } }, dim: 'theta', direction: 'decreasing' },
  ],
});
const cartBounds = { low: [-4.8, -Infinity, -0.418, -Infinity], high: [4.8, Infinity, 0.418, Infinity] };

describe('verifyRewardModel', () => {
  it('proves the CartPole-style ordering, range and monotonicity on every member and the mean', () => {
    const report = verifyRewardModel(uprightModel(), cartSpec([0.2, 0.418], [-0.05, 0.05]), { obsBounds: cartBounds });
    expect(report.kind).toBe('rewardlab-verify-report');
    for (const p of report.properties) {
      expect(p.results.map((r) => r.model)).toEqual(['mean', 'member0', 'member1']);
      for (const r of p.results) expect([p.name, r.model, r.status]).toEqual([p.name, r.model, 'proved']);
    }
  });

  it('refutes a false ordering with a pair the model itself scores the wrong way round', () => {
    const report = verifyRewardModel(uprightModel(), cartSpec([0.01, 0.418], [-0.05, 0.05]), { obsBounds: cartBounds, members: false });
    const [r] = report.properties[0].results;
    expect(r.status).toBe('refuted');
    const [low, high] = r.counterexample ?? [];
    expect(Math.abs(low.obs[2])).toBeGreaterThanOrEqual(0.01);
    expect(Math.abs(high.obs[2])).toBeLessThanOrEqual(0.05);
    expect(low.modelValue).toBeGreaterThanOrEqual(high.modelValue);
    expect(low.value).toBeCloseTo(low.modelValue, 5);
    expect(report.properties[1].results[0].status).toBe('proved');
  });

  it('names the field of a region the env cannot bound', () => {
    expect(() => verifyRewardModel(uprightModel(), cartSpec([0.2, 0.418], [-0.05, 0.05]))).toThrow('spec.properties[0].below[0].obs.x');
  });
});
