import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { Rng } from '../../core/rng.js';
import { classicControlConditions, CLASSIC_CONTROL_ENVS } from './classic-control-conditions.js';
import { heldOutCondition } from './conditions.js';

describe('perturbed classic-control starts', () => {
  it('rebuilds every env\'s observation from the drawn state (the wrapper checks its formula against the env first)', () => {
    for (const id of CLASSIC_CONTROL_ENVS) {
      for (const c of classicControlConditions(id)!) {
        const rng = new Rng(0);
        const env = c.makeEnv();
        for (let s = 0; s < 5; s++) {
          const obs = env.reset({ seed: s }).observation as Float32Array;
          expect(obs.length, id).toBe(env.observationSpace.flatDim);
          env.step(env.actionSpace.sample(rng));
        }
        env.close();
      }
    }
  });

  it('tilts the CartPole by exactly ±0.1 rad, both sides, and keeps the rest within the training noise', () => {
    const env = heldOutCondition('FixedHorizonCartPole-v0', 'tilted-start').makeEnv();
    const starts = Array.from({ length: 20 }, (_, s) => env.reset({ seed: s }).observation as Float32Array);
    expect(new Set(starts.map((o) => o[2]))).toEqual(new Set([Math.fround(-0.1), Math.fround(0.1)]));
    for (const o of starts) for (const k of [0, 1, 3]) expect(Math.abs(o[k])).toBeLessThan(0.05);
    expect(starts.every((o) => o[4] === 0)).toBe(true); // the absorbed flag
  });

  it('draws wider CartPole starts than training (U(−0.1, 0.1)), reproducibly from the reset seed', () => {
    const env = heldOutCondition('CartPole-v1', 'perturbed-start').makeEnv();
    const starts = Array.from({ length: 50 }, (_, s) => Array.from(env.reset({ seed: s }).observation as Float32Array));
    const flat = starts.flat();
    expect(Math.max(...flat.map(Math.abs))).toBeGreaterThan(0.05);
    expect(Math.max(...flat.map(Math.abs))).toBeLessThan(0.1);
    expect(Array.from(env.reset({ seed: 3 }).observation as Float32Array)).toEqual(starts[3]);
  });

  it('starts Acrobot links away from the training range and observes them as the env does', () => {
    const env = heldOutCondition('Acrobot-v1', 'perturbed-start').makeEnv();
    const o = Array.from({ length: 30 }, (_, s) => env.reset({ seed: s }).observation as Float32Array);
    expect(Math.max(...o.map((x) => Math.abs(x[4])))).toBeGreaterThan(0.1); // dθ₁ beyond ±0.1
    for (const x of o) expect(x[0] ** 2 + x[1] ** 2).toBeCloseTo(1, 5); // (cos θ₁, sin θ₁)
  });
});
