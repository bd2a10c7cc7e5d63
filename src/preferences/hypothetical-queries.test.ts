/** The hypothetical-state query generator: it asks about the states its objective points at. */
import { describe, expect, it } from 'vitest';
import '../envs/index.js';
import { make } from '../envs/registry.js';
import { hideReward } from '../wrappers/hide-reward.js';
import { ConfigError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { unseal } from '../core/sealed.js';
import type { RewardFreeEnv } from '../core/env.js';
import type { Action, Fragment } from '../core/types.js';
import { SyntheticTeacher } from './synthetic-teacher.js';
import { HypotheticalQueryGenerator, type ClipRewardPredictor, type HypotheticalQueryOptions } from './hypothetical-queries.js';

const sim = () => hideReward(make('TrapNavigation-v0')) as RewardFreeEnv<Float32Array, Action>;
const uniformState = (rng: Rng) => [rng.next(), rng.next()];

/** Two members that agree (reward = y) everywhere except right of x = 0.8, where one says +5 per step more and the other 5 less (same mean). */
const splitEnsemble: ClipRewardPredictor = (obs) => {
  const steps = obs.length - 1;
  const member = (sign: number) => Float64Array.from({ length: steps }, (_, t) => obs[t + 1][1] + (obs[t + 1][0] > 0.8 ? sign * 5 : 0));
  return [member(1), member(-1)];
};

const startX = (f: Fragment) => f.observations[0][0];
const startY = (f: Fragment) => f.observations[0][1];

function generator(o: Partial<HypotheticalQueryOptions>, predict: ClipRewardPredictor | null = splitEnsemble) {
  return new HypotheticalQueryGenerator({ simulator: sim(), sampleState: uniformState, ...(predict ? { predict } : {}) }, { candidates: 64, clipLength: 3, ...o });
}

describe('HypotheticalQueryGenerator', () => {
  it('disagreement: every query shows a clip from the region where the members disagree', () => {
    const pairs = generator({ objectives: ['disagreement'] }).propose(6, new Rng(1));
    expect(pairs).toHaveLength(6);
    for (const p of pairs) expect(Math.max(startX(p.left), startX(p.right))).toBeGreaterThan(0.75);
  });

  it('reward-high and reward-low point at opposite ends of what the model believes', () => {
    const same: ClipRewardPredictor = (obs) => [Float64Array.from({ length: obs.length - 1 }, (_, t) => obs[t + 1][1])]; // reward = y
    const high = generator({ objectives: ['reward-high'] }, same).propose(4, new Rng(2));
    const low = generator({ objectives: ['reward-low'] }, same).propose(4, new Rng(2));
    for (const p of high) expect(Math.max(startY(p.left), startY(p.right))).toBeGreaterThan(0.85);
    for (const p of low) expect(Math.min(startY(p.left), startY(p.right))).toBeLessThan(0.15);
  });

  it('novelty: asks away from what the agent visited (no model needed)', () => {
    const g = generator({ objectives: ['novelty'], candidates: 128 }, null);
    const rng = new Rng(3);
    // the agent has seen only the left half of the square
    g.addReference(Array.from({ length: 300 }, () => Float32Array.of(rng.next() * 0.5, rng.next())), rng);
    for (const p of g.propose(8, rng)) expect(Math.max(startX(p.left), startX(p.right))).toBeGreaterThan(0.8);
  });

  it('clips are played in the simulator from the proposed state and answered from the hidden reward', async () => {
    const trapCentre: ClipRewardPredictor = (obs) => [Float64Array.from({ length: obs.length - 1 }, (_, t) => -Math.hypot(obs[t + 1][0] - 0.25, obs[t + 1][1] - 0.25))];
    const g = new HypotheticalQueryGenerator({ simulator: sim(), sampleState: uniformState, predict: trapCentre, clipPolicy: () => () => Float32Array.of(0, 0) }, { objectives: ['reward-high'], candidates: 40, clipLength: 4 });
    const [pair] = g.propose(1, new Rng(4));
    const top = Math.hypot(startX(pair.left) - 0.25, startY(pair.left) - 0.25) < Math.hypot(startX(pair.right) - 0.25, startY(pair.right) - 0.25) ? 'left' : 'right';
    const inTrap = pair[top];
    expect(inTrap.actions).toHaveLength(4);
    expect(inTrap.evaluation.map((e) => unseal(e).reward)).toEqual([-10, -10, -10, -10]);
    const answer = await new SyntheticTeacher({}, 0).ask(pair);
    expect(answer.answer).toBe(top === 'left' ? 'right' : 'left');
  });

  it('refuses bad options with the field named', () => {
    expect(() => generator({ objectives: [] })).toThrow(ConfigError);
    expect(() => generator({ objectives: ['bogus' as never] })).toThrow(/hypothetical objective/);
    expect(() => generator({ objectives: ['disagreement'] }, null)).toThrow(/predict/);
    expect(() => generator({ candidates: 4 }).propose(3, new Rng(0))).toThrow(/2·count/);
  });
});
