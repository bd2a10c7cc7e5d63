/**
 * A synthetic rater for single clips: the clip's hidden return (or hidden performance), mapped
 * linearly from [low, high] onto the 1…levels scale, plus Gaussian noise (in rating units), then
 * rounded and clipped to the scale. Evaluation code (it unseals). The noise of a clip is drawn
 * from the stream `rater/<fragment id>`, so a clip's rating depends on (seed, id) only.
 */
import { ConfigError, checkNumber } from '../core/errors.js';
import { unseal } from '../core/sealed.js';
import { streamRng } from '../core/seed-streams.js';
import type { Fragment } from '../core/types.js';

export interface RaterOptions {
  /** Scale 1…levels. Default 5. */
  levels: number;
  /** Return that maps to rating 1 (and below). Required. */
  low: number;
  /** Return that maps to the top rating (and above). Required. */
  high: number;
  /** Std of the Gaussian noise added before rounding, in rating units. Default 0.5. */
  noise: number;
  /** Judge by the hidden reward or the hidden performance. Default 'reward'. */
  metric: 'reward' | 'performance';
}

export class SyntheticRater {
  readonly options: RaterOptions;
  constructor(
    options: Partial<RaterOptions> & { low: number; high: number },
    readonly seed: number,
  ) {
    const o = { levels: 5, noise: 0.5, metric: 'reward' as const, ...options };
    checkNumber('rater levels', o.levels, { min: 2, integer: true });
    checkNumber('rater noise', o.noise, { min: 0 });
    checkNumber('rater low', o.low, {});
    if (!(o.high > o.low)) throw new ConfigError('rater high', o.high, `must be above rater low (${o.low})`);
    if (o.metric !== 'reward' && o.metric !== 'performance') throw new ConfigError('rater metric', o.metric, "must be 'reward' or 'performance'");
    this.options = o;
  }

  /** The clip's hidden return under the rater's metric. */
  clipValue(f: Fragment): number {
    return f.evaluation.reduce((s, e) => s + (this.options.metric === 'reward' ? unseal(e).reward : unseal(e).performance), 0);
  }

  /** An integer rating in 1…levels. */
  rate(f: Fragment): number {
    const { levels, low, high, noise } = this.options;
    const exact = 1 + ((this.clipValue(f) - low) / (high - low)) * (levels - 1);
    const noisy = exact + (noise > 0 ? streamRng(this.seed, `rater/${f.id}`).normal(0, noise) : 0);
    return Math.min(levels, Math.max(1, Math.round(noisy)));
  }
}
