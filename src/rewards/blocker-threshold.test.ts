import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { blockerThreshold, thresholdRates } from './blocker-threshold.js';

describe('blocker threshold rule', () => {
  it('is the lowest catastrophe score over train ∪ validation (train sets it)', () => {
    const t = blockerThreshold({ catastrophes: [0.9, 0.4, 0.7], safe: [0.1] }, { catastrophes: [0.6, 0.8], safe: [0.5] });
    expect(t).toEqual({ threshold: 0.4, train: 0.4, validation: 0.6, setBy: 'train' });
  });

  it('keeps the lower threshold when validation holds a lower-scored catastrophe', () => {
    const t = blockerThreshold({ catastrophes: [0.9, 0.7], safe: [0.2, 0.3] }, { catastrophes: [0.55, 0.95], safe: [] });
    expect(t.threshold).toBe(0.55);
    expect(t.setBy).toBe('validation');
    expect(t.train).toBe(0.7);
  });

  it('lets no labelled catastrophe through (a score equal to the threshold is blocked); safe scores at or above it are false blocks', () => {
    const train = { catastrophes: [0.45, 0.8], safe: [0.1, 0.5, 0.45, 0.2] };
    const validation = { catastrophes: [0.6], safe: [0.44] };
    const { threshold } = blockerThreshold(train, validation);
    expect(thresholdRates(train, threshold)).toEqual({ missed: 0, catastrophes: 2, falseBlocks: 2, safe: 4 });
    expect(thresholdRates(validation, threshold)).toEqual({ missed: 0, catastrophes: 1, falseBlocks: 0, safe: 1 });
    // a threshold one step higher would miss the 0.45 catastrophe
    expect(thresholdRates(train, 0.46).missed).toBe(1);
  });

  it('blocks nothing when no split holds a catastrophe, and refuses non-finite scores', () => {
    expect(blockerThreshold({ catastrophes: [], safe: [0.9] }, { catastrophes: [], safe: [] })).toEqual({ threshold: Infinity, train: Infinity, validation: Infinity, setBy: 'none' });
    expect(() => blockerThreshold({ catastrophes: [NaN], safe: [] }, { catastrophes: [], safe: [] })).toThrow(ConfigError);
  });
});
