/**
 * The two action distributions PPO uses, over rows of the actor's output:
 * categorical (logits → softmax) for Discrete actions, diagonal Gaussian (mean, state-independent
 * log std) for Box actions. Each gives sample/mode, log-prob, entropy, and the gradient of
 * `dLogp·logp + dEnt·entropy` with respect to the actor output (and the log std).
 */
import type { Rng } from '../core/rng.js';

const LOG_2PI = Math.log(2 * Math.PI);

export interface ActionDistribution {
  /** Numbers per action (1 for discrete). */
  readonly actDim: number;
  /** Sample (or take the mode) for row `row`; writes the action at actions[at…]; returns its log-prob. */
  sample(out: Float32Array, row: number, actions: Float32Array, at: number, deterministic: boolean, rng: Rng): number;
  logProbEntropy(out: Float32Array, row: number, actions: Float32Array, at: number): { logp: number; entropy: number };
  accumulateGrad(out: Float32Array, row: number, actions: Float32Array, at: number, dLogp: number, dEnt: number, dOut: Float32Array): void;
}

export class Categorical implements ActionDistribution {
  readonly actDim = 1;
  constructor(readonly n: number) {}

  /** log Σ exp(logits) of row `row` (stable). */
  private logZ(out: Float32Array, o: number): number {
    let max = -Infinity;
    for (let j = 0; j < this.n; j++) max = Math.max(max, out[o + j]);
    let z = 0;
    for (let j = 0; j < this.n; j++) z += Math.exp(out[o + j] - max);
    return Math.log(z) + max;
  }

  sample(out: Float32Array, row: number, actions: Float32Array, at: number, deterministic: boolean, rng: Rng): number {
    const o = row * this.n;
    const logZ = this.logZ(out, o);
    let pick = 0;
    if (deterministic) {
      for (let j = 1; j < this.n; j++) if (out[o + j] > out[o + pick]) pick = j;
    } else {
      let u = rng.next();
      for (pick = 0; pick < this.n - 1; pick++) {
        u -= Math.exp(out[o + pick] - logZ);
        if (u < 0) break;
      }
    }
    actions[at] = pick;
    return out[o + pick] - logZ;
  }

  /** H = −Σ p log p of row offset `o`, given its log-partition. */
  private entropy(out: Float32Array, o: number, logZ: number): number {
    let entropy = 0;
    for (let j = 0; j < this.n; j++) {
      const lp = out[o + j] - logZ;
      entropy -= Math.exp(lp) * lp;
    }
    return entropy;
  }

  logProbEntropy(out: Float32Array, row: number, actions: Float32Array, at: number): { logp: number; entropy: number } {
    const o = row * this.n;
    const logZ = this.logZ(out, o);
    return { logp: out[o + actions[at]] - logZ, entropy: this.entropy(out, o, logZ) };
  }

  accumulateGrad(out: Float32Array, row: number, actions: Float32Array, at: number, dLogp: number, dEnt: number, dOut: Float32Array): void {
    const o = row * this.n;
    const logZ = this.logZ(out, o);
    const entropy = this.entropy(out, o, logZ);
    for (let j = 0; j < this.n; j++) {
      const lp = out[o + j] - logZ;
      const p = Math.exp(lp);
      // d logp_a / d logit_j = 1[j=a] − p_j ;  d H / d logit_j = −p_j (log p_j + H)
      dOut[o + j] += dLogp * ((j === actions[at] ? 1 : 0) - p) - dEnt * p * (lp + entropy);
    }
  }
}

export class DiagGaussian implements ActionDistribution {
  readonly logStd: Float32Array;
  readonly logStdGrad: Float32Array;
  constructor(
    readonly actDim: number,
    initLogStd: number,
  ) {
    this.logStd = new Float32Array(actDim).fill(initLogStd);
    this.logStdGrad = new Float32Array(actDim);
  }

  sample(out: Float32Array, row: number, actions: Float32Array, at: number, deterministic: boolean, rng: Rng): number {
    let logp = 0;
    for (let j = 0; j < this.actDim; j++) {
      const mean = out[row * this.actDim + j];
      const std = Math.exp(this.logStd[j]);
      const a = deterministic ? mean : mean + std * rng.normal();
      actions[at + j] = a;
      logp += -((a - mean) ** 2) / (2 * std * std) - this.logStd[j] - 0.5 * LOG_2PI;
    }
    return logp;
  }

  logProbEntropy(out: Float32Array, row: number, actions: Float32Array, at: number): { logp: number; entropy: number } {
    let logp = 0;
    let entropy = 0;
    for (let j = 0; j < this.actDim; j++) {
      const std = Math.exp(this.logStd[j]);
      logp += -((actions[at + j] - out[row * this.actDim + j]) ** 2) / (2 * std * std) - this.logStd[j] - 0.5 * LOG_2PI;
      entropy += this.logStd[j] + 0.5 * (LOG_2PI + 1);
    }
    return { logp, entropy };
  }

  accumulateGrad(out: Float32Array, row: number, actions: Float32Array, at: number, dLogp: number, dEnt: number, dOut: Float32Array): void {
    for (let j = 0; j < this.actDim; j++) {
      const var_ = Math.exp(2 * this.logStd[j]);
      const diff = actions[at + j] - out[row * this.actDim + j];
      dOut[row * this.actDim + j] += (dLogp * diff) / var_;
      this.logStdGrad[j] += dLogp * ((diff * diff) / var_ - 1) + dEnt;
    }
  }
}
