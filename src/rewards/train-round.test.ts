import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { RewardModel, type TransitionBatch } from './reward-model.js';
import { RewardTrainer } from './reward-trainer.js';
import { trainRound } from './train-round.js';

const batch = (rng: Rng, n: number): TransitionBatch => {
  const obs = Float32Array.from({ length: n * 3 }, () => rng.uniform(-1, 1));
  return { obs, nextObs: obs.slice(), actions: Float32Array.from({ length: n }, () => rng.int(2)), n };
};

describe('trainRound', () => {
  it('a round with nothing labelled (every warm-start pair was dropped) keeps the model as it was instead of failing', () => {
    const model = new RewardModel(3, { kind: 'discrete', n: 2 }, { hidden: [8] }, new Rng(1));
    const trainer = new RewardTrainer(model, { epochs: 2 });
    const before = model.meta();
    expect(() => trainRound(model, trainer, [], [], new Rng(2))).not.toThrow();
    expect(model.meta()).toEqual(before);
  });

  it('with labelled segments it re-standardises the model over them', () => {
    const rng = new Rng(3);
    const model = new RewardModel(3, { kind: 'discrete', n: 2 }, { hidden: [8] }, new Rng(1));
    const trainer = new RewardTrainer(model, { epochs: 2 });
    const pairs = Array.from({ length: 4 }, (_, i) => ({ id: `p${i}`, left: batch(rng, 5), right: batch(rng, 5), target: 1, heldOut: false }));
    trainRound(model, trainer, pairs, [], new Rng(2));
    expect(model.meta().calibrations).toBe(1);
  });
});
