/**
 * Partial dependence of the learned reward on each observation dimension (Friedman 2001):
 * for a grid of values v along dimension j, set coordinate j of every sampled real transition
 * to v and average the reward model's prediction over the sample,
 *
 *   PD_j(v) = (1/N) Σ_i r(x_i with x_ij = v) .
 *
 * Per ensemble member separately, so the curve carries the ensemble's spread: `mean` is the
 * average of the members' curves (= the ensemble-mean reward's partial dependence) and `spread`
 * their standard deviation across members — where the members disagree about the shape.
 * The grid spans the range the sample visited along j (outside it the curve would be
 * extrapolation); `deciles` say where along it the sample's states actually lie.
 * When the model also reads the next observation, the next observation moves by the same amount
 * (x'_ij += v − x_ij): the step's change along j is kept and only where it happens moves.
 */
import { checkNumber, ConfigError } from '../core/errors.js';
import type { RewardModel, TransitionBatch } from '../rewards/reward-model.js';
import { memberRewards } from './attribution-reward-model.js';

export interface PartialDependenceOptions {
  /** Grid points along each dimension, from the sample's minimum to its maximum. Default 25. */
  gridPoints: number;
  /** Observation dimensions to draw curves for. Default all. */
  dims?: number[];
}

export const PARTIAL_DEPENDENCE_DEFAULTS: PartialDependenceOptions = { gridPoints: 25 };

export interface PartialDependenceCurve {
  /** Observation dimension. */
  dim: number;
  /** Grid values along the dimension (ascending; one value when the sample never varied along it). */
  grid: number[];
  /** Ensemble-mean reward averaged over the sample, per grid value (standardised units). */
  mean: number[];
  /** Standard deviation across the members' curves, per grid value. */
  spread: number[];
  /** Where the sample's values along the dimension lie: the 10th, 20th, …, 90th percentiles. */
  deciles: number[];
  /** Transitions averaged over. */
  samples: number;
}

export function partialDependence(model: RewardModel, sample: TransitionBatch, options: Partial<PartialDependenceOptions> = {}): PartialDependenceCurve[] {
  const o = { ...PARTIAL_DEPENDENCE_DEFAULTS, ...options };
  checkNumber('gridPoints', o.gridPoints, { min: 2, max: 1000, integer: true });
  const D = model.obsDim;
  const N = sample.n;
  if (N < 1) throw new ConfigError('sample', N, 'must hold at least one transition');
  const dims = o.dims ?? Array.from({ length: D }, (_, j) => j);
  for (const j of dims) if (!Number.isInteger(j) || j < 0 || j >= D) throw new ConfigError('dims', j, `must be observation dimensions in 0..${D - 1}`);
  const A = sample.actions.length / N;
  return dims.map((j) => {
    const values = Array.from({ length: N }, (_, i) => sample.obs[i * D + j]).sort((a, b) => a - b);
    const lo = values[0];
    const hi = values[N - 1];
    const grid = hi > lo ? Array.from({ length: o.gridPoints }, (_, g) => lo + ((hi - lo) * g) / (o.gridPoints - 1)) : [lo];
    const G = grid.length;
    const batch: TransitionBatch = { obs: new Float32Array(G * N * D), nextObs: new Float32Array(G * N * D), actions: new Float32Array(G * N * A), n: G * N };
    for (let g = 0; g < G; g++) {
      batch.obs.set(sample.obs.subarray(0, N * D), g * N * D);
      batch.nextObs.set(sample.nextObs.subarray(0, N * D), g * N * D);
      batch.actions.set(sample.actions.subarray(0, N * A), g * N * A);
      for (let i = 0; i < N; i++) {
        const at = (g * N + i) * D + j;
        const move = grid[g] - sample.obs[i * D + j];
        batch.obs[at] = grid[g];
        batch.nextObs[at] += move;
      }
    }
    const members = memberRewards(model, batch).map((r) => grid.map((_, g) => {
      let s = 0;
      for (let i = 0; i < N; i++) s += r[g * N + i];
      return s / N;
    }));
    const K = members.length;
    const mean = grid.map((_, g) => members.reduce((s, c) => s + c[g], 0) / K);
    const spread = grid.map((_, g) => Math.sqrt(Math.max(0, members.reduce((s, c) => s + c[g] ** 2, 0) / K - mean[g] ** 2)));
    const deciles = Array.from({ length: 9 }, (_, q) => values[Math.min(N - 1, Math.round(((q + 1) / 10) * (N - 1)))]);
    return { dim: j, grid, mean, spread, deciles, samples: N };
  });
}
