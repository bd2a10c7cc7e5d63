import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { ConfigError } from '../core/errors.js';
import { BlockerClassifier, type BlockerExample } from './blocker-classifier.js';

/** A 1-d world: action 1 ("forward") is catastrophic beyond x = 0.6; action 0 is always safe. */
function examples(n: number, rng: Rng): BlockerExample[] {
  return Array.from({ length: n }, () => {
    const x = rng.uniform(0, 1);
    const action = rng.int(2);
    return { observation: Float32Array.of(x, 1 - x), action, catastrophe: action === 1 && x > 0.6 };
  });
}

describe('BlockerClassifier', () => {
  it('after fit no labelled catastrophe of train or validation passes, and it learns where the edge is', () => {
    const data = examples(400, new Rng(1));
    const clf = new BlockerClassifier(2, 2, new Rng(2));
    const fit = clf.fit(data, new Rng(3));
    expect(fit.train.missed).toBe(0);
    expect(fit.validation.missed).toBe(0);
    expect(fit.train.catastrophes + fit.validation.catastrophes).toBe(data.filter((e) => e.catastrophe).length);
    for (const e of data.filter((d) => d.catastrophe)) expect(clf.blocks(e.observation, e.action)).toBe(true);
    // new points: deep in the catastrophic region blocked, far from it let through; the safe action there is 0
    expect(clf.blocks(Float32Array.of(0.95, 0.05), 1)).toBe(true);
    expect(clf.blocks(Float32Array.of(0.1, 0.9), 1)).toBe(false);
    expect(clf.blocks(Float32Array.of(0.95, 0.05), 0)).toBe(false);
    expect(clf.safest(Float32Array.of(0.95, 0.05))).toBe(0);
    // and few safe examples are blocked
    expect(fit.train.falseBlocks / fit.train.safe).toBeLessThan(0.2);
  });

  it('a catastrophe only the validation split holds still sets the threshold: it is blocked too', () => {
    // one catastrophe against the pattern (x = 0.1), which split rng 8 puts into validation: the model scores it near 0
    const odd = { observation: Float32Array.of(0.1, 0.9), action: 1, catastrophe: true };
    const clf = new BlockerClassifier(2, 2, new Rng(2), { epochs: 30 });
    const fit = clf.fit([...examples(200, new Rng(1)), odd], new Rng(8));
    expect(fit.threshold.setBy).toBe('validation');
    expect(fit.threshold.validation).toBeLessThan(fit.threshold.train);
    expect(clf.blocks(odd.observation, odd.action)).toBe(true);
    expect(fit.validation.missed).toBe(0);
  });

  it('the same seeds give the same threshold; bad input is a ConfigError naming the field', () => {
    const fitOnce = () => new BlockerClassifier(2, 2, new Rng(2)).fit(examples(100, new Rng(1)), new Rng(3)).threshold.threshold;
    expect(fitOnce()).toBe(fitOnce());
    const clf = new BlockerClassifier(2, 2, new Rng(0));
    expect(() => clf.fit([], new Rng(0))).toThrow(ConfigError);
    expect(() => clf.score(Float32Array.of(1, 2, 3), 0)).toThrow(/observation length/);
    expect(() => clf.score(Float32Array.of(1, 2), 2)).toThrow(/blocker action/);
    expect(() => new BlockerClassifier(2, 2, new Rng(0), { validationShare: 1 })).toThrow(/validationShare/);
  });
});
