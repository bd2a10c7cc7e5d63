/**
 * One reward-model round as the loop runs it: a training round on every folded label, then the
 * model is re-standardised over (at most 80 of) the labelled segments and rated clips, and any
 * `alsoCalibrateOn` segments (the folded demonstrations) — a broad,
 * stable reference. (Calibrating on the agent's own rollouts blows the scale up once its
 * behaviour, and so its reward, is uniform.) The same function runs in the loop's thread and in
 * the training thread (training-thread.ts), so both give the same model bit for bit.
 */
import type { Rng } from '../core/rng.js';
import type { RatedSegment } from './rating-loss.js';
import { concatBatches, type RewardModel, type TransitionBatch } from './reward-model.js';
import type { LabeledPair, RewardTrainer, RewardTrainingStats } from './reward-trainer.js';

export function trainRound(model: RewardModel, trainer: RewardTrainer, pairs: LabeledPair[], rated: readonly RatedSegment[], rng: Rng, alsoCalibrateOn: readonly TransitionBatch[] = []): RewardTrainingStats {
  const stats = trainer.train(pairs, rng);
  const sample = pairs.length <= 80 ? pairs : rng.shuffle([...pairs]).slice(0, 80);
  const clips = rated.length <= 80 ? rated : rng.shuffle([...rated]).slice(0, 80); // none unless ratings are asked for
  const segments = [...sample.flatMap((p) => [p.left, p.right]), ...clips.map((r) => r.segment), ...alsoCalibrateOn];
  // Nothing labelled to standardise over (e.g. every warm-start pair showed two identical clips and
  // was dropped): the model keeps its standardisation until a later round has segments.
  if (segments.length > 0) model.calibrate(concatBatches(segments));
  return stats;
}
