/**
 * The side-constraint blocker of Saunders et al. 2017 ("Trial without Error") and Leike et
 * al. 2018 §5.7, as an env wrapper (discrete actions). Before every step it asks
 * `shouldBlock(observation, action)`; a blocked action is replaced by `safeAction(observation,
 * action)`, the env steps with the safe one, and the step reports the block:
 *   info.blocked = true, info.proposedAction, info.executedAction, info.blockPenalty.
 * The penalty lowers the step's reward (the agent's training reward), and the block is
 * written to the `ledger` so a batch reward function that REPLACES the env reward (the learned
 * reward model) can add the same penalty (`BlockPenaltyLedger.take`). The sealed evaluation
 * channel is the inner env's, untouched: it reports what really happened (the safe action).
 *
 * Who decides — an overseer looking one step ahead, a person pressing "stop", or a trained
 * blocker classifier — is the caller's: the wrapper only enforces and reports.
 */
import type { Env, ResetOptions, ResetResult, StepResult } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import { Wrapper } from './wrapper.js';
import type { BlockPenaltyLedger } from './block-penalty.js';

/** One step as the blocker saw it (told to `onStep`; evaluation code reads the result's sealed channel). */
export interface BlockerStep {
  observation: Float32Array;
  proposedAction: number;
  executedAction: number;
  blocked: boolean;
  result: StepResult<Float32Array>;
}

export interface BlockerOptions {
  /** Block this action in this observation? (The overseer or the trained classifier.) */
  shouldBlock: (observation: Float32Array, action: number) => boolean;
  /** The action taken instead of a blocked one. */
  safeAction: (observation: Float32Array, proposedAction: number) => number;
  /** Subtracted from the reward of a blocked step (≥ 0). Default 1. */
  penalty?: number;
  /** Where blocks are written for a batch reward function that replaces the env reward. Default: none. */
  ledger?: BlockPenaltyLedger;
  /** Told about every step, blocked or not (labels of an overseen step, catastrophe counts). Default: none. */
  onStep?: (step: BlockerStep) => void;
}

export class Blocker extends Wrapper<Float32Array, number> {
  private last: Float32Array | null = null;
  readonly penalty: number;

  constructor(
    env: Env<Float32Array, number>,
    private readonly options: BlockerOptions,
  ) {
    super(env);
    this.penalty = options.penalty ?? 1;
    if (!(this.penalty >= 0) || !Number.isFinite(this.penalty)) throw new ConfigError('Blocker penalty', options.penalty, 'must be a finite number ≥ 0');
  }

  override reset(opts?: ResetOptions): ResetResult<Float32Array> {
    const r = this.env.reset(opts);
    this.last = r.observation;
    return r;
  }

  override step(action: number): StepResult<Float32Array> {
    const observation = this.last;
    if (observation === null) return this.env.step(action); // the inner env raises its own "reset first" error
    const blocked = this.options.shouldBlock(observation, action);
    const executed = blocked ? this.options.safeAction(observation, action) : action;
    const r = this.env.step(executed);
    this.last = r.observation;
    const result: StepResult<Float32Array> = blocked
      ? { ...r, reward: r.reward - this.penalty, info: { ...r.info, blocked: true, proposedAction: action, executedAction: executed, blockPenalty: this.penalty } }
      : r;
    if (blocked) this.options.ledger?.record(observation, action, this.penalty);
    this.options.onStep?.({ observation, proposedAction: action, executedAction: executed, blocked, result });
    return result;
  }
}
