/**
 * Finite-difference check of a loss term's gradient with respect to one member's network
 * parameters: the analytic gradient (backward of the term's dOut) against central differences
 * (L(θ + h) − L(θ − h)) / (θ₊ − θ₋) on a sample of parameters. Parameters are float32, so the
 * denominator uses the values actually stored. For tests of new loss terms.
 */
import type { Rng } from '../core/rng.js';
import type { RewardModel } from './reward-model.js';
import type { TermGradient } from './segment-outputs.js';

export interface GradientCheckOptions {
  /** Parameters to perturb (drawn without replacement). Default 24. */
  samples: number;
  /** Perturbation. Default 1e-2 (float32 parameters: smaller steps drown in rounding). */
  h: number;
}

export interface GradientCheckResult {
  /** max |analytic − numeric| / max(1e-3, |analytic| + |numeric|) over the checked parameters. */
  maxRelativeError: number;
  checked: number;
  /** Largest |numeric| seen (a check on all-zero gradients proves nothing). */
  maxNumeric: number;
}

export function checkTermGradient(model: RewardModel, member: number, term: () => TermGradient, rng: Rng, options: Partial<GradientCheckOptions> = {}): GradientCheckResult {
  const { samples, h } = { samples: 24, h: 1e-2, ...options };
  const net = model.nets[member];
  const t = term();
  net.zeroGrad();
  net.backward(t.dOut);
  const analytic = Float64Array.from(net.grads);
  const idx = Array.from({ length: net.params.length }, (_, i) => i);
  rng.shuffle(idx);
  let maxRelativeError = 0;
  let maxNumeric = 0;
  for (const k of idx.slice(0, samples)) {
    const p = net.params[k];
    net.params[k] = p + h;
    const up = net.params[k];
    const lUp = term().loss;
    net.params[k] = p - h;
    const down = net.params[k];
    const lDown = term().loss;
    net.params[k] = p;
    const numeric = (lUp - lDown) / (up - down);
    maxNumeric = Math.max(maxNumeric, Math.abs(numeric));
    maxRelativeError = Math.max(maxRelativeError, Math.abs(analytic[k] - numeric) / Math.max(1e-3, Math.abs(analytic[k]) + Math.abs(numeric)));
  }
  return { maxRelativeError, checked: Math.min(samples, idx.length), maxNumeric };
}
