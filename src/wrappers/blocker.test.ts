import { describe, expect, it } from 'vitest';
import { ChainEnv } from '../../test/fixtures/chain-env.js';
import { ConfigError } from '../core/errors.js';
import { Blocker, type BlockerStep } from './blocker.js';
import { BlockPenaltyLedger } from './block-penalty.js';
import { TimeLimit } from './time-limit.js';

describe('Blocker', () => {
  it('replaces a blocked action with the safe one, charges the penalty in the reward and reports the block', () => {
    // ChainEnv(9): start in the middle; 1 steps right. Block "right" everywhere, take "left" instead.
    const ledger = new BlockPenaltyLedger();
    const steps: BlockerStep[] = [];
    const env = new Blocker(new TimeLimit(new ChainEnv(1001), 10), { shouldBlock: (_o, a) => a === 1, safeAction: () => 0, penalty: 2, ledger, onStep: (s) => steps.push(s) });
    const start = env.reset({ seed: 0 }).observation[0];
    const r = env.step(1);
    expect(r.observation[0]).toBe(start - 1); // the env stepped left: the safe action ran
    expect(r.reward).toBe(0 - 2);
    expect(r.info).toMatchObject({ blocked: true, proposedAction: 1, executedAction: 0, blockPenalty: 2 });
    const free = env.step(0);
    expect(free.info.blocked).toBeUndefined();
    expect(free.reward).toBe(0);
    expect(steps.map((s) => [s.proposedAction, s.executedAction, s.blocked])).toEqual([[1, 0, true], [0, 0, false]]);
    expect(steps[0].observation[0]).toBe(start); // the observation the decision was made on
    expect(ledger.size).toBe(1);
  });

  it('lets nothing the blocker flags reach the env', () => {
    const executed: number[] = [];
    class Recording extends ChainEnv {
      protected override stepState(action: number) {
        executed.push(action);
        return super.stepState(action);
      }
    }
    const env = new Blocker(new TimeLimit(new Recording(1001), 50), { shouldBlock: (o, a) => a === 1 && o[0] % 2 === 0, safeAction: () => 0 });
    env.reset({ seed: 3 });
    const positions: number[] = [];
    let obs = 0;
    for (let t = 0; t < 50; t++) {
      positions.push(obs);
      obs = env.step(1).observation[0];
    }
    // whenever the walker stood on an even cell, "right" was flagged and the env got "left"
    const flagged = executed.filter((a, t) => positions[t] % 2 === 0 && a === 1);
    expect(flagged).toEqual([]);
    expect(executed).toContain(0);
    expect(executed).toContain(1);
  });

  it('refuses a negative or non-finite penalty', () => {
    expect(() => new Blocker(new ChainEnv(), { shouldBlock: () => false, safeAction: (_o, a) => a, penalty: -1 })).toThrow(ConfigError);
    expect(() => new Blocker(new ChainEnv(), { shouldBlock: () => false, safeAction: (_o, a) => a, penalty: NaN })).toThrow(/penalty/);
  });
});

describe('BlockPenaltyLedger', () => {
  it('returns the penalty of exactly the blocked transitions of a batch, once', () => {
    const ledger = new BlockPenaltyLedger();
    ledger.record(Float32Array.of(1, 2), 1, 0.5);
    ledger.record(Float32Array.of(3, 4), 0, 2);
    ledger.record(Float32Array.of(3, 4), 0, 2); // the same pair blocked twice in a rollout
    // batch rows: (1,2)/a0 not blocked, (1,2)/a1 blocked, (3,4)/a0 ×3 (blocked twice), (5,6)/a0
    const batch = { obs: Float32Array.of(1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 5, 6), actions: Float32Array.of(0, 1, 0, 0, 0, 0), n: 6 };
    expect(Array.from(ledger.take(batch))).toEqual([0, 0.5, 2, 2, 0, 0]);
    expect(ledger.unmatched).toBe(0);
    expect(ledger.size).toBe(0);
    expect(Array.from(ledger.take(batch))).toEqual([0, 0, 0, 0, 0, 0]); // taken: not charged twice
  });

  it('counts blocks the batch did not contain', () => {
    const ledger = new BlockPenaltyLedger();
    ledger.record(Float32Array.of(9), 1, 1);
    ledger.take({ obs: Float32Array.of(8), actions: Float32Array.of(1), n: 1 });
    expect(ledger.unmatched).toBe(1);
    // a stale block is not charged to a later rollout that happens to hold the same pair
    ledger.record(Float32Array.of(7), 0, 3);
    expect(Array.from(ledger.take({ obs: Float32Array.of(9, 7), actions: Float32Array.of(1, 0), n: 2 }))).toEqual([0, 3]);
  });
});
