/**
 * A person-paced run to its natural end, taught through the HTTP API by a scripted human-like
 * labeler (0.2–0.5 s per answer, 10% mistakes): the run waits for the person, ends once the
 * label and step budgets are both spent, folds every answer, and its reward model learned the
 * task (it predicts the person's held-out answers better than chance). A paced run is not
 * repeatable (when an answer is folded depends on the clock), so the agent's return is measured
 * (human-api-measure.ts), not asserted. While the agent trains, a second
 * client's status requests and the labeler's answers all succeed.
 * The full-size measurement (200 answers) is `npx tsx test/e2e/human-api-measure.ts 200 150000`.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeRun, startRun, type RunResult, type StartOptions } from '../../src/app/train-run.js';
import { readMetrics } from '../../src/runs/run-dir.js';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { startHumanRun } from '../fixtures/human-run.js';
import { ApiLabeler, serverGone, sleep } from './api-labeler.js';

describe('a person-paced run taught through the API', () => {
  it('waits for the person, ends when both budgets are spent, folds every answer, learns the task', { timeout: 400_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rl-human-api-')), 'run');
    const { running, url } = await startHumanRun({ envId: 'FixedHorizonCartPole-v0', feedback: 'human', labels: 60, agentSteps: 40_000, seed: 1 }, { out });

    const person = new ApiLabeler(url, { name: 'ada', seed: 1, mistakeRate: 0.1, thinkMs: [200, 500] });
    const watcher = new ApiLabeler(url, { name: 'watcher' });
    let done = false;
    let paused = 0;
    const watching = (async () => {
      while (!done) {
        const s = await watcher.status().catch((e: unknown) => {
          if (serverGone(e)) return null; // the run ended and closed its server between two polls
          throw e;
        });
        if (!s) break;
        if (s.paused) paused++;
        await sleep(100);
      }
    })();
    const labeling = person.run(1000, () => done);
    const result = await running;
    done = true;
    await Promise.all([labeling, watching]);

    expect(result.finished).toBe(true);
    expect(result.globalStep).toBeGreaterThanOrEqual(36_000); // the step budget (whole 4096-step iterations)
    expect(paused).toBeGreaterThan(0); // the agent waited for the person
    // The run waited for the last answers: every query it asked was answered, and stored.
    const store = await SqliteFeedbackStore.open(join(out, 'feedback.sqlite'), { readonly: true });
    expect(await store.count()).toEqual({ queries: person.answers, feedback: person.answers });
    await store.close();
    expect(person.answers).toBeGreaterThanOrEqual(20);
    expect(result.labels).toBeGreaterThanOrEqual(Math.ceil(0.9 * person.answers));
    expect(person.mistakes).toBeGreaterThan(0);
    // Learned something: the reward model predicts the person's held-out answers better than chance.
    expect(result.heldOutAccuracy).toBeGreaterThan(0.6);
    expect(readMetrics(out).length).toBeGreaterThanOrEqual(9);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(watcher.latencies.status.length).toBeGreaterThan(10);
  });

  it('a stopped person-paced run resumes in its worker and ends with every answer kept', { timeout: 400_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rl-human-resume-')), 'run');
    /** Run `go` while a scripted person answers on its page; the person's answer count and the result. */
    const withPerson = async (go: (o: StartOptions) => Promise<RunResult>, seed: number) => {
      let url = '';
      let failed: unknown = null;
      const running = go({ onServer: (u) => (url = u) });
      running.catch((e) => (failed = e));
      while (!url && !failed) await sleep(20);
      if (failed) throw failed;
      let done = false;
      const person = new ApiLabeler(url, { name: 'ada', seed, thinkMs: [100, 200] });
      const labeling = person.run(1000, () => done);
      const page = new ApiLabeler(url, { name: 'page' }).watchUntilOver(); // what an open page is told at the end
      const result = await running;
      done = true;
      await labeling;
      return { answers: person.answers, result, last: await page };
    };
    const first = await withPerson((o) => startRun({ envId: 'FixedHorizonCartPole-v0', feedback: 'human', labels: 30, agentSteps: 24_000, seed: 2 }, { ...o, out, stopAfterIterations: 2 }), 1);
    expect(first.result.finished).toBe(false);
    expect(first.last).toMatchObject({ finished: true, stopped: true }); // an open page says the run stopped and resume continues it
    expect(first.result.iterations).toBe(2);
    expect(existsSync(join(out, 'result.json'))).toBe(false);
    const second = await withPerson((o) => resumeRun(out, o), 2);
    expect(second.result.finished).toBe(true);
    expect(second.last).toMatchObject({ finished: true, stopped: false });
    expect(second.result.iterations).toBeGreaterThan(2);
    // Answers given before the stop are kept and none is asked twice: the labels are the answers of both sessions.
    expect(second.result.labels).toBeGreaterThanOrEqual(Math.ceil(0.9 * (first.answers + second.answers)));
    expect(second.result.labels).toBeLessThanOrEqual(first.answers + second.answers);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });
});
