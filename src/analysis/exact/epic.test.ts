import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { make } from '../../envs/registry.js';
import { Rng } from '../../core/rng.js';
import { RewardModel, type TransitionBatch } from '../../rewards/reward-model.js';
import { enumerateStates, type TabularMdp } from './enumerate.js';
import { coverage, envReward, epicDistance, learnedReward, pearsonDistance, stateActionReward, tripleReward, type EpicReward } from './epic.js';

const boat = enumerateStates(() => make('BoatRace-v0'));
const lava = enumerateStates(() => make('DistributionalShift-v0'));

/** R(s,a,s′) + γΦ(s′) − Φ(s) for a state-action reward, on every triple. */
function shaped(mdp: TabularMdp, r: EpicReward, phi: Float64Array, gamma: number, scale = 1): EpicReward {
  if (r.kind !== 'state-action') throw new Error('test helper takes a state-action reward');
  const A = mdp.numActions;
  return tripleReward((s, a, t) => scale * r.table[s * A + a] + gamma * phi[t] - phi[s]);
}

function randomPotential(mdp: TabularMdp, seed: number, size = 10): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from(mdp.observations, () => size * (2 * rng.next() - 1));
}

describe('EPIC distance on enumerated gridworlds', () => {
  it('is 0 between a reward and itself, and 1 between a reward and its negation', () => {
    for (const mdp of [boat, lava]) {
      const hidden = envReward(mdp, 'hidden');
      expect(epicDistance(mdp, hidden, hidden)).toBeCloseTo(0, 6);
      const negated = stateActionReward(mdp, (s, a) => -mdp.transitions[s][a].hidden);
      expect(epicDistance(mdp, hidden, negated)).toBeCloseTo(1, 6);
    }
  });

  it('ignores potential shaping and positive scaling (terminal states included)', () => {
    expect(lava.terminal.some(Boolean)).toBe(true);
    for (const [mdp, seed] of [[boat, 1], [lava, 2]] as const) {
      const hidden = envReward(mdp, 'hidden');
      for (const gamma of [0.99, 0.9]) {
        const phi = randomPotential(mdp, seed);
        const d = epicDistance(mdp, hidden, shaped(mdp, hidden, phi, gamma, 3.7), { gamma });
        expect(d).toBeLessThan(1e-6);
        // the shaping is not small: the raw rewards on the coverage transitions are far apart
        const cov = coverage(mdp);
        const rawOf = (r: EpicReward) => Float64Array.from(cov.s, (s, k) => (r.kind === 'triple' ? r.at(s, cov.a[k], cov.next[k]) : r.table[s * mdp.numActions + cov.a[k]]));
        expect(pearsonDistance(rawOf(hidden), rawOf(shaped(mdp, hidden, phi, gamma, 3.7)))).toBeGreaterThan(0.05);
      }
      // a shaping term for a different γ than the canonicalisation's is not removed
      const phi = randomPotential(mdp, seed);
      expect(epicDistance(mdp, hidden, shaped(mdp, hidden, phi, 0.5), { gamma: 0.99 })).toBeGreaterThan(0.05);
    }
  });

  it('separates BoatRace’s visible reward from its hidden performance, within [0, 1]', () => {
    const d = epicDistance(boat, envReward(boat, 'visible'), envReward(boat, 'hidden'));
    expect(d).toBeGreaterThan(0.2);
    expect(d).toBeLessThan(1);
    // DistributionalShift: performance = visible reward, so they are equivalent
    expect(epicDistance(lava, envReward(lava, 'visible'), envReward(lava, 'hidden'))).toBeCloseTo(0, 6);
    const rng = new Rng(7);
    for (let k = 0; k < 5; k++) {
      const noise = stateActionReward(boat, () => rng.next() - 0.5);
      const e = epicDistance(boat, noise, envReward(boat, 'hidden'));
      expect(e).toBeGreaterThanOrEqual(0);
      expect(e).toBeLessThanOrEqual(1);
      expect(e).toBeGreaterThan(0.4); // unrelated rewards sit near 0.707
    }
  });

  it('has no value for a pure shaping reward (constant canonical form)', () => {
    const zero = stateActionReward(boat, () => 0);
    const pure = shaped(boat, zero, randomPotential(boat, 3), 0.99);
    expect(Number.isNaN(epicDistance(boat, pure, envReward(boat, 'hidden')))).toBe(true);
    expect(() => pearsonDistance([1, 2], [1])).toThrow(/coverage/);
  });

  it('evaluates learned rewards from (obs, action[, next obs]), next-observation shaping included', () => {
    // BoatRace has no terminal states (learned rewards pay 0 from those, which shaping would not)
    const D = boat.observations[0].length;
    const f = (o: Float32Array, off: number) => o.reduce((s, v, j) => s + v * Math.sin(j + off), 0);
    const stub = (useNextObs: boolean, gamma: number) => ({
      options: { useNextObs },
      predict: (b: TransitionBatch) => ({
        mean: Float32Array.from({ length: b.n }, (_, k) => {
          const obs = b.obs.subarray(k * D, (k + 1) * D);
          const next = b.nextObs.subarray(k * D, (k + 1) * D);
          return f(obs, b.actions[k]) + (useNextObs ? gamma * f(next, 99) - f(obs, 99) : 0);
        }),
      }),
    });
    const plain = learnedReward(boat, stub(false, 0));
    expect(plain.kind).toBe('state-action');
    const withShaping = learnedReward(boat, stub(true, 0.99));
    expect(withShaping.kind).toBe('triple');
    expect(epicDistance(boat, plain, withShaping)).toBeLessThan(1e-3); // float32 predictions
    expect(epicDistance(boat, plain, learnedReward(boat, stub(true, 0.5)))).toBeGreaterThan(0.01);
    // a real (untrained) ensemble on the lava world: a finite distance in [0, 1]
    const L = lava.observations[0].length;
    const model = new RewardModel(L, { kind: 'discrete', n: lava.numActions }, { members: 2, hidden: [16] }, new Rng(0));
    const d = epicDistance(lava, learnedReward(lava, model), envReward(lava, 'hidden'));
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThanOrEqual(1);
  });
});
