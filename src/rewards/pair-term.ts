/**
 * The Bradley–Terry term over labelled segment pairs, as one loss term of the mixed reward
 * trainer. Preferences, demonstration ≻ agent pairs (Ibarz et al. 2018), T-REX/D-REX snippet
 * pairs (Brown et al. 2019, 2020) and corrected ≻ original pairs all arrive here as
 * `LabeledPair`s; only their weight in `FeedbackWeights` differs. Mean over the pairs.
 */
import { preferenceLoss } from './preference-model.js';
import type { RewardModel } from './reward-model.js';
import type { LabeledPair } from './reward-trainer.js';
import { segmentOutputs, spreadSegmentGrads, type TermGradient } from './segment-outputs.js';

export function pairTerm(model: RewardModel, member: number, pairs: readonly LabeledPair[], randomAnswerProb = 0.1): TermGradient {
  const { sums, offsets, out } = segmentOutputs(model, member, pairs.flatMap((p) => [p.left, p.right]));
  const dSums = new Float64Array(sums.length);
  let loss = 0;
  pairs.forEach((pair, i) => {
    const l = preferenceLoss(sums[2 * i] - sums[2 * i + 1], pair.target, randomAnswerProb);
    loss += l.loss / pairs.length;
    dSums[2 * i] = l.dDelta / pairs.length;
    dSums[2 * i + 1] = -l.dDelta / pairs.length;
  });
  return { loss, dOut: spreadSegmentGrads(offsets, dSums), out };
}
