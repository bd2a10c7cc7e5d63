/** PPO behind the `Agent` contract (the loop's default agent). */
import type { Action } from '../core/types.js';
import type { Agent, AgentIteration } from './agent.js';
import { Ppo, type PpoConfig, type PpoIterationStats, type PpoRuntime } from './ppo.js';
import { loadPpo, savePpo } from './ppo-checkpoint.js';

export class PpoAgent implements Agent {
  readonly ppo: Ppo;

  constructor(config: PpoConfig, readonly runtime: PpoRuntime) {
    this.ppo = new Ppo(config, runtime);
  }

  get iteration(): number {
    return this.ppo.iteration;
  }
  get globalStep(): number {
    return this.ppo.globalStep;
  }
  get done(): boolean {
    return this.ppo.done;
  }
  get checkpointEvery(): number {
    return this.ppo.config.checkpointEvery;
  }

  iterate(): AgentIteration {
    return this.stats(this.ppo.iterate());
  }

  collect(): AgentIteration {
    const r = this.ppo.collect();
    return { iteration: this.ppo.iteration + 1, globalStep: this.ppo.globalStep + this.ppo.config.numEnvs * this.ppo.config.numSteps, trajectories: r.trajectories, episodeReturns: r.episodeReturns, time: r.time };
  }

  finishIteration(): AgentIteration {
    return this.stats(this.ppo.update());
  }

  private stats(s: PpoIterationStats): AgentIteration {
    return {
      iteration: s.iteration, globalStep: s.globalStep, trajectories: s.trajectories, episodeReturns: s.episodeReturns, time: s.time,
      diagnostics: { policyLoss: s.policyLoss, valueLoss: s.valueLoss, entropy: s.entropy, approxKl: s.approxKl, clipFraction: s.clipFraction, explainedVariance: s.explainedVariance, learningRate: s.learningRate },
    };
  }

  act(obs: Float32Array, deterministic: boolean): Action {
    return this.ppo.act(obs, deterministic);
  }

  save(dir: string): void {
    savePpo(dir, this.ppo);
  }

  restore(dir: string): void {
    const saved = loadPpo(dir, this.runtime);
    this.ppo.load(saved.state(), saved.tensors());
    saved.close();
  }

  close(): void {
    this.ppo.close();
  }
}
