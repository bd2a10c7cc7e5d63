/**
 * Synthetic teachers of the B-Pref family (Lee et al. 2021). They judge segments by the
 * HIDDEN true reward (or hidden performance), so this is evaluation code and may unseal.
 * Answers are drawn from the teacher's seeded Rng in the order `ask` is called, so an
 * optional simulated latency reorders arrivals without changing any answer.
 */
import { ConfigError, show } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { streamRng } from '../core/seed-streams.js';
import { unseal } from '../core/sealed.js';
import type { Fragment, FragmentPair, PreferenceAnswer } from '../core/types.js';
import type { FeedbackAnswer, FeedbackSource } from './feedback-source.js';

export interface TeacherOptions {
  /** Boltzmann rationality; Infinity = deterministic oracle. Default Infinity. */
  beta: number;
  /** Myopic discount: step t of H weighs γ^(H−1−t); 1 = none. Default 1. */
  gamma: number;
  /** Probability of flipping a strict preference (a mistake). Default 0. */
  epsilon: number;
  /** Answer 'skip' when both segments' returns are below this. Default −Infinity (never). */
  skipThreshold: number;
  /** Answer 'equal' when |Δreturn| ≤ this. Default 0 (only exact ties). */
  equalThreshold: number;
  /** Judge by the hidden reward or the hidden performance (safety gridworlds). Default 'reward'. */
  metric: 'reward' | 'performance';
  /** Simulated latency in ms (0 = answer on the next tick); jittered so answers arrive out of order. */
  delayMs: number;
}

export const TEACHER_DEFAULTS: TeacherOptions = { beta: Infinity, gamma: 1, epsilon: 0, skipThreshold: -Infinity, equalThreshold: 0, metric: 'reward', delayMs: 0 };

/** B-Pref's named teachers. */
export const TEACHER_PRESETS: Record<string, Partial<TeacherOptions>> = {
  oracle: {},
  stoc: { beta: 1 },
  mistake: { epsilon: 0.1 },
  myopic: { gamma: 0.9 },
  skip: { skipThreshold: 0.1 },
  equal: { equalThreshold: 0.1 },
};

const KEYS: Record<string, keyof TeacherOptions> = { beta: 'beta', gamma: 'gamma', eps: 'epsilon', epsilon: 'epsilon', skip: 'skipThreshold', equal: 'equalThreshold', metric: 'metric', delay: 'delayMs' };

/** `synthetic`, `synthetic:mistake`, `synthetic:beta=1,eps=0.1,metric=performance`. */
export function parseTeacherSpec(spec: string): Partial<TeacherOptions> {
  const [head, rest] = spec.split(/:(.*)/s, 2);
  if (head !== 'synthetic') throw new ConfigError('feedback', spec, "a synthetic teacher spec starts with 'synthetic'");
  const out: Partial<TeacherOptions> = {};
  if (!rest) return out;
  for (const part of rest.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!part.includes('=')) {
      const preset = TEACHER_PRESETS[part];
      if (!preset) throw new ConfigError('feedback teacher', part, `is not a known teacher; use one of ${Object.keys(TEACHER_PRESETS).join(', ')} or key=value with keys ${Object.keys(KEYS).join(', ')}`);
      Object.assign(out, preset);
      continue;
    }
    const [k, v] = part.split('=', 2);
    const key = KEYS[k];
    if (!key) throw new ConfigError(`feedback option ${k}`, v, `is not a teacher option; valid keys: ${Object.keys(KEYS).join(', ')}`);
    if (key === 'metric') {
      if (v !== 'reward' && v !== 'performance') throw new ConfigError('feedback option metric', v, "must be 'reward' or 'performance'");
      out.metric = v;
      continue;
    }
    const n = v === 'inf' || v === 'Infinity' ? Infinity : Number(v);
    if (v.trim() === '' || Number.isNaN(n)) throw new ConfigError(`feedback option ${k}`, v, 'must be a number');
    if ((key === 'epsilon' && (n < 0 || n > 1)) || (key === 'gamma' && (n <= 0 || n > 1)) || (key === 'beta' && n <= 0) || (key === 'delayMs' && n < 0)) {
      throw new ConfigError(`feedback option ${k}`, n, key === 'epsilon' ? 'must be in [0, 1]' : key === 'gamma' ? 'must be in (0, 1]' : 'must be positive');
    }
    (out as Record<string, number>)[key] = n;
  }
  return out;
}

export class SyntheticTeacher implements FeedbackSource {
  readonly name: string;
  readonly options: TeacherOptions;
  get immediate(): boolean {
    return this.options.delayMs <= 0;
  }

  /** Seed of the per-query noise streams: the answer to a query depends on (seed, query id) only, never on what was asked before — so a resumed run gets the same answers. */
  readonly seed: number;
  constructor(
    options: Partial<TeacherOptions>,
    seed: number | Rng,
  ) {
    this.seed = typeof seed === 'number' ? seed : seed.int(0x7fffffff);
    this.options = { ...TEACHER_DEFAULTS, ...options };
    const o = this.options;
    this.name = `synthetic(β=${o.beta},γ=${o.gamma},ε=${o.epsilon},skip=${o.skipThreshold},equal=${o.equalThreshold},${o.metric})`;
    for (const [k, v] of Object.entries(o)) if (typeof v === 'number' && Number.isNaN(v)) throw new ConfigError(`teacher ${k}`, v, 'must be a number');
    if (!(o.epsilon >= 0 && o.epsilon <= 1)) throw new ConfigError('teacher epsilon', o.epsilon, 'must be in [0, 1]');
    if (!(o.gamma > 0 && o.gamma <= 1)) throw new ConfigError('teacher gamma', o.gamma, 'must be in (0, 1]');
    if (!(o.beta > 0)) throw new ConfigError('teacher beta', show(o.beta), 'must be positive');
  }

  /** The teacher's (possibly myopic) value of a segment under the hidden reward. */
  segmentValue(f: Fragment): number {
    const H = f.evaluation.length;
    let v = 0;
    f.evaluation.forEach((s, t) => {
      const signal = unseal(s);
      v += (this.options.gamma === 1 ? 1 : this.options.gamma ** (H - 1 - t)) * (this.options.metric === 'reward' ? signal.reward : signal.performance);
    });
    return v;
  }

  /** The answer, decided now, from the query's own noise stream `teacher/<pair id>`. */
  decide(pair: FragmentPair): PreferenceAnswer {
    return this.decideWith(pair, streamRng(this.seed, `teacher/${pair.id}`));
  }

  private decideWith(pair: FragmentPair, rng: Rng): PreferenceAnswer {
    const o = this.options;
    const l = this.segmentValue(pair.left);
    const r = this.segmentValue(pair.right);
    const u = rng.next();
    const flip = rng.next() < o.epsilon;
    if (l < o.skipThreshold && r < o.skipThreshold) return 'skip';
    if (Math.abs(l - r) <= o.equalThreshold) return 'equal';
    let left: boolean;
    if (o.beta === Infinity) left = l > r;
    else left = u < 1 / (1 + Math.exp(-o.beta * (l - r)));
    if (flip) left = !left;
    return left ? 'left' : 'right';
  }

  ask(pair: FragmentPair): Promise<FeedbackAnswer> {
    const rng = streamRng(this.seed, `teacher/${pair.id}`);
    const answer: FeedbackAnswer = { pairId: pair.id, answer: this.decideWith(pair, rng), labeler: 'synthetic' };
    const jitter = rng.next();
    if (this.options.delayMs <= 0) return Promise.resolve(answer);
    return new Promise((resolve) => setTimeout(() => resolve(answer), this.options.delayMs * (0.5 + jitter)));
  }
}
