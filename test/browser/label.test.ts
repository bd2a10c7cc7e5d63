/**
 * The labeling page in a real browser: Debian's chromium driven by playwright-core.
 * Answers by mouse and by keyboard land in SQLite; hostile names stay text; the clips draw.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { startFeedbackServer } from '../../src/server/serve.js';
import { storeWithPairs } from '../server/fixtures.js';
import { expectChromium, launchChromium } from './chromium.js';


describe('labeling page in chromium', () => {
  it('labels clips by mouse and keyboard; answers are in SQLite; the page is not blank', async () => {
    expectChromium();
    const dir = mkdtempSync(join(tmpdir(), 'rl-browser-'));
    const store = await storeWithPairs(join(dir, 'f.sqlite'), 4);
    const server = await startFeedbackServer({ store, envId: 'FixedHorizonCartPole-v0', finishGraceMs: 0 });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url);
      await page.fill('#labeler', '<img src=x onerror="window.pwned=1">');
      await page.press('#labeler', 'Enter');
      await page.waitForSelector('#compare:not([hidden])');
      await page.waitForTimeout(300); // let a few frames play
      const inked = await page.evaluate(() => {
        const c = document.getElementById('left') as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++;
        return n;
      });
      expect(inked).toBeGreaterThan(200); // the cart and the pole are drawn
      const shot = await page.screenshot();
      expect(shot.length).toBeGreaterThan(10_000);
      await page.click('button[data-answer="left"]');
      const ready = (n: string) => page.waitForFunction((m) => document.getElementById('mine')!.textContent === m && document.body.dataset.busy === '0', n);
      await ready('1');
      await page.keyboard.press('ArrowRight');
      await ready('2');
      await page.keyboard.press('e');
      await ready('3');
      await page.waitForFunction(() => document.getElementById('pending')!.textContent === '1', undefined, { timeout: 10_000 });
      // undo the last answer (training has not used it): the same pair comes back
      const undonePair = (await store.feedback()).at(-1)!.queryId;
      await page.keyboard.press('u');
      await ready('2');
      expect((await store.feedback()).map((a) => a.answer)).toEqual(['left', 'right']);
      await page.click('button[data-answer="cant-tell"]');
      await ready('3');
      const answers = await store.feedback();
      expect(answers.map((a) => a.answer)).toEqual(['left', 'right', 'cant-tell']);
      expect(answers[2].queryId).toBe(undonePair);
      expect(await store.feedback({ withRetracted: true })).toHaveLength(4);
      expect(await page.locator('#chart-true').getAttribute('src')).toMatch(/^\/api\/chart\/true\.svg/);
      expect(await page.locator('#task').textContent()).toMatch(/pole more upright/);
      expect(await page.locator('#answer-help li').count()).toBe(5);
      expect(new Set(answers.map((a) => a.labeler))).toEqual(new Set(['<img src=x onerror="window.pwned=1">']));
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(await page.locator('img[src="x"], [onerror]').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
      await store.close();
    }
  });
});
