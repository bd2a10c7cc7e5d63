/**
 * A person corrects the agent by pressing keys during a live run (issue 15 items 1 and 5):
 * `startRun` with human feedback and `ask: ['preference', 'correction']` trains
 * FixedHorizonCartPole in its worker thread while a scripted person in Debian's chromium, on a
 * 390 px phone screen and with the keyboard only, compares a pair and, when the page switches to
 * correction mode, pauses the agent's clip, steps back to its start and forward to frame 4, takes
 * over there (T) and drives the rest of the clip with the arrow keys (pushing where the pole falls), reading the pole from
 * the frames the server sends back. The run's store then holds ONE 'intervention' record: the
 * clip's first 3 actions, then the keys pressed, from exactly the clip's states; and the reward
 * model trained on it: the run's last metrics line counts it folded and the run's labels count it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { checkCorrectionAnswer, checkCorrectionRequest } from '../../src/feedback/correction-answer.js';
import { loadRewardModel } from '../../src/app/run-report.js';
import { fragmentBatch } from '../../src/rewards/reward-model.js';
import { startHumanRun } from '../fixtures/human-run.js';
import { upright } from '../e2e/api-labeler.js';
import { labelerClient } from '../server/fixtures.js';
import { expectChromium, launchChromium } from './chromium.js';

const WIDTH = 390;
/** Where the correction-mode screenshot is kept for people to look at. */
export const SCREENSHOT = join(tmpdir(), 'rewardlab-correction-mode.png');
const LENGTH = 10;
const TAKEOVER = 3;
type Clip = { observations: number[][] };
type Shown = { id: string; kind: 'preference' | 'correction'; payload: { left: Clip; right: Clip } };

describe('a person correcting the agent in a live run in chromium', () => {
  it('takes over a clip at a frame with the keyboard on a phone and drives it; one correction is stored and trained on', { timeout: 120_000 }, async () => {
    expectChromium();
    const out = join(mkdtempSync(join(tmpdir(), 'rl-correction-loop-')), 'run');
    const { running, url } = await startHumanRun({
      envId: 'FixedHorizonCartPole-v0', feedback: 'human', ask: ['preference', 'correction'], labels: 3, initialShare: 0.67, fragmentLength: LENGTH, agentSteps: 8192, seed: 0,
    }, { out });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: WIDTH, height: 844 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      let shown = null as Shown | null;
      let observation = null as number[] | null;
      page.on('response', async (r) => {
        const body = (await r.json().catch(() => null)) as { query?: Shown; observation?: number[] } | null;
        if (/\/api\/claim$/.test(r.url()) && body?.query) shown = body.query;
        if (/\/api\/correction\/(start|step)$/.test(r.url()) && body?.observation) observation = body.observation;
      });
      await page.goto(url);
      await page.fill('#labeler', 'ada');
      await page.press('#labeler', 'Enter');

      const showing = () => page.waitForFunction(() => document.body.dataset.busy === '0' && !document.getElementById('compare')!.hidden, null, { timeout: 60_000 });
      const stepIs = (n: number) => page.waitForFunction((k) => document.body.dataset.correctStep === String(k), n, { timeout: 10_000 });
      const mode = () => page.evaluate(() => document.getElementById('compare')!.dataset.mode);
      const pressed: number[] = [];
      let pairs = 0;
      let corrected = null as string | null;
      const handled = new Set<string>();
      while (!corrected || pairs < 1) {
        await showing();
        for (let i = 0; i < 200 && (!shown || handled.has(shown.id)); i++) await page.waitForTimeout(50);
        const q = shown!;
        handled.add(q.id);
        if (q.kind === 'correction') {
          expect(await mode()).toBe('correct');
          expect(await page.evaluate(() => document.body.dataset.correctPhase)).toBe('watch');
          // watching on a phone: the clip's canvas, the take-over button, no key buttons yet, nothing wider than the screen
          const takeover = await page.locator('#correct-takeover').boundingBox();
          expect(takeover!.x + takeover!.width).toBeLessThanOrEqual(WIDTH);
          expect(takeover!.y + takeover!.height).toBeLessThanOrEqual(844);
          expect(await page.locator('#correct-keys').isVisible()).toBe(false);
          expect(await page.locator('#right').isVisible()).toBe(false);
          // keyboard only: pause, back to the first frame, forward to frame TAKEOVER + 1, take over
          await page.keyboard.press(' ');
          for (let i = 0; i < LENGTH + 2; i++) await page.keyboard.press('ArrowLeft');
          for (let i = 0; i < TAKEOVER; i++) await page.keyboard.press('ArrowRight');
          expect(await page.locator('#scrub').inputValue()).toBe(String(TAKEOVER));
          await page.keyboard.press('t');
          await stepIs(TAKEOVER);
          expect(await page.evaluate(() => document.body.dataset.correctPhase)).toBe('drive');
          // driving: the legend's keys on screen, with their meaning
          const keys = await page.locator('#correct-keys button').evaluateAll((bs) => bs.map((b) => ({ text: b.textContent, right: b.getBoundingClientRect().right, bottom: b.getBoundingClientRect().bottom })));
          expect(keys.map((k) => k.text)).toEqual(['←push the cart left', '→push the cart right']);
          for (const k of keys) expect(k.right).toBeLessThanOrEqual(WIDTH);
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
          await page.screenshot({ path: SCREENSHOT, fullPage: false });
          for (let s = TAKEOVER; s < LENGTH; s++) {
            const o = observation!;
            const action = o[2] + 0.5 * o[3] > 0 ? 1 : 0; // push towards where the pole falls
            await page.keyboard.press(action === 1 ? 'ArrowRight' : 'ArrowLeft');
            pressed.push(action);
            if (s < LENGTH - 1) await stepIs(s + 1);
          }
          // the clip's last step ends it: stored, and the page moves on
          await page.waitForFunction((m) => document.getElementById('mine')!.textContent === String(m), pairs + 1, { timeout: 10_000 });
          corrected = q.id;
        } else {
          expect(await mode()).toBe('preference');
          const side = upright(q.payload.left as never) >= upright(q.payload.right as never) ? 'ArrowLeft' : 'ArrowRight';
          await page.keyboard.press(side);
          pairs++;
          await page.waitForFunction((m) => document.getElementById('mine')!.textContent === String(m), pairs + (corrected ? 1 : 0), { timeout: 10_000 });
        }
      }
      await page.click('#finish');
      await page.waitForSelector('#finished:not([hidden])', { timeout: 60_000 });
      expect(errors).toEqual([]);

      const result = await running;
      expect(result.finished).toBe(true);
      const store = await SqliteFeedbackStore.open(join(out, 'feedback.sqlite'), { readonly: true });
      try {
        const records = (await store.feedback()).filter((f) => f.kind === 'intervention');
        expect(records).toHaveLength(1);
        expect(records[0].labeler).toBe('ada');
        expect(records[0].queryId).toBe(corrected);
        const request = checkCorrectionRequest((await store.query(corrected!))!.payload, 'the stored query');
        const answer = checkCorrectionAnswer(records[0].answer, request, 'the stored correction'); // the clip's states up to the take-over, exactly
        expect(answer.takeover).toBe(TAKEOVER);
        expect(answer.actions).toEqual([...request.clip.actions.slice(0, TAKEOVER), ...pressed]);
        expect(answer.frames).toHaveLength(LENGTH + 1);
        // trained on: folded in the last round, and counted as a label
        const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { corrections?: { folded: number }; rewardModel: { steps: number } | null });
        expect(lines.at(-1)!.corrections).toEqual({ folded: 1 });
        expect(lines.at(-1)!.rewardModel!.steps).toBeGreaterThan(0);
        expect(result.labels).toBe(pairs + 1);
        const model = loadRewardModel(join(out, 'checkpoint'));
        const sum = (obs: number[][], actions: number[]) => model.predict(fragmentBatch(obs.map((o) => Float32Array.from(o)), actions)).mean.reduce((a, b) => a + b, 0);
        console.info(`correction: took over at ${answer.takeover}, ${pressed.length} keys; learned return corrected ${sum(answer.observations, answer.actions).toFixed(3)} vs the agent's ${sum(request.clip.observations, request.clip.actions).toFixed(3)}; ${pairs} pairs`);
      } finally {
        await store.close();
      }
    } finally {
      await browser.close();
      const admin = labelerClient((path, init) => fetch(new URL(path, url), init), 'cleanup');
      await admin.post('/api/session', { labeler: 'cleanup' }).then(() => admin.post('/api/finish', {})).catch(() => {});
      await running.catch(() => {});
    }
  });
});
