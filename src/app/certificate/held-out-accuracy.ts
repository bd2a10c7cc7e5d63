/**
 * Held-out preference accuracy of the certified reward model, recomputed from what the run
 * stores: the answers folded into its dataset at the checkpoint (loop.json `folded`, minus the
 * retractions it had processed), the held-out ones among them (membership is a property of the
 * query: stream `held-out/<id>` < heldOutShare), their fragments from the store's query
 * payloads, and the checkpoint's reward model. Accuracy is the trainer's: the share of strict
 * preferences where the members' mean summed-reward difference gives P(left ≻ right) on the
 * answered side. Deterministic, so a checker recomputes exactly the certified numbers.
 */
import { join } from 'node:path';
import { clopperPearson } from '../../analysis/confidence.js';
import { DataFormatError } from '../../core/errors.js';
import { streamUniform } from '../../core/seed-streams.js';
import { preferenceTarget, type PreferenceAnswer } from '../../core/types.js';
import type { FeedbackStore } from '../../feedback/feedback-store.js';
import { decodePair } from '../../loop/fragment-codec.js';
import type { LoopState } from '../../loop/reward-modeling-loop.js';
import { agrees, preferenceLoss } from '../../rewards/preference-model.js';
import { fragmentBatch, type RewardModel, type TransitionBatch } from '../../rewards/reward-model.js';
import { readJson } from '../../runs/run-dir.js';
import type { RunInputs } from './run-inputs.js';
import type { HeldOutAccuracyPredicate } from './statement.js';

export interface HeldOutAccuracyOptions {
  /** Two-sided confidence of the interval. Default 0.95. */
  confidence?: number;
}

/** Σ r̂ over a fragment, averaged over the ensemble's members (raw outputs, as the trainer scores). */
function meanSum(model: RewardModel, batch: TransitionBatch): number {
  const f = model.features(batch);
  let s = 0;
  for (let m = 0; m < model.nets.length; m++) for (const v of model.memberRaw(m, f, batch.n)) s += v;
  return s / model.nets.length;
}

export async function heldOutAccuracy(inputs: RunInputs, model: RewardModel, store: FeedbackStore, o: HeldOutAccuracyOptions = {}): Promise<HeldOutAccuracyPredicate> {
  const loopFile = join(inputs.checkpointDir, 'loop.json');
  const state = readJson<LoopState>(loopFile, 'loop state');
  if (!Array.isArray(state.folded)) throw new DataFormatError(`${loopFile}: has no folded answer list`);
  const bySeq = new Map((await store.feedback({ withRetracted: true })).map((r) => [r.seq, r]));
  const retracted = new Set((await store.retractions()).filter((r) => r.seq <= state.retractionUpto).map((r) => r.feedbackSeq));
  const { seed, heldOutShare, rewardTrainer } = inputs.config;
  const eps = rewardTrainer?.randomAnswerProb ?? 0.1;
  let pairs = 0;
  let strict = 0;
  let correct = 0;
  for (const seq of state.folded) {
    if (retracted.has(seq)) continue;
    const rec = bySeq.get(seq);
    if (!rec) throw new DataFormatError(`${loopFile}: answer seq ${seq} is not in the feedback store`);
    const target = preferenceTarget(rec.answer as PreferenceAnswer);
    if (target === null || !(streamUniform(seed, `held-out/${rec.queryId}`) < heldOutShare)) continue;
    const query = await store.query(rec.queryId);
    if (!query) throw new DataFormatError(`feedback store: answer ${seq} names query ${rec.queryId}, which is not stored`);
    pairs++;
    if (target === 0.5) continue;
    const pair = decodePair(query.payload, `query ${rec.queryId}`);
    const delta = meanSum(model, fragmentBatch(pair.left.observations, pair.left.actions)) - meanSum(model, fragmentBatch(pair.right.observations, pair.right.actions));
    strict++;
    if (agrees(preferenceLoss(delta, target, eps).p, target)) correct++;
  }
  return {
    pairs, strict, correct, accuracy: strict ? correct / strict : null,
    interval: strict ? clopperPearson(correct, strict, o.confidence ?? 0.95) : null,
    recordedByRun: state.lastTraining?.heldOutAccuracy ?? null,
  };
}
