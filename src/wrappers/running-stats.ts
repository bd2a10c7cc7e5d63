/** Running mean and variance (parallel Welford), serialisable for checkpoints. */

export interface RunningStatsJSON {
  kind: 'running-stats';
  version: 1;
  mean: number[];
  var: number[];
  count: number;
}

export class RunningStats {
  mean: Float64Array;
  var: Float64Array;
  count: number;

  constructor(
    readonly size: number,
    epsilon = 1e-4,
  ) {
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
    this.count = epsilon;
  }

  /** Fold one sample in. */
  update(x: ArrayLike<number>): void {
    const count = this.count + 1;
    for (let i = 0; i < this.size; i++) {
      const delta = x[i] - this.mean[i];
      const mean = this.mean[i] + delta / count;
      const m2 = this.var[i] * this.count + delta * delta * (this.count / count);
      this.mean[i] = mean;
      this.var[i] = m2 / count;
    }
    this.count = count;
  }

  /** (x − mean) / sqrt(var + eps), clipped to ±clip, written into `out`. */
  normalize(x: ArrayLike<number>, out: Float32Array, clip = 10, eps = 1e-8): Float32Array {
    for (let i = 0; i < this.size; i++) {
      const v = (x[i] - this.mean[i]) / Math.sqrt(this.var[i] + eps);
      out[i] = v > clip ? clip : v < -clip ? -clip : v;
    }
    return out;
  }

  toJSON(): RunningStatsJSON {
    return { kind: 'running-stats', version: 1, mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  /** Restore saved statistics into this instance (sizes must match). */
  load(j: RunningStatsJSON): void {
    this.mean.set(j.mean);
    this.var.set(j.var);
    this.count = j.count;
  }

  static fromJSON(j: RunningStatsJSON): RunningStats {
    const s = new RunningStats(j.mean.length);
    s.mean.set(j.mean);
    s.var.set(j.var);
    s.count = j.count;
    return s;
  }
}
