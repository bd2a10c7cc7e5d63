/**
 * People rate single clips during a live run (issue 15 items 1 and 5): `startRun` with human
 * feedback and `ask: ['preference', 'rating']` trains FixedHorizonCartPole in its worker thread
 * while a scripted person in Debian's chromium, on a 390 px phone screen, answers both kinds at
 * human pace (one answer every 1–2 s): pairs by arrow keys and clicks, clips by the 1–5 buttons
 * and number keys, one rating skipped and one undone and given again. The page switches mode per
 * claimed query; in rating mode the one clip is drawn and moves and every rating button is on
 * screen. Every answer is acknowledged (page-side times are printed), the store holds the
 * person's ratings as rating records, and the run's reward model was trained on them: they are in
 * its labels, and it orders the rated clips as the person rated them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { loadRewardModel } from '../../src/app/run-report.js';
import { decodeClip } from '../../src/loop/rating-queries.js';
import { fragmentBatch } from '../../src/rewards/reward-model.js';
import { startHumanRun } from '../fixtures/human-run.js';
import { upright } from '../e2e/api-labeler.js';
import { labelerClient } from '../server/fixtures.js';
import { answerAcks, expectChromium, launchChromium, recordAnswerAcks } from './chromium.js';

/**
 * The person answers at least MIN_ANSWERS, then goes on (up to MAX_ANSWERS) until they have rated
 * a clip that moves and two clips differently: the loop cuts rating clips uniformly, and most
 * random-policy CartPole clips show only the fallen pole. Then they press "finish".
 */
const MIN_ANSWERS = 12;
const MAX_ANSWERS = 22;
const WIDTH = 390;
/** Where the rating-mode screenshot is kept for people to look at. */
export const SCREENSHOT = join(tmpdir(), 'rewardlab-rating-mode.png');

type Clip = { observations: number[][] };
type Shown = { kind: 'preference'; payload: { left: Clip; right: Clip } } | { kind: 'rating'; payload: { clip: Clip } };

/** The clip shows change (the loop cuts rating clips uniformly, so some show only the fallen pole). */
const moves = (clip: Clip) => clip.observations.some((o) => o.some((x, i) => x !== clip.observations[0][i]));

/** The person's rating: how much of the clip the pole stays up, on 1…5. */
const rate = (clip: Clip) => 1 + Math.round((4 * upright(clip)) / (clip.observations.length - 1));

/** Share of the rated clips' pairs with different ratings that the model's clip returns order the same way. */
function concordance(rows: { predicted: number; rating: number }[]): { share: number; pairs: number } {
  let agree = 0;
  let pairs = 0;
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      if (rows[i].rating === rows[j].rating) continue;
      pairs++;
      if ((rows[i].predicted - rows[j].predicted) * (rows[i].rating - rows[j].rating) > 0) agree++;
    }
  }
  return { share: pairs ? agree / pairs : NaN, pairs };
}

describe('a person rating clips in a live run in chromium', () => {
  it('rates and compares at human pace on a phone: mode per query, keys, skip, undo; ratings stored and trained on', { timeout: 180_000 }, async () => {
    expectChromium();
    const t0 = performance.now();
    const out = join(mkdtempSync(join(tmpdir(), 'rl-rating-loop-')), 'run');
    const { running, url } = await startHumanRun({ envId: 'FixedHorizonCartPole-v0', feedback: 'human', ask: ['preference', 'rating'], labels: 24, agentSteps: 40_000, seed: 0 }, { out });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: WIDTH, height: 844 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await recordAnswerAcks(page);
      let shown: (Shown & { id: string }) | null = null;
      page.on('response', async (r) => {
        if (!/\/api\/(claim|undo)$/.test(r.url())) return;
        const body = (await r.json().catch(() => null)) as { query?: Shown & { id: string } } | null;
        if (body?.query) shown = body.query;
      });
      await page.goto(url);
      await page.fill('#labeler', 'ada');
      await page.press('#labeler', 'Enter');

      const mode = () => page.evaluate(() => document.getElementById('compare')!.dataset.mode);
      const ready = (n: number) => page.waitForFunction((m) => document.getElementById('mine')!.textContent === String(m) && document.body.dataset.busy === '0', n, { timeout: 60_000 });
      /** The page shows the query the person was last sent (claim/undo responses arrive before the page renders them). */
      const showing = () => page.waitForFunction(() => document.body.dataset.busy === '0' && !document.getElementById('compare')!.hidden, null, { timeout: 60_000 });
      const rng = new Rng(3);
      const modes = new Set<string>();
      const given: { kind: string; rating?: number }[] = [];
      let looked = false;
      let skipped = false;
      let undone = false;
      const varied = () => new Set(given.filter((g) => g.kind === 'rating').map((g) => g.rating)).size > 1;
      while (given.length < MIN_ANSWERS || (!(looked && varied()) && given.length < MAX_ANSWERS)) {
        await showing();
        await page.waitForTimeout(rng.uniform(1000, 2000)); // watching the clip(s)
        const q = shown!;
        expect(await mode()).toBe(q.kind);
        modes.add(q.kind);
        if (q.kind === 'rating') {
          if (!looked && moves(q.payload.clip)) {
            looked = true;
            // Rating mode on a phone: the one clip is drawn and moves; the scale's buttons and lines are all on screen.
            /** The clip canvas: inked pixels (not near-white), and pixels changed since the last call. */
            const look = () => page.evaluate(() => {
              const c = document.getElementById('left') as HTMLCanvasElement;
              const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
              const w = window as unknown as { lastFrame?: Uint8ClampedArray };
              let inked = 0;
              let changed = 0;
              for (let i = 0; i < d.length; i += 4) {
                if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) inked++;
                if (w.lastFrame && (d[i] !== w.lastFrame[i] || d[i + 1] !== w.lastFrame[i + 1] || d[i + 2] !== w.lastFrame[i + 2])) changed++;
              }
              w.lastFrame = d;
              return { inked, changed };
            });
            // two frames across a step where the clip moves (a clip may move in a few steps only, e.g. just
            // before its still tail, so waiting for the animation can compare two still frames): paused, scrubbed
            const obs = q.payload.clip.observations;
            const k = obs.findIndex((o, i) => i + 1 < obs.length && o.some((x, j) => x !== obs[i + 1][j]));
            const scrub = (i: number) => page.evaluate((v) => { const s = document.getElementById('scrub') as HTMLInputElement; s.value = String(v); s.dispatchEvent(new Event('input')); }, i);
            await page.click('#play'); // pause
            await scrub(k);
            expect((await look()).inked).toBeGreaterThan(200);
            await scrub(k + 1);
            expect((await look()).changed).toBeGreaterThan(20);
            await page.click('#play'); // play on
            expect(await page.locator('#right').isVisible()).toBe(false);
            const boxes = await page.locator('#rating-answers button').evaluateAll((bs) => bs.map((b) => ({ text: b.textContent, ...JSON.parse(JSON.stringify(b.getBoundingClientRect())) as DOMRect })));
            expect(boxes.map((x) => x.text)).toEqual(['1very bad', '2bad', '3so-so', '4good', '5very good']);
            for (const x of boxes) expect(x.right).toBeLessThanOrEqual(WIDTH);
            for (const x of boxes) expect(x.bottom).toBeLessThanOrEqual(844);
            expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
            expect(await page.locator('#rating-help li').allTextContents()).toContain('5 = very good: the pole stays upright and the cart near the centre all clip');
            expect(await page.locator('#task').textContent()).toMatch(/pole more upright/);
            await page.screenshot({ path: SCREENSHOT, fullPage: false });
          }
          if (!skipped) {
            skipped = true;
            await page.keyboard.press('s'); // ask me later
            await page.waitForFunction(() => document.body.dataset.busy === '0');
            continue;
          }
          const r = rate(q.payload.clip);
          if (given.length % 2 === 0) await page.click(`#rating-answers button[data-rating="${r}"]`);
          else await page.keyboard.press(String(r));
          given.push({ kind: 'rating', rating: r });
        } else {
          const p = q.payload;
          const side = upright(p.left) >= upright(p.right) ? 'left' : 'right';
          if (given.length % 2 === 0) await page.click(`button[data-answer="${side}"]`);
          else await page.keyboard.press(side === 'left' ? 'ArrowLeft' : 'ArrowRight');
          given.push({ kind: 'preference' });
        }
        await ready(given.length);
        if (!undone && given.at(-1)!.kind === 'rating' && given.filter((g) => g.kind === 'rating').length === 2) {
          undone = true;
          await page.waitForTimeout(1000);
          await page.keyboard.press('u');
          await ready(given.length - 1);
          expect(await page.locator('#message').textContent()).toMatch(/^Removed \(you had answered “\d”\).*Rate this clip again:/);
          expect(await mode()).toBe('rating');
          given.pop();
        }
      }
      expect([...modes].sort()).toEqual(['preference', 'rating']);
      expect(looked).toBe(true); // a moving clip was rated and checked
      expect(varied()).toBe(true);
      await page.click('#finish');
      await page.waitForSelector('#finished:not([hidden])', { timeout: 90_000 });

      const acks = await answerAcks(page);
      expect(acks).toHaveLength(given.length + 2); // + the skip, + the undone rating given again
      expect(acks.every((x) => x.status === 200)).toBe(true);
      // Speed lives in the bench, not in a test: shown, not asserted.
      console.info(`page-side answer acknowledgements during training: max ${Math.max(...acks.map((x) => x.ms)).toFixed(0)} ms over ${acks.length}`);
      expect(errors).toEqual([]);

      const result = await running;
      expect(result.finished).toBe(true);
      const store = await SqliteFeedbackStore.open(join(out, 'feedback.sqlite'), { readonly: true });
      const rows: { predicted: number; rating: number }[] = [];
      try {
        const mine = (await store.feedback()).filter((f) => f.labeler === 'ada');
        const ratings = mine.filter((f) => f.kind === 'rating');
        const nRated = given.filter((g) => g.kind === 'rating').length;
        expect(ratings).toHaveLength(nRated);
        expect(ratings.map((f) => f.answer)).toEqual(given.filter((g) => g.kind === 'rating').map((g) => g.rating));
        expect((await store.feedback({ withRetracted: true })).filter((f) => f.labeler === 'ada' && f.kind === 'rating')).toHaveLength(nRated + 1);
        // Training used the ratings: the labels the run folded count more than its pair answers alone,
        const pairs = mine.filter((f) => f.kind === 'preference').length;
        expect(result.labels).toBeGreaterThan(pairs);
        expect(result.labels).toBeGreaterThanOrEqual(Math.ceil(0.9 * given.length));
        expect(result.labels).toBeLessThanOrEqual(given.length); // the undone rating is not among them
        // and the trained model orders the clips the person rated as the person did.
        const model = loadRewardModel(join(out, 'checkpoint'));
        for (const f of ratings) {
          const clip = decodeClip((await store.query(f.queryId))!.payload, f.queryId);
          rows.push({ predicted: model.predict(fragmentBatch(clip.observations, clip.actions)).mean.reduce((x, y) => x + y, 0), rating: f.answer as number });
        }
      } finally {
        await store.close();
      }
      const c = concordance(rows);
      console.info(`answers: ${given.length}; rated clips: ${rows.length}, ratings ${rows.map((r) => r.rating).join(' ')}; the model orders ${(c.share * 100).toFixed(0)}% of ${c.pairs} differently-rated pairs as rated; wall ${((performance.now() - t0) / 1000).toFixed(1)} s; screenshot ${SCREENSHOT}`);
      expect(c.pairs).toBeGreaterThan(0);
      expect(c.share).toBeGreaterThanOrEqual(0.75);
    } finally {
      await browser.close();
      // A failed assertion leaves the run waiting for answers: press its finish button through the API, so the failure is reported.
      const admin = labelerClient((path, init) => fetch(new URL(path, url), init), 'cleanup');
      await admin.post('/api/session', { labeler: 'cleanup' }).then(() => admin.post('/api/finish', {})).catch(() => {});
      await running.catch(() => {});
    }
  });
});
