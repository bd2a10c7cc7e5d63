/**
 * The labeling dashboard's "What the reward model has learned" panel in Debian's chromium:
 * (1) a server on a run directory: hidden until the first map is written, then shown, and
 * replaced when a new round's map is written (polled with the dashboard's status refresh);
 * a vector-observation server never shows it. (2) The live path: a real gridworld human run
 * (training in its worker thread, a scripted person answering through the API) writes the map
 * after its reward-model rounds and the open page follows them to the run's last round.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import '../../src/envs/index.js';
import { enumerateGridworld } from '../../src/analysis/gridworld-exact.js';
import { rewardMap } from '../../src/analysis/reward-map.js';
import { writeLiveRewardMap, type LiveRewardMap } from '../../src/app/live-reward-map.js';
import { startRun, type RunResult } from '../../src/app/train-run.js';
import { startFeedbackServer } from '../../src/server/serve.js';
import { ApiLabeler, sleep } from '../e2e/api-labeler.js';
import { storeWithPairs } from '../server/fixtures.js';
import { expectChromium, launchChromium } from './chromium.js';

/** What the page shows in the panel. */
const panel = (page: Page) => page.evaluate(() => {
  const box = document.getElementById('reward-map');
  const img = document.getElementById('reward-map-img') as HTMLImageElement | null;
  return {
    exists: Boolean(box), visible: Boolean(box && !box.hidden && box.getBoundingClientRect().height > 0),
    round: box?.dataset.round ?? null, epic: box?.dataset.epic ?? null, src: img?.src ?? '', drawnWidth: img?.naturalWidth ?? 0,
    caption: document.getElementById('reward-map-caption')?.textContent ?? '', heading: box?.querySelector('h2')?.textContent ?? '',
  };
});
const shownRound = (page: Page, round: number, timeout = 15_000) =>
  page.waitForFunction((r) => document.getElementById('reward-map')?.dataset.round === String(r) && (document.getElementById('reward-map-img') as HTMLImageElement).naturalWidth > 0, round, { timeout });
/** Known learned rewards: one that rewards only the move's index (round 1), then the hidden performance itself (round 2: EPIC 0). */
const byAction = () => rewardMap('BoatRace-v0', (b) => Float32Array.from({ length: b.n }, (_, i) => b.actions[i]));
function hiddenItself() {
  const mdp = enumerateGridworld('BoatRace-v0');
  const table = new Map<string, number>();
  mdp.transitions.forEach((ts, s) => ts.forEach((t, a) => table.set(`${mdp.observations[s].join('')}|${a}`, t.hidden)));
  const D = mdp.observations[0].length;
  return rewardMap('BoatRace-v0', (b) => Float32Array.from({ length: b.n }, (_, i) => table.get(`${b.obs.subarray(i * D, (i + 1) * D).join('')}|${b.actions[i]}`)!));
}

describe('the reward-map panel of the labeling dashboard (chromium)', () => {
  it('stays hidden until a map is written, then shows it and follows a new round; never on a vector-observation server', { timeout: 60_000 }, async () => {
    expectChromium();
    const run = mkdtempSync(join(tmpdir(), 'rl-map-page-'));
    const store = await storeWithPairs(join(run, 'feedback.sqlite'), 1);
    const grid = await startFeedbackServer({ store, envId: 'BoatRace-v0', liveDir: join(run, 'live'), finishGraceMs: 0 });
    const vector = await startFeedbackServer({ store, envId: 'FixedHorizonCartPole-v0', finishGraceMs: 0 });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const asked: number[] = [];
      page.on('response', (r) => { if (r.url().includes('/api/reward-map')) asked.push(r.status()); });
      await page.goto(grid.url);
      await page.waitForFunction(() => document.getElementById('env')?.textContent === 'BoatRace-v0');
      await expect.poll(() => asked.length, { timeout: 6000 }).toBeGreaterThanOrEqual(2); // the first look and one with a status refresh
      expect(asked.every((s) => s === 404)).toBe(true);
      expect((await panel(page)).visible).toBe(false);

      const one = writeLiveRewardMap(run, { envId: 'BoatRace-v0', round: 1, labels: 15, map: byAction() });
      await shownRound(page, 1);
      const first = await panel(page);
      expect(first.visible).toBe(true);
      expect(first.heading).toBe('What the reward model has learned');
      expect(first.caption).toContain(`round 1 on 15 labels · EPIC distance to the hidden performance ${one.epic.toFixed(3)}`);
      expect(Number(first.epic)).toBe(one.epic);
      expect(first.drawnWidth).toBeGreaterThan(300); // the SVG decoded and drew (three panels side by side)
      expect(await page.locator('#reward-map-legend').textContent()).toMatch(/blue below the mean, red above/);

      // Between rounds the page is told "nothing new" (204), not sent the map again.
      await expect.poll(() => asked.at(-1), { timeout: 6000 }).toBe(204);
      const two = writeLiveRewardMap(run, { envId: 'BoatRace-v0', round: 2, labels: 20, map: hiddenItself() });
      expect(two.epic).toBeLessThan(1e-6);
      expect(one.epic).toBeGreaterThan(0.1);
      await shownRound(page, 2);
      const second = await panel(page);
      expect(second.src).not.toBe(first.src);
      expect(second.src).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(two.svg)}`);
      expect(second.caption).toContain(`round 2 on 20 labels · EPIC distance to the hidden performance ${two.epic.toFixed(3)}`);

      // A vector-observation run's server has no reward map: the panel never appears and the page stops asking.
      asked.length = 0;
      await page.goto(vector.url);
      await page.waitForFunction(() => document.getElementById('env')?.textContent === 'FixedHorizonCartPole-v0');
      await expect.poll(() => asked.length, { timeout: 6000 }).toBe(1);
      await page.waitForTimeout(2500); // one more status refresh
      expect(asked).toEqual([404]);
      expect((await panel(page)).visible).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await grid.close();
      await vector.close();
      await store.close();
    }
  });
});
