/**
 * One member's raw per-step outputs over a list of segments, and the way back: every loss term
 * of the mixed reward trainer scores segments by their summed reward (or single states by their
 * own reward), so they share this forward pass and spread their gradients through it.
 * `backward` must run before the member's next forward pass (the MLP caches one).
 */
import { concatBatches, type RewardModel, type TransitionBatch } from './reward-model.js';

export interface SegmentOutputs {
  /** Raw output per row of the stacked segments. */
  out: Float32Array;
  /** Row offsets: segment i is rows [offsets[i], offsets[i + 1]). */
  offsets: number[];
  /** Σ r̂ over each segment. */
  sums: number[];
  rows: number;
}

export function segmentOutputs(model: RewardModel, member: number, segments: readonly TransitionBatch[]): SegmentOutputs {
  const offsets = [0];
  for (const b of segments) offsets.push(offsets[offsets.length - 1] + b.n);
  const batch = concatBatches(segments);
  const out = model.memberRaw(member, model.features(batch), batch.n);
  const sums: number[] = [];
  for (let i = 0; i + 1 < offsets.length; i++) {
    let s = 0;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) s += out[k];
    sums.push(s);
  }
  return { out, offsets, sums, rows: batch.n };
}

/** dLoss/d(raw output) per row from dLoss/d(segment sum) (every step of a segment gets its segment's gradient). */
export function spreadSegmentGrads(offsets: readonly number[], dSums: ArrayLike<number>): Float32Array {
  const d = new Float32Array(offsets[offsets.length - 1]);
  for (let i = 0; i + 1 < offsets.length; i++) for (let k = offsets[i]; k < offsets[i + 1]; k++) d[k] = dSums[i];
  return d;
}

/** A loss term's value and its gradient with respect to the raw outputs of the forward pass it made. */
export interface TermGradient {
  loss: number;
  dOut: Float32Array;
  /** The raw outputs of that forward pass (for the reward-scale penalty). */
  out: Float32Array;
}
