/**
 * Gao et al. 2022's functional forms for the true ("gold") reward as optimisation pressure on a
 * proxy grows, with d = sqrt(KL(π ‖ π0)) and R measured relative to π0 (R(0) = 0):
 *   best-of-n:            R(d) = d (α − β d)       turnover d* = α / (2β)
 *   RL (KL-regularised):  R(d) = d (α − β log d)   turnover d* = exp(α/β − 1)
 * Both are linear in (α, β), so least squares is one 2×2 normal-equation solve. A fit with
 * β ≤ 0 has no turnover (the curve never falls): `turnoverD` is null.
 */
import { ConfigError } from '../../core/errors.js';

export type GaoForm = 'best-of-n' | 'kl';

export interface GaoFit {
  form: GaoForm;
  alpha: number;
  beta: number;
  /** d at the fitted maximum; null when β ≤ 0 (no turnover). */
  turnoverD: number | null;
  /** KL at the fitted maximum (turnoverD²). */
  turnoverKl: number | null;
  /** The fitted R at the turnover (relative to π0). */
  peak: number | null;
  /** Root mean squared residual over the points fitted. */
  rmse: number;
  points: number;
}

/** The second basis function of each form: R = α·d − β·g(d). */
const SECOND: Record<GaoForm, (d: number) => number> = {
  'best-of-n': (d) => d * d,
  kl: (d) => (d > 0 ? d * Math.log(d) : 0),
};

/** The fitted curve's value at d. */
export function gaoValue(fit: Pick<GaoFit, 'form' | 'alpha' | 'beta'>, d: number): number {
  return fit.alpha * d - fit.beta * SECOND[fit.form](d);
}

/**
 * Least-squares fit of `form` to points (d, r), r the true return relative to π0's. Points with
 * d = 0 carry no information on (α, β) (both basis functions vanish) and are left out.
 */
export function fitGao(form: GaoForm, points: readonly { d: number; r: number }[]): GaoFit {
  if (!(form in SECOND)) throw new ConfigError('form', form, "must be 'best-of-n' or 'kl'");
  const g = SECOND[form];
  const use = points.filter((p) => p.d > 0 && Number.isFinite(p.d) && Number.isFinite(p.r));
  let s11 = 0, s12 = 0, s22 = 0, b1 = 0, b2 = 0;
  for (const { d, r } of use) {
    const x1 = d;
    const x2 = -g(d);
    s11 += x1 * x1;
    s12 += x1 * x2;
    s22 += x2 * x2;
    b1 += x1 * r;
    b2 += x2 * r;
  }
  const det = s11 * s22 - s12 * s12;
  if (use.length < 2 || !(Math.abs(det) > 1e-12 * Math.max(1, s11 * s22))) {
    throw new ConfigError('points', use.length, `must hold at least two points with distinct d > 0 to fit the ${form} form`);
  }
  const alpha = (b1 * s22 - b2 * s12) / det;
  const beta = (s11 * b2 - s12 * b1) / det;
  const fit = { form, alpha, beta };
  const rmse = Math.sqrt(use.reduce((s, p) => s + (p.r - gaoValue(fit, p.d)) ** 2, 0) / use.length);
  let turnoverD: number | null = null;
  if (beta > 0) turnoverD = form === 'best-of-n' ? alpha / (2 * beta) : Math.exp(alpha / beta - 1);
  if (turnoverD !== null && !(turnoverD > 0 && Number.isFinite(turnoverD))) turnoverD = null; // α ≤ 0: the curve only falls
  return { form, alpha, beta, turnoverD, turnoverKl: turnoverD === null ? null : turnoverD ** 2, peak: turnoverD === null ? null : gaoValue(fit, turnoverD), rmse, points: use.length };
}

/** Fit a curve of points (d, true return) relative to the return at d = 0 (`baseTrue`). */
export function fitCurve(form: GaoForm, curve: readonly { d: number; true: number }[], baseTrue: number): GaoFit {
  return fitGao(form, curve.map((p) => ({ d: p.d, r: p.true - baseTrue })));
}
