/**
 * Both cores, the same run: with the reward-model rounds on the training thread (overlapping the
 * agent's update) a run writes the same metrics, the same reward model and the same agent as with
 * every round in the loop's thread — for preference runs (Bradley–Terry) and rating runs (the
 * mixed trainer).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRun } from '../app/train-run.js';
import type { RewardModelingOptions } from './config.js';
import type { LoopObserver } from './roles.js';

const small: RewardModelingOptions = {
  envId: 'FixedHorizonCartPole-v0', labels: 40, agentSteps: 256 * 12, queryEvery: 2, evalEvery: 4, evalEpisodes: 2, initialEpisodes: 3,
  rewardModel: { hidden: [16, 16] }, ppo: { numEnvs: 8, numSteps: 32, numMinibatches: 2, updateEpochs: 2 },
};

/** metrics.jsonl without its clock fields, and the checkpointed weights. */
function outcome(dir: string) {
  const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => {
    const { wallSeconds: _w, time: _t, ...rest } = JSON.parse(l);
    return rest;
  });
  return { metrics, model: readFileSync(join(dir, 'checkpoint', 'reward-model.bin')), agent: readFileSync(join(dir, 'checkpoint', 'agent.bin')) };
}

async function run(options: RewardModelingOptions, trainingThread: boolean, events: string[] = []) {
  const out = join(mkdtempSync(join(tmpdir(), 'rl-thread-')), 'run');
  const observer: LoopObserver = {
    onRollout: (e) => events.push(`rollout ${e.iteration.iteration} ${e.iteration.diagnostics?.entropy !== undefined}`),
    onLabelsFolded: (e) => events.push(`folded ${e.round} ${e.added}`),
    onRewardModelTrained: (e) => events.push(`trained ${e.round} ${e.stats.steps}`),
  };
  const r = await startRun(options, { out, roles: { trainingThread, observers: [observer] } });
  expect(r.finished).toBe(true);
  return { out, ...outcome(out) };
}

describe('reward-model rounds on the training thread', () => {
  it('a preference run: the same metrics, reward model and agent as in one thread, and observers told the same things in the same order', async () => {
    const e1: string[] = [];
    const e2: string[] = [];
    const one = await run(small, false, e1);
    const two = await run(small, true, e2);
    expect(two.metrics).toEqual(one.metrics);
    expect(two.metrics.filter((m) => m.rewardModel).length).toBeGreaterThan(3); // rounds were trained during the run
    expect(two.model.equals(one.model)).toBe(true);
    expect(two.agent.equals(one.agent)).toBe(true);
    expect(e2).toEqual(e1);
  }, 60_000);

  it('a run that asks for ratings too (the mixed trainer) is the same', async () => {
    const mixed = { ...small, ask: ['preference', 'rating'] } as RewardModelingOptions;
    const one = await run(mixed, false);
    const two = await run(mixed, true);
    expect(two.metrics).toEqual(one.metrics);
    expect(two.model.equals(one.model)).toBe(true);
  }, 60_000);
});
