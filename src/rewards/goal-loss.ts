/**
 * Goal examples ("this is what done looks like") trained as a classifier reward, success-detector
 * style: the per-state raw output is the logit of P(goal | state), fitted with a logistic loss
 * against negatives (the agent's or otherwise visited states the user did not mark). The two
 * classes are weighted equally (mean loss over goal states + mean over the others, halved),
 * because a handful of marked goal states usually faces many visited ones.
 */
import type { RewardModel, TransitionBatch } from './reward-model.js';
import { segmentOutputs, type TermGradient } from './segment-outputs.js';

export interface GoalExample {
  id: string;
  /** States (as transitions: the reward model may read the action) that share one label. */
  states: TransitionBatch;
  /** True: marked as a goal state. False: a negative (visited, not marked). */
  goal: boolean;
}

const logSigmoid = (x: number) => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export function goalTerm(model: RewardModel, member: number, items: readonly GoalExample[]): TermGradient {
  const { out, offsets } = segmentOutputs(model, member, items.map((it) => it.states));
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < items.length; i++) {
    if (items[i].goal) pos += offsets[i + 1] - offsets[i];
    else neg += offsets[i + 1] - offsets[i];
  }
  const classes = (pos > 0 ? 1 : 0) + (neg > 0 ? 1 : 0);
  const dOut = new Float32Array(out.length);
  let loss = 0;
  items.forEach((it, i) => {
    const w = 1 / ((it.goal ? pos : neg) * classes);
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const z = out[k];
      loss -= w * (it.goal ? logSigmoid(z) : logSigmoid(-z));
      dOut[k] = w * (sigmoid(z) - (it.goal ? 1 : 0));
    }
  });
  return { loss, dOut, out };
}
