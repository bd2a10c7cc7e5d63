import { describe, expect, it } from 'vitest';
import { unseal } from '../core/sealed.js';
import { EnvStateError } from '../core/errors.js';
import { ChainEnv } from '../../test/fixtures/chain-env.js';
import { hideReward, withReward } from './hide-reward.js';
import { NormalizeObservation } from './normalize-observation.js';
import { RecordEpisodeStatistics } from './record-episode-stats.js';
import { TimeLimit } from './time-limit.js';
import { AbsorbTerminal } from './absorb-terminal.js';

describe('TimeLimit', () => {
  it('truncates (does not terminate) at the limit and refuses to step on', () => {
    const env = new TimeLimit(new ChainEnv(1001), 5);
    env.reset({ seed: 0 });
    const flags = Array.from({ length: 5 }, (_, i) => env.step(i % 2));
    expect(flags.slice(0, 4).every((r) => !r.truncated && !r.terminated)).toBe(true);
    expect(flags[4].truncated).toBe(true);
    expect(flags[4].terminated).toBe(false);
    expect(() => env.step(0)).toThrow(EnvStateError);
    expect(() => new TimeLimit(new ChainEnv(), 0)).toThrow(/maxEpisodeSteps = 0/);
  });
});

describe('hidden reward', () => {
  it('gives the learner no reward field and keeps the true reward sealed', () => {
    const env = hideReward(new ChainEnv(3));
    env.reset({ seed: 0 });
    const r = env.step(1);
    expect('reward' in r).toBe(false);
    expect(JSON.stringify(r)).not.toMatch(/"reward"/);
    expect(JSON.stringify(r.evaluation)).toBe('"[sealed]"');
    const signal = unseal(r.evaluation);
    expect(Math.abs(signal.reward)).toBeLessThanOrEqual(1);
  });
  it('plugs a learned reward in while the true reward stays in the sealed channel', () => {
    const env = withReward(hideReward(new ChainEnv(5)), (o, a, next) => next[0] - o[0] + (a === 1 ? 10 : 0));
    env.reset({ seed: 1 });
    let sawTerminal = false;
    for (let t = 0; t < 10 && !sawTerminal; t++) {
      const r = env.step(1);
      expect(r.reward).toBe(11);
      const truth = unseal(r.evaluation!);
      if (r.terminated) {
        expect(truth.reward).toBe(1);
        sawTerminal = true;
      } else expect(truth.reward).toBe(0);
    }
    expect(sawTerminal).toBe(true);
  });
});

describe('RecordEpisodeStatistics and NormalizeObservation', () => {
  it('records return and length at the end of each episode', () => {
    const env = new RecordEpisodeStatistics(new ChainEnv(5));
    env.reset({ seed: 0 });
    let r;
    let steps = 0;
    do {
      r = env.step(1);
      steps++;
    } while (!r.terminated);
    expect(r.info.episode).toEqual({ return: 1, length: steps });
    expect(env.history).toHaveLength(1);
  });
  it('normalises towards zero mean and unit variance', () => {
    const env = new NormalizeObservation(new TimeLimit(new ChainEnv(41), 400));
    env.reset({ seed: 0 });
    for (let t = 0; t < 300; t++) {
      const r = env.step(t % 3 === 0 ? 0 : 1);
      if (r.terminated || r.truncated) env.reset();
    }
    expect(env.stats.count).toBeGreaterThan(300);
    expect(env.stats.var[0]).toBeGreaterThan(1);
    env.training = false;
    const before = env.stats.count;
    env.reset();
    expect(env.stats.count).toBe(before);
  });
});

describe('AbsorbTerminal', () => {
  it('enters one absorbing state: flag coordinate set, other coordinates 0, reward fixed, never terminates', () => {
    const env = new AbsorbTerminal(new ChainEnv(5), -2);
    expect(env.observationSpace.flatDim).toBe(2);
    const first = env.reset({ seed: 0 }).observation;
    expect(first[1]).toBe(0);
    let r = env.step(1);
    while (!r.info.reachedEnd) r = env.step(1);
    expect(r.terminated).toBe(false);
    expect(r.observation[1]).toBe(0); // the step that ends the task shows its real final state
    for (let i = 0; i < 3; i++) {
      const a = env.step(0);
      expect(Array.from(a.observation)).toEqual([0, 1]);
      expect(a.reward).toBe(-2);
      expect(a.terminated).toBe(false);
    }
    expect(() => env.step(7 as never)).toThrow(/action = 7/);
  });
});
