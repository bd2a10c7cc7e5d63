import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { correctOf, formatAccuracy, formatAccuracyShare, formatHeldOutAccuracy } from './accuracy-format.js';

describe('the one accuracy format', () => {
  it('prints the share, k/n and the exact 95% interval rounded outwards', () => {
    // 182 of 200: Clopper–Pearson [0.861492, 0.945786] (scipy beta.ppf(0.025, 182, 19), beta.ppf(0.975, 183, 18)).
    expect(formatAccuracy(182, 200)).toBe('0.91 (182/200; 95% CI 0.861–0.946)');
    // 8 of 8: lower = 0.025^(1/8) = 0.63058 → 0.63 (down), upper 1.
    expect(formatAccuracy(8, 8)).toBe('1 (8/8; 95% CI 0.63–1)');
    // 0 of 3: upper = 1 − 0.025^(1/3) = 0.70760 → 0.708 (up).
    expect(formatAccuracy(0, 3)).toBe('0 (0/3; 95% CI 0–0.708)');
    expect(formatAccuracy(1234, 2000)).toMatch(/^0\.617 \(1,234\/2,000; 95% CI /);
    expect(formatAccuracy(0, 0)).toBe('– (0 pairs)');
    // 90%: the level is named. 5 of 10 at 90%: [0.222, 0.778] (R binom.test conf.level 0.9: 0.2224411, 0.7775589).
    expect(formatAccuracy(5, 10, 0.9)).toBe('0.5 (5/10; 90% CI 0.222–0.778)');
  });

  it('recovers k from a share k/n, and refuses a share that is no count (a mean, a median)', () => {
    expect(correctOf(0.75, 40)).toBe(30);
    expect(correctOf(2 / 3, 3)).toBe(2);
    expect(() => correctOf(0.7531, 40)).toThrow(ConfigError);
    expect(formatAccuracyShare(0.75, 40)).toBe(formatAccuracy(30, 40));
    expect(formatAccuracyShare(null, 40)).toBe('–');
  });

  it('a training round prints its held-out counts, and says when an older run did not record them', () => {
    expect(formatHeldOutAccuracy({ heldOutAccuracy: 0.91, heldOutScored: 200, heldOutCorrect: 182 })).toBe('0.91 (182/200; 95% CI 0.861–0.946)');
    expect(formatHeldOutAccuracy({ heldOutAccuracy: 0.91 })).toBe('0.91 (pair counts not recorded)');
    expect(formatHeldOutAccuracy(null)).toBe('–');
  });
});
