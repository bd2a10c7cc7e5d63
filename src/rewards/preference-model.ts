/**
 * Bradley–Terry over summed segment rewards, with the random-answer term of Christiano et al.
 * (2017): P(left ≻ right) = ε·½ + (1 − ε)·σ(R_left − R_right), R = Σ_t r̂_t. Targets are 1, 0
 * or ½ ('equal'); answers without a preference are dropped before they get here.
 */

export interface PreferenceLoss {
  /** Cross-entropy of the target under the model. */
  loss: number;
  /** P(left ≻ right). */
  p: number;
  /** dLoss / d(R_left − R_right). */
  dDelta: number;
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export function preferenceLoss(delta: number, target: number, randomAnswerProb = 0.1): PreferenceLoss {
  const s = sigmoid(delta);
  const eps = randomAnswerProb;
  const p = eps * 0.5 + (1 - eps) * s;
  const pc = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
  const loss = -(target * Math.log(pc) + (1 - target) * Math.log(1 - pc));
  const dP = -target / pc + (1 - target) / (1 - pc);
  return { loss, p, dDelta: dP * (1 - eps) * s * (1 - s) };
}

/** Whether a prediction agrees with a label (ties '½' count as agreeing when |P − ½| < 0.1). */
export function agrees(p: number, target: number): boolean {
  if (target === 0.5) return Math.abs(p - 0.5) < 0.1;
  return target === 1 ? p > 0.5 : p < 0.5;
}
