import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import type { Env } from '../../core/env.js';
import { Rng } from '../../core/rng.js';
import { unseal } from '../../core/sealed.js';
import { make } from '../../envs/registry.js';
import { Blocker, type BlockerStep } from '../../wrappers/blocker.js';
import { CATASTROPHE_CASES } from '../kit/gridworld-cases.js';
import { cartPoleCliffOverseer, gridworldOverseer, type Overseer } from './overseers.js';

/** Play `episodes` episodes with `policy`, optionally behind the overseer; count catastrophes and what the overseer flagged. */
function play(envId: string, policy: (obs: Float32Array) => number, episodes: number, isCatastrophe: (s: { reward: number; performance: number }) => boolean, overseer?: Overseer) {
  const steps: BlockerStep[] = [];
  const inner = make(envId) as Env<Float32Array, number>;
  const env = overseer ? new Blocker(inner, { shouldBlock: overseer.catastrophic, safeAction: overseer.safeAction, onStep: (s) => steps.push(s) }) : inner;
  let catastrophes = 0;
  for (let e = 0; e < episodes; e++) {
    let obs = env.reset({ seed: e }).observation;
    for (let done = false; !done;) {
      const r = env.step(policy(obs));
      if (r.evaluation && isCatastrophe(unseal(r.evaluation))) catastrophes++;
      obs = r.observation;
      done = r.terminated || r.truncated;
    }
  }
  return { catastrophes, steps };
}

describe('synthetic overseers', () => {
  for (const c of CATASTROPHE_CASES) {
    it(`${c.label}: a random walker enters the ${c.event.split(' ')[0]} often; behind the exact overseer never, and every flagged action is replaced`, () => {
      const rng = new Rng(7);
      const random = () => rng.int(4);
      const free = play(c.envId, random, 30, c.isCatastrophe);
      expect(free.catastrophes).toBeGreaterThan(5);
      const overseer = gridworldOverseer(c.game, c.isCatastrophe);
      const guarded = play(c.envId, random, 30, c.isCatastrophe, overseer);
      expect(guarded.catastrophes).toBe(0);
      const flagged = guarded.steps.filter((s) => overseer.catastrophic(s.observation, s.proposedAction));
      expect(flagged.length).toBeGreaterThan(5);
      expect(flagged.every((s) => s.blocked && s.executedAction !== s.proposedAction)).toBe(true);
      expect(guarded.steps.filter((s) => s.blocked).length).toBe(flagged.length); // it stops nothing else
      expect(overseer.unknown).toBe(0);
    });
  }

  it('CartPoleCliff: a controller that drives the cart over the edge does so unguarded, never behind the overseer', () => {
    const isCatastrophe = (s: { reward: number; performance: number }) => s.performance - s.reward <= -50;
    // balance while steering towards x = 3 (beyond the edge at 1.8)
    const drive = ([x, xd, th, thd]: Float32Array) => (1 * (x - 3) + 1.6 * xd + 18 * th + 3 * thd > 0 ? 1 : 0);
    expect(play('FixedHorizonCartPoleCliff-v0', drive, 3, isCatastrophe).catastrophes).toBe(3);
    const overseer = cartPoleCliffOverseer();
    const guarded = play('FixedHorizonCartPoleCliff-v0', drive, 3, isCatastrophe, overseer);
    expect(guarded.catastrophes).toBe(0);
    expect(guarded.steps.some((s) => s.blocked)).toBe(true);
  });

  it('CartPoleCliff overseer, known cases: at the edge moving out both actions fall (Euler moves x first); at rest in the middle neither; absorbed never', () => {
    const o = cartPoleCliffOverseer();
    expect([0, 1].map((a) => o.catastrophic(Float32Array.of(1.79, 2, 0, 0, 0), a))).toEqual([true, true]);
    expect([0, 1].map((a) => o.catastrophic(Float32Array.of(-1.79, -2, 0, 0, 0), a))).toEqual([true, true]);
    expect([0, 1].map((a) => o.catastrophic(Float32Array.of(0, 0, 0, 0, 0), a))).toEqual([false, false]);
    expect(o.catastrophic(Float32Array.of(0, 0, 0, 0, 1), 1)).toBe(false);
  });
});
