/** Our classic-control envs reproduce Gymnasium's reference trajectories (test/fixtures/reference/gymnasium). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/envs/index.js';
import { make } from '../../src/envs/registry.js';
import { parseReferenceFile, replayReference } from '../../src/envs/reference-replay.js';
import { CartPoleEnv } from '../../src/envs/classic-control/cartpole.js';
import { angleNormalize } from '../../src/envs/classic-control/pendulum.js';

const DIR = join(import.meta.dirname, '../fixtures/reference/gymnasium');
const IDS = ['CartPole-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Acrobot-v1', 'Pendulum-v1'];

describe('Gymnasium reference trajectories', () => {
  it('the reference fixtures are present in the checkout', () => {
    expect(existsSync(DIR)).toBe(true);
  });
  for (const id of IDS) {
    it(`${id} matches within the documented tolerances`, () => {
      const file = parseReferenceFile(JSON.parse(readFileSync(join(DIR, `${id}.json`), 'utf8')));
      const report = replayReference(file);
      expect(report.stepsCompared).toBeGreaterThan(100);
      expect(report.fields.filter((f) => !f.ok)).toEqual([]);
    });
  }
  it('a perturbed dynamics constant is caught (the replay can fail)', () => {
    const file = parseReferenceFile(JSON.parse(readFileSync(join(DIR, 'CartPole-v1.json'), 'utf8')));
    file.cases[0].initial_state = file.cases[0].initial_state.map((v) => v + 1e-7);
    const report = replayReference(file);
    expect(report.ok).toBe(false);
    expect(report.fields.find((f) => f.field === 'state')!.maxAbs).toBeGreaterThan(1e-9);
  });
});

describe('initial-state distributions match Gymnasium ranges', () => {
  const ranges: Record<string, [number, number][]> = {
    'CartPole-v1': Array(4).fill([-0.05, 0.05]),
    'MountainCar-v0': [[-0.6, -0.4], [0, 0]],
    'MountainCarContinuous-v0': [[-0.6, -0.4], [0, 0]],
    'Acrobot-v1': Array(4).fill([-0.1, 0.1]),
    'Pendulum-v1': [[-Math.PI, Math.PI], [-1, 1]],
  };
  for (const [id, box] of Object.entries(ranges)) {
    it(`${id} resets inside its range and spreads over it`, () => {
      const env = make(id);
      const raw = (env as unknown as { unwrapped: { getState(): number[] } }).unwrapped;
      const lo = box.map(() => Infinity);
      const hi = box.map(() => -Infinity);
      env.reset({ seed: 1 });
      for (let i = 0; i < 300; i++) {
        if (i > 0) env.reset();
        raw.getState().forEach((v, j) => {
          expect(v).toBeGreaterThanOrEqual(box[j][0]);
          expect(v).toBeLessThanOrEqual(box[j][1]);
          lo[j] = Math.min(lo[j], v);
          hi[j] = Math.max(hi[j], v);
        });
      }
      box.forEach(([a, b], j) => {
        if (a === b) return;
        expect(lo[j] - a).toBeLessThan((b - a) * 0.05);
        expect(b - hi[j]).toBeLessThan((b - a) * 0.05);
      });
    });
  }
});

describe('fixed-horizon variants', () => {
  it('FixedHorizonCartPole-v0 never terminates, runs 500 steps, reward 0 after the pole falls', () => {
    const env = make('FixedHorizonCartPole-v0');
    env.reset({ seed: 0 });
    let steps = 0;
    const rewards: number[] = [];
    for (;;) {
      const r = env.step(1);
      steps++;
      rewards.push(r.reward);
      expect(r.terminated).toBe(false);
      if (r.truncated) break;
    }
    expect(steps).toBe(500);
    expect(rewards[0]).toBe(1);
    expect(rewards.at(-1)).toBe(0);
  });
  it('FixedHorizonMountainCar-v0 absorbs at the goal with reward 0 and keeps going until 200 steps', () => {
    const env = make('FixedHorizonMountainCar-v0');
    env.reset({ seed: 0 });
    let steps = 0;
    let absorbing = 0;
    // An energy-pumping controller: push in the direction of the velocity.
    let velocity = 0;
    for (;;) {
      const r = env.step(velocity >= 0 ? 2 : 0);
      velocity = r.observation[1];
      steps++;
      if (r.info.absorbing) {
        absorbing++;
        expect(r.reward).toBe(0);
      }
      expect(r.terminated).toBe(false);
      if (r.truncated) break;
    }
    expect(steps).toBe(200);
    expect(absorbing).toBeGreaterThan(0);
  });
  it('angle normalisation is a floored modulo like Python', () => {
    expect(angleNormalize(-3 * Math.PI - 0.5)).toBeCloseTo(Math.PI - 0.5, 12);
    expect(angleNormalize(0.25)).toBe(0.25);
  });
  it('setState rejects a wrong-length state naming the variables', () => {
    const env = new CartPoleEnv();
    expect(() => env.setState([1, 2])).toThrow(/x, x_dot, theta, theta_dot/);
  });
});
