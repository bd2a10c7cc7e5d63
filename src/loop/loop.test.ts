import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteFeedbackStore } from '../feedback/sqlite-store.js';
import { labelsDue } from './label-schedule.js';
import { resumeRun, startRun } from '../app/train-run.js';
import { rolloutTrajectories } from '../core/rollout.js';
import { make } from '../envs/registry.js';
import { hideReward } from '../wrappers/hide-reward.js';
import { unseal } from '../core/sealed.js';
import { fragmentBatch } from '../rewards/reward-model.js';
import { loadRewardModel } from '../app/run-report.js';


const small = {
  envId: 'FixedHorizonCartPole-v0', labels: 60, agentSteps: 256 * 30, queryEvery: 5, evalEvery: 10, evalEpisodes: 2, initialEpisodes: 3,
  rewardModel: { hidden: [32, 32] },
  ppo: { numEnvs: 8, numSteps: 32, numMinibatches: 1, updateEpochs: 10 },
};

describe('label schedule', () => {
  it('asks the initial share up front, decays, and ends exactly at the budget', () => {
    const o = { budget: 200, initialShare: 0.25, totalSteps: 100_000, decay: 0.25 };
    expect(labelsDue(0, o)).toBe(50);
    const mid = labelsDue(50_000, o);
    expect(mid).toBeGreaterThan(125); // front-loaded: more than linear
    expect(labelsDue(100_000, o)).toBe(200);
    expect(labelsDue(10_000_000, o)).toBe(200);
  });
});

describe('reward-modeling loop', () => {
  it('runs end to end: labels in SQLite, metrics, a reward model that tracks the hidden reward', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rl-loop-')), 'run');
    const r = await startRun(small, { out });
    expect(r.finished).toBe(true);
    expect(r.iterations).toBe(30);
    const store = await SqliteFeedbackStore.open(join(out, 'feedback.sqlite'), { readonly: true });
    const answers = await store.feedback();
    await store.close();
    expect(answers.length).toBe(60);
    expect(new Set(answers.map((a) => a.queryId)).size).toBe(60);
    expect(r.labels).toBeGreaterThan(0); // answers that carry a preference (not 'skip'/'cant-tell')
    // the learned reward ranks upright states above fallen ones on fresh random-policy episodes
    const model = loadRewardModel(join(out, 'checkpoint'));
    const trajs = rolloutTrajectories(hideReward(make('FixedHorizonCartPole-v0')) as never, { episodes: 6, seed: 777, envId: 'x' });
    const up: number[] = [];
    const down: number[] = [];
    for (const t of trajs) {
      const { mean } = model.predict(fragmentBatch(t.observations, t.actions));
      t.evaluation.forEach((e, i) => (unseal(e).reward > 0 ? up : down).push(mean[i]));
    }
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(avg(up) - avg(down)).toBeGreaterThan(0.5);
    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(metrics).toHaveLength(30);
    expect(metrics.at(-1).rewardModel.heldOutLabels).toBeGreaterThan(0);
    for (const f of ['config.json', 'result.json', 'checkpoint/agent.json', 'checkpoint/reward-model.json', 'checkpoint/loop.json']) expect(existsSync(join(out, f))).toBe(true);
  });

  it('a killed run resumes from its checkpoint with every label kept and none asked twice', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rl-loop-')), 'run');
    await startRun(small, { out, stopAfterIterations: 13 }); // "killed" after iteration 13; checkpoint at 10
    const store = await SqliteFeedbackStore.open(join(out, 'feedback.sqlite'), { readonly: true });
    const before = (await store.feedback()).map((a) => a.queryId);
    await store.close();
    const r = await resumeRun(out);
    expect(r.finished).toBe(true);
    const after = await SqliteFeedbackStore.open(join(out, 'feedback.sqlite'), { readonly: true });
    const all = (await after.feedback()).map((a) => a.queryId);
    await after.close();
    expect(all.slice(0, before.length)).toEqual(before);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(60);
    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(metrics.map((m) => m.iteration)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('refuses to start over an existing run and names bad settings', async () => {
    await expect(startRun({ ...small, labels: 1 })).rejects.toThrow(/labels = 1/);
    await expect(startRun({ ...small, feedback: 'psychic' })).rejects.toThrow(/--feedback = "psychic"/);
    await expect(startRun({ ...small, envId: 'Nope-v0' })).rejects.toThrow(/env id = "Nope-v0" is not registered/);
  });
});
