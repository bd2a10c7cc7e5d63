/**
 * The `Agent` contract: what the reward-modeling loop needs from whatever optimises the
 * learned reward — PPO (`ppo-agent.ts`), a planner, another learner. The agent is handed a
 * reward-free env and a batch reward function (the reward model); it never sees the true
 * reward (its trajectories carry the sealed evaluation channel for evaluators only).
 */
import type { Action, Trajectory } from '../core/types.js';

export interface AgentIteration {
  iteration: number;
  globalStep: number;
  /** Finished episodes of this iteration (with frames when the runtime records them). */
  trajectories: Trajectory[];
  /** Returns under the reward the agent optimises, of episodes finished in this iteration. */
  episodeReturns: number[];
  /** Seconds spent stepping envs, in inference, computing rewards and in updates. */
  time: { env: number; inference: number; reward: number; update: number };
  /** Algorithm-specific diagnostics (e.g. PPO's entropy, explained variance). */
  diagnostics?: Record<string, number>;
}

export interface Agent {
  readonly iteration: number;
  readonly globalStep: number;
  /** The step budget is spent. */
  readonly done: boolean;
  /** Iterations between points where a checkpoint reproduces the run exactly. */
  readonly checkpointEvery: number;
  /** One unit of training: collect experience under the reward, update. */
  iterate(): AgentIteration;
  /**
   * Optional, both or neither: `iterate` in two halves, so the caller can work while the update
   * runs (the loop trains the reward model on another thread meanwhile). `collect` gathers the
   * experience (the only half that calls the reward) and returns the iteration without its update
   * time and diagnostics; `finishIteration` runs the update and returns the whole iteration.
   * `collect()` then `finishIteration()` is exactly `iterate()`.
   */
  collect?(): AgentIteration;
  finishIteration?(): AgentIteration;
  /** The agent's action (greedy when `deterministic`). */
  act(obs: Float32Array, deterministic: boolean): Action;
  /** Write everything needed to continue exactly into `dir` (a checkpoint folder). */
  save(dir: string): void;
  /** Continue from what `save` wrote. */
  restore(dir: string): void;
  close(): void;
}
