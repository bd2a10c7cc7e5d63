/**
 * Corrections asked by the loop ('correction' in config.ask): the query reaches the clip's first
 * state exactly by replaying its reset seed and prefix; the synthetic corrector takes over where
 * the hidden reward drops; the answer is ONE 'intervention' record, folded as corrected ≻ original;
 * a killed run resumes to the same metrics and answers. And the default synthetic teachers the
 * CLI builds for every kind, with known answers.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../envs/index.js';
import type { RewardFreeEnv } from '../core/env.js';
import { unseal } from '../core/sealed.js';
import type { Action } from '../core/types.js';
import { make } from '../envs/registry.js';
import { hideReward } from '../wrappers/hide-reward.js';
import { checkCorrectionAnswer } from '../feedback/correction-answer.js';
import { SqliteFeedbackStore } from '../feedback/sqlite-store.js';
import { SyntheticCorrector } from '../preferences/synthetic-corrector.js';
import { SyntheticKindsTeacher } from '../preferences/synthetic-kinds-teacher.js';
import { resolveConfig, resumeRun, startRun } from '../app/train-run.js';
import { correctionPair, correctionQuery, encodeCorrection } from './correction-queries.js';
import { controllerFor, syntheticRater, topShareThreshold } from './synthetic-teachers.js';

const envId = 'FixedHorizonCartPole-v0';
const env = () => hideReward(make(envId)) as RewardFreeEnv<Float32Array, Action>;
const balance = controllerFor(envId, 'correction');
/** An agent that always pushes left: the pole falls within a few dozen steps. */
const pushLeft = (): Action => 0;
const options = {
  envId, seed: 4, labels: 12, agentSteps: 256 * 16, queryEvery: 3, evalEvery: 5, evalEpisodes: 2, initialEpisodes: 3, fragmentLength: 20,
  ask: ['preference', 'correction'] as ('preference' | 'correction')[], rewardModel: { hidden: [16, 16] }, ppo: { numEnvs: 8, numSteps: 32, numMinibatches: 1, updateEpochs: 2 },
};

describe('correction queries', () => {
  it('the query reaches the clip exactly: replaying its seed and prefix gives the clip observation by observation', () => {
    for (const n of [0, 1, 2]) {
      const q = correctionQuery(n, pushLeft, { envId, seed: 11, length: 20, recordFrames: false });
      const e = env();
      let o = Array.from(e.reset({ seed: q.payload.seed }).observation);
      for (const a of q.payload.prefix) o = Array.from(e.step(a).observation);
      const replayed = [o];
      for (const a of q.payload.clip.actions) replayed.push(Array.from(e.step(a).observation));
      expect(replayed).toEqual(q.payload.clip.observations);
      expect(q.payload.clip.actions.length).toBe(20);
      expect(q.payload.minCorrected).toBe(4);
    }
    // same query number, same query (named streams); another number, another episode
    expect(correctionQuery(1, pushLeft, { envId, seed: 11, length: 20, recordFrames: false }).payload).toEqual(correctionQuery(1, pushLeft, { envId, seed: 11, length: 20, recordFrames: false }).payload);
    expect(correctionQuery(2, pushLeft, { envId, seed: 11, length: 20, recordFrames: false }).payload.seed).not.toBe(correctionQuery(1, pushLeft, { envId, seed: 11, length: 20, recordFrames: false }).payload.seed);
  });

  it('the corrector takes over lead steps before the first drop of the hidden reward (known answers)', () => {
    const c = new SyntheticCorrector(env(), balance, { lead: 2 }, 0);
    expect(c.takeoverFor([1, 1, 1, 1, 0, 0, 0, 0], 2)).toBe(2); // drop at 4
    expect(c.takeoverFor([1, 0, 0, 0], 1)).toBe(0); // drop at 1, lead clamps to 0
    expect(c.takeoverFor([-1, -1, -1, -1], 1)).toBe(0); // no drop: from the start
    expect(c.takeoverFor([1, 1, 1, 1, 1, 1, 1, 0], 3)).toBe(5); // drop at 7 → 5, the latest take-over for 3 corrected steps
    expect(c.takeoverFor([1, 1, 1, 1, 1, 1, 1, 0], 4)).toBe(4); // clamped to L − minCorrected
  });

  it('a correction of a falling agent keeps the clip before the take-over and earns more hidden reward after it', () => {
    const corrector = new SyntheticCorrector(env(), balance, { lead: 6 }, 7);
    let better = 0;
    for (const n of [0, 1, 2, 3]) {
      // a clip of the falling agent that contains its fall (the clip start is drawn; take long clips)
      const q = correctionQuery(n, pushLeft, { envId, seed: 21, length: 40, recordFrames: false });
      const c = corrector.correct({ id: q.id, actions: q.payload.clip.actions, replay: q.payload });
      const answer = encodeCorrection({ kind: 'intervention', queryId: q.id, labeler: 'synthetic', takeover: c.takeover, corrected: { observations: c.observations, actions: c.actions } }, q.payload, q.id);
      expect(answer.actions.slice(0, c.takeover)).toEqual(q.payload.clip.actions.slice(0, c.takeover));
      const clipRewards = q.clip.evaluation.map((e) => unseal(e).reward);
      expect(c.rewards.original).toEqual(clipRewards); // the corrector's replay is the clip
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      if (sum(c.rewards.corrected) > sum(c.rewards.original)) better++;
      const pair = correctionPair(q.id, q.payload, answer, q.id);
      expect([pair.left.n, pair.right.n, pair.target]).toEqual([40, 40, 1]);
    }
    expect(better).toBeGreaterThanOrEqual(3); // the fourth clip starts with the pole already down: nothing left to save
  });

  it('refuses a correction that does not start from the clip, naming the step', () => {
    const q = correctionQuery(0, pushLeft, { envId, seed: 11, length: 20, recordFrames: false });
    const obs = q.payload.clip.observations;
    const good = { kind: 'rewardlab-correction', version: 1, takeover: 5, observations: obs, actions: q.payload.clip.actions, terminated: false };
    expect(() => checkCorrectionAnswer(good, q.payload, 'a')).not.toThrow();
    expect(() => checkCorrectionAnswer({ ...good, actions: [1 - q.payload.clip.actions[0], ...q.payload.clip.actions.slice(1)] }, q.payload, 'a')).toThrow(/action 0 = .* differs from the clip's/);
    expect(() => checkCorrectionAnswer({ ...good, observations: [obs[0].map((x) => x + 1), ...obs.slice(1)] }, q.payload, 'a')).toThrow(/observation 0 differs .*did not reach the clip's state/);
    expect(() => checkCorrectionAnswer({ ...good, takeover: 17 }, q.payload, 'a')).toThrow(/takeover = 17 must be an integer in 0…16/);
    expect(() => checkCorrectionAnswer({ ...good, actions: good.actions.slice(0, 10), observations: obs.slice(0, 11) }, q.payload, 'a')).toThrow(/10 of the clip's 20 steps, but the episode did not end/);
  });

  it('preferences and corrections: one intervention record per correction query, folded, and a killed run resumes to the same metrics and answers', { timeout: 120_000 }, async () => {
    const teacher = () => new SyntheticKindsTeacher({ intervention: new SyntheticCorrector(env(), balance, { noise: 0.1 }, 5) });
    const metrics = (dir: string) => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => {
      const { time: _t, wallSeconds: _w, ...m } = JSON.parse(l) as Record<string, unknown>;
      return m;
    });
    const answers = async (dir: string) => {
      const s = await SqliteFeedbackStore.open(join(dir, 'feedback.sqlite'), { readonly: true });
      try {
        return (await s.feedback()).map((f) => [f.queryId, f.kind, f.answer]);
      } finally {
        await s.close();
      }
    };
    const whole = join(mkdtempSync(join(tmpdir(), 'corr-whole-')), 'run');
    await startRun(options, { out: whole, roles: { rater: teacher() } });
    const killed = join(mkdtempSync(join(tmpdir(), 'corr-killed-')), 'run');
    await startRun(options, { out: killed, roles: { rater: teacher() }, stopAfterIterations: 13 }); // checkpoint at 10
    await resumeRun(killed, { roles: { rater: teacher() } });
    const stored = await answers(whole);
    expect(stored.filter(([, k]) => k === 'intervention').length).toBe(6); // every other of the 12 slots
    const last = metrics(whole).at(-1) as { corrections: { folded: number }; labels: number };
    expect(last.corrections).toEqual({ folded: 6 });
    expect(metrics(killed)).toEqual(metrics(whole));
    expect(await answers(killed)).toEqual(stored);
  });
});

describe('default synthetic teachers (the CLI: --feedback synthetic --ask …)', () => {
  it('the goal marker threshold is the top share, never the lowest value met (known answers)', () => {
    expect(topShareThreshold([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.2)).toBe(8);
    expect(topShareThreshold([-1, -1, -1, -1, -1, -1, -1, -1, -1, 0], 0.2)).toBe(0); // Acrobot: only the goal
    expect(topShareThreshold([0, 1, 1, 1, 1, 1], 0.2)).toBe(1);
    expect(() => topShareThreshold([-1, -1, -1], 0.2)).toThrow(/the same at every calibration step/);
  });

  it('builds a demonstrator, goal marker and corrector for the kinds asked, and refuses an env without a controller', async () => {
    const config = resolveConfig({ envId, ask: ['preference', 'demo', 'goal', 'correction'], seed: 2 });
    const rater = syntheticRater(config)!;
    expect([...rater.kinds]).toEqual(['goal', 'demonstration', 'intervention']);
    const demo = await rater.ask({ kind: 'demonstration', id: 'd', episodes: 1, seed: 3 });
    if (demo.kind !== 'demonstration') throw new Error(demo.kind);
    const demoReturn = demo.trajectories[0].evaluation.reduce((s, e) => s + unseal(e).reward, 0);
    expect(demoReturn).toBeGreaterThanOrEqual(450); // ε = 0.1 of the lean controller: balances (random play ≈ 30)
    const q = correctionQuery(0, pushLeft, { envId, seed: 2, length: 25, recordFrames: false });
    const c = await rater.ask({ kind: 'intervention', id: q.id, clip: q.clip, replay: q.payload });
    if (c.kind !== 'intervention') throw new Error(c.kind);
    expect(c.corrected.actions.length).toBe(25);
    const marks = await rater.ask({ kind: 'goal', id: 'g', trajectory: { ...demo.trajectories[0] } });
    if (marks.kind !== 'goal') throw new Error(marks.kind);
    expect(marks.goalSteps.length).toBe(demo.trajectories[0].actions.length); // CartPole: top share of {0, 1} = 1, every balanced step
    expect(syntheticRater(resolveConfig({ envId, ask: ['preference'] }))).toBeNull();
    expect(() => syntheticRater(resolveConfig({ envId: 'IslandNavigation-v0', ask: ['preference', 'correction'] }))).toThrow(/ask = "correction".*IslandNavigation-v0.*no scripted controller/);
  });
});
