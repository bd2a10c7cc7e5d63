import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seal } from '../core/sealed.js';
import type { PreferenceAnswer, Trajectory } from '../core/types.js';
import type { AgentIteration } from '../agents/agent.js';
import type { TransitionBatch } from '../rewards/reward-model.js';
import { DIAGNOSTICS_FILE, RunDiagnostics, diagnoseRun, oracleAccuracy, readDiagnostics, type DiagnosticsModel } from './run-diagnostics.js';

/** A one-dimensional trajectory whose true reward per step is `reward(t)` and whose observation is t. */
function trajectory(steps: number, reward: (t: number) => number): Trajectory {
  return {
    envId: 'Test-v0', seed: 0, episode: 0, terminated: false, truncated: true,
    observations: Array.from({ length: steps + 1 }, (_, t) => Float32Array.of(t)),
    actions: Array.from({ length: steps }, () => 0),
    evaluation: Array.from({ length: steps }, (_, t) => seal({ reward: reward(t), performance: reward(t) })),
  };
}

/** A reward model whose per-step reward is `f(observation)`. */
const model = (f: (x: number) => number): DiagnosticsModel => ({
  predict: (b: TransitionBatch) => ({ mean: Float32Array.from(b.obs, f), std: new Float32Array(b.n) }),
  scale: [1], shift: [0],
});

const iteration = (i: number, trajectories: Trajectory[], entropy = 0.6, explainedVariance = 0.9): AgentIteration => ({
  iteration: i, globalStep: 100 * i, trajectories, episodeReturns: [], time: { env: 0, inference: 0, reward: 0, update: 0 }, diagnostics: { entropy, explainedVariance },
});

const stats = { labels: 10, trainAccuracy: 1, heldOutAccuracy: 1, loss: 0.1 };

/** A store holding `answers` in seq order, as far as the recorder reads one. */
const answersStore = (answers: PreferenceAnswer[]) => ({
  location: 'constructed',
  recordFold: async (f: { round: number; feedbackUpto: number; retractionUpto: number }) => ({ seq: 1, ...f }),
  feedback: async (q: { uptoSeq?: number } = {}) => answers.slice(0, q.uptoSeq ?? answers.length).map((answer) => ({ answer })),
});

type ConstructedOptions = { model?: DiagnosticsModel; n?: number; trueReturns?: number[]; entropy?: (i: number) => number; from?: number; dir?: string };

/** Iterations `from`..`n` of a constructed run: a rollout, a reward-model round, 4 more answers folded every other iteration, an evaluation. */
async function iterations(diag: RunDiagnostics, store: ReturnType<typeof answersStore>, o: ConstructedOptions) {
  const obs = diag.observer;
  for (let i = o.from ?? 1; i <= (o.n ?? 8); i++) {
    obs.onRollout({ iteration: iteration(i, [trajectory(50, (t) => (t < 25 ? 1 : 0))], o.entropy?.(i) ?? 0.6) });
    if (i % 2 === 0) {
      await store.recordFold({ round: i, feedbackUpto: 40 + 2 * i, retractionUpto: 0 });
      obs.onLabelsFolded({ round: i });
    }
    obs.onRewardModelTrained({ round: i, stats });
    const tr = o.trueReturns?.[i - 1] ?? 500;
    obs.onEvaluation({ iteration: i, alignment: { trueReturn: tr, performance: tr / 5, learnedReturn: tr, pearson: 0.9, spearman: 0.9, segments: [[5, 5], [0, 0], [3, 3]] } });
  }
}

/** A constructed run: 40 answers from `answer` folded in the warm start, then `n` iterations. */
async function constructedRun(answer: (i: number) => PreferenceAnswer, o: ConstructedOptions = {}) {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'diag-'));
  const diag = new RunDiagnostics(dir, { model: o.model, segmentLength: 5 });
  const store = diag.watchStore(answersStore(Array.from({ length: 40 + 2 * (o.n ?? 8) }, (_, i) => answer(i))));
  await store.recordFold({ round: 0, feedbackUpto: 40, retractionUpto: 0 });
  diag.observer.onLabelsFolded({ round: 0 });
  await iterations(diag, store, o);
  return { dir, diag, store };
}

describe('run diagnostics', () => {
  it('a teacher that answers equal to everything is flagged uninformative, with the share in the message; the counts reach diagnostics.jsonl', async () => {
    const { dir, diag } = await constructedRun(() => 'equal');
    const lines = readDiagnostics(dir);
    expect(lines).toEqual(diag.lines);
    const findings = diagnoseRun(lines);
    expect(findings.map((f) => f.code)).toContain('uninformative');
    expect(findings.find((f) => f.code === 'uninformative')!.message).toBe("uninformative: 100% 'equal' of 56 answers carried no preference");
  });

  it('an oracle-like teacher (strict answers, a few equal) is not flagged uninformative; a correct reward model raises no finding at all', async () => {
    const { dir } = await constructedRun((i) => (i % 10 === 0 ? 'equal' : i % 2 ? 'left' : 'right'), { model: model((x) => (x < 25 ? 1 : 0)) });
    expect(diagnoseRun(readDiagnostics(dir), { successThreshold: 475 })).toEqual([]);
  });

  it('the watched store keeps its other members and counts every kind of answer folded so far, at each fold', async () => {
    const kinds: PreferenceAnswer[] = ['left', 'right', 'equal', 'cant-tell', 'skip'];
    const { diag, store } = await constructedRun((i) => kinds[i % 5], { n: 1 });
    expect(store.location).toBe('constructed');
    const first = diag.lines.find((l) => l.kind === 'answers');
    expect(first).toEqual({ kind: 'answers', iteration: 0, answered: 40, counts: { left: 8, right: 8, equal: 8, 'cant-tell': 8, skip: 8 } });
    expect(diagnoseRun(diag.lines)[0].message).toBe("uninformative: 20% 'equal', 20% 'cant-tell', 20% 'skip' of 40 answers carried no preference");
  });

  it('a reward model that ranks the agent\'s segments backwards is flagged inaccurate on the agent\'s distribution', async () => {
    const { diag } = await constructedRun(() => 'left', { model: model((x) => (x < 25 ? 0 : 1)) });
    const rollout = diag.lines.find((l) => l.kind === 'rollout');
    expect(rollout).toMatchObject({ accuracy: 0, tieShare: expect.any(Number) });
    expect(diagnoseRun(diag.lines).map((f) => f.code)).toContain('inaccurate-on-policy');
  });

  it('a run that reached the threshold and ended below it is flagged forgot; a collapsed entropy is named in a failed run', async () => {
    const { diag } = await constructedRun(() => 'left', { trueReturns: [100, 500, 500, 480, 300, 200, 150, 120], entropy: (i) => (i <= 2 ? 0.6 : 0.01) });
    const codes = diagnoseRun(diag.lines, { successThreshold: 475 }).map((f) => f.code);
    expect(codes).toEqual(['forgot', 'entropy-collapse']);
    expect(diagnoseRun(diag.lines, { successThreshold: 475 })[0].message).toBe('forgot: true return 500 at iteration 2, 120 at the end');
  });

  it('a failed run that never reached the threshold is flagged slow, with its best return and final entropy', async () => {
    const { diag } = await constructedRun(() => 'left', { trueReturns: [50, 120, 200, 260, 300, 330, 340, 356], entropy: () => 0.61 });
    expect(diagnoseRun(diag.lines, { successThreshold: 475 })).toEqual([{ code: 'slow', message: 'slow: the agent never reached 475 (best true return 356 at iteration 8); policy entropy still 0.61 at the end' }]);
    expect(diagnoseRun(diag.lines, { successThreshold: 300 })).toEqual([]);
  });

  it('a run judged by hidden performance is diagnosed on it: the true return does not count', async () => {
    const { diag } = await constructedRun(() => 'left', { trueReturns: [100, 500, 500, 480, 300, 200, 150, 120], entropy: () => 0.6 });
    expect(diagnoseRun(diag.lines, { successThreshold: 100, metric: 'performance' }).map((f) => f.message)).toEqual(['forgot: hidden performance 100 at iteration 2, 24 at the end']);
    expect(diagnoseRun(diag.lines, { successThreshold: 20, metric: 'performance' })).toEqual([]);
  });

  it('resumed at a checkpoint, the file keeps the lines up to it and ends equal to the uninterrupted one (a torn last line is dropped)', async () => {
    const answer = (i: number): PreferenceAnswer => (i % 3 ? 'left' : 'equal');
    const m = model((x) => (x < 25 ? 1 : 0));
    const { dir } = await constructedRun(answer, { model: m });
    const whole = readFileSync(join(dir, DIAGNOSTICS_FILE), 'utf8');
    for (const at of [-1, 0, 3, 4]) {
      const part = mkdtempSync(join(tmpdir(), 'diag-resume-'));
      await constructedRun(answer, { model: m, n: 6, dir: part }); // killed after iteration 6
      appendFileSync(join(part, DIAGNOSTICS_FILE), '{"kind":"rollo');
      const diag = new RunDiagnostics(part, { model: m, segmentLength: 5 });
      diag.resumeAt(at);
      const store = diag.watchStore(answersStore(Array.from({ length: 56 }, (_, i) => answer(i))));
      if (at < 0) {
        await store.recordFold({ round: 0, feedbackUpto: 40, retractionUpto: 0 });
        diag.observer.onLabelsFolded({ round: 0 });
      }
      await iterations(diag, store, { from: Math.max(1, at + 1) });
      expect(readFileSync(join(part, DIAGNOSTICS_FILE), 'utf8'), `resumed at ${at}`).toBe(whole);
    }
  });

  it('oracle accuracy counts only the pairs the true reward tells apart', () => {
    expect(oracleAccuracy([[1, 1], [1, 5]])).toEqual({ accuracy: null, strictPairs: 0, tieShare: 1 });
    const r = oracleAccuracy([[0, 0], [1, 2], [2, 1]]);
    expect(r.strictPairs).toBe(600);
    expect(r.accuracy!).toBeGreaterThan(0.5);
    expect(r.accuracy!).toBeLessThan(0.8);
  });
});
