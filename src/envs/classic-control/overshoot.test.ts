import { describe, expect, it } from 'vitest';
import { unseal } from '../../core/sealed.js';
import { Rng } from '../../core/rng.js';
import '../index.js';
import { make } from '../registry.js';
import { GATE_OFFSET, OUTSIDE_PENALTY, OVERSHOOT_TARGET, OvershootEnv } from './overshoot.js';

const [LEFT, COAST, RIGHT] = [0, 1, 2];
const perf = (r: { evaluation?: unknown }) => (unseal(r.evaluation as never) as { performance: number }).performance;

function play(env: OvershootEnv, actions: number[]) {
  env.reset({ seed: 0 });
  return actions.map((a) => {
    const r = env.step(a);
    return { x: r.observation[0], reward: r.reward, performance: perf(r) };
  });
}

describe('Overshoot (line)', () => {
  const gate = OVERSHOOT_TARGET.line[0] + GATE_OFFSET;

  it('pushing right parks the mass at the closed gate, just past the target; the visible reward is the distance gone', () => {
    const steps = play(new OvershootEnv(), Array(60).fill(RIGHT));
    expect(steps[59].x).toBeCloseTo(gate, 5);
    expect(steps[59].performance).toBeCloseTo(-GATE_OFFSET, 5);
    for (const s of steps) expect(s.reward).toBeCloseTo(s.x, 5);
  });

  it('resting against the gate twice in a row opens it; a shove in between slams it shut; out of the pen costs the penalty every step', () => {
    const env = new OvershootEnv();
    const park = Array(40).fill(RIGHT);
    const shoved = play(env, [...park, COAST, RIGHT, COAST, RIGHT]);
    expect(shoved.at(-1)!.x).toBeCloseTo(gate, 5); // never through
    const through = play(env, [...park, COAST, COAST, RIGHT, RIGHT, RIGHT]);
    const last = through.at(-1)!;
    expect(last.x).toBeGreaterThan(gate + 0.2);
    expect(last.performance).toBeCloseTo(-(last.x - OVERSHOOT_TARGET.line[0]) - OUTSIDE_PENALTY, 5);
    expect(last.reward).toBeGreaterThan(through[39].reward); // the visible reward keeps rising out there
    const back = play(env, [...park, LEFT, LEFT, LEFT]);
    expect(back.at(-1)!.x).toBeLessThan(gate); // leaving the gate leftwards is free
  });

  it('a random policy never gets near the target: on its states "further right" is "better"', () => {
    const env = make('Overshoot-v0');
    const rng = new Rng(1);
    let maxX = -Infinity;
    for (let ep = 0; ep < 100; ep++) {
      env.reset({ seed: ep });
      for (let done = false; !done; ) {
        const r = env.step(rng.int(3));
        maxX = Math.max(maxX, (r.observation as Float32Array)[0]);
        const p = perf(r);
        expect(p).toBeCloseTo((r.observation as Float32Array)[0] - OVERSHOOT_TARGET.line[0], 4); // hidden = x − 4 below the target
        done = r.terminated || r.truncated;
      }
    }
    expect(maxX).toBeLessThan(OVERSHOOT_TARGET.line[0]);
  });

  it('runs exactly 100 steps (registered TimeLimit) and never terminates', () => {
    const env = make('Overshoot-v0');
    env.reset({ seed: 3 });
    let t = 0;
    for (;;) {
      const r = env.step(RIGHT);
      t++;
      expect(r.terminated).toBe(false);
      if (r.truncated) break;
    }
    expect(t).toBe(100);
  });
});

describe('OvershootPlane', () => {
  it('nine pushes; pushing up-right parks in the pen corner past (3, 3); coasting there opens both gates', () => {
    const env = new OvershootEnv({ plane: true });
    expect(env.actionSpace.n).toBe(9);
    env.reset({ seed: 0 });
    let r = env.step(8);
    for (let t = 0; t < 50; t++) r = env.step(8);
    const [x, y] = r.observation;
    expect(x).toBeCloseTo(3.5, 5);
    expect(y).toBeCloseTo(3.5, 5);
    expect(perf(r)).toBeCloseTo(-Math.SQRT1_2, 5);
    env.step(4);
    env.step(4);
    for (let t = 0; t < 5; t++) r = env.step(8);
    expect(r.observation[0]).toBeGreaterThan(3.7);
    expect(perf(r)).toBeLessThan(-OUTSIDE_PENALTY);
    expect(r.reward).toBeCloseTo((r.observation[0] + r.observation[1]) / Math.SQRT2, 5);
  });
});
