/**
 * The labeling dashboard's "What the reward model has learned" panel in Debian's chromium:
 * (1) a server on a run directory: hidden until the first map is written, then shown, and
 * replaced when a new training's map is written (polled with the dashboard's status refresh);
 * a vector-observation server never shows it. (2) The live path: a real gridworld human run
 * (training in its worker thread, a scripted person answering through the API) writes the map
 * after each reward-model training and the open page follows them to the run's last one.
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
import { loadRewardModel } from '../../src/app/run-report.js';
import { latestCheckpoint } from '../../src/runs/checkpoint-dir.js';
import { startFeedbackServer } from '../../src/server/serve.js';
import { startHumanRun } from '../fixtures/human-run.js';
import { ApiLabeler, sleep } from '../e2e/api-labeler.js';
import { storeWithPairs } from '../server/fixtures.js';
import { expectChromium, launchChromium } from './chromium.js';

/** What the page shows in the panel. */
const panel = (page: Page) => page.evaluate(() => {
  const box = document.getElementById('reward-map');
  const img = document.getElementById('reward-map-img') as HTMLImageElement | null;
  return {
    exists: Boolean(box), visible: Boolean(box && !box.hidden && box.getBoundingClientRect().height > 0),
    update: box?.dataset.update ?? null, round: box?.dataset.round ?? null, epic: box?.dataset.epic ?? null, src: img?.src ?? '', drawnWidth: img?.naturalWidth ?? 0,
    caption: document.getElementById('reward-map-caption')?.textContent ?? '', heading: box?.querySelector('h2')?.textContent ?? '',
  };
});
const shownUpdate = (page: Page, update: number, timeout = 15_000) =>
  page.waitForFunction((u) => document.getElementById('reward-map')?.dataset.update === String(u) && (document.getElementById('reward-map-img') as HTMLImageElement).naturalWidth > 0, update, { timeout });
/** Known learned rewards: one that rewards only the move's index (update 1), then the hidden performance itself (update 2: EPIC 0). */
const byAction = () => rewardMap('BoatRace-v0', (b) => Float32Array.from({ length: b.n }, (_, i) => b.actions[i]));
function hiddenItself() {
  const mdp = enumerateGridworld('BoatRace-v0');
  const table = new Map<string, number>();
  mdp.transitions.forEach((ts, s) => ts.forEach((t, a) => table.set(`${mdp.observations[s].join('')}|${a}`, t.hidden)));
  const D = mdp.observations[0].length;
  return rewardMap('BoatRace-v0', (b) => Float32Array.from({ length: b.n }, (_, i) => table.get(`${b.obs.subarray(i * D, (i + 1) * D).join('')}|${b.actions[i]}`)!));
}

describe('the reward-map panel of the labeling dashboard (chromium)', () => {
  it('stays hidden until a map is written, then shows it and follows a newer one; never on a vector-observation server', { timeout: 60_000 }, async () => {
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

      const one = writeLiveRewardMap(run, { envId: 'BoatRace-v0', update: 1, round: 0, labels: 15, map: byAction() });
      await shownUpdate(page, 1);
      const first = await panel(page);
      expect(first.visible).toBe(true);
      expect(first.heading).toBe('What the reward model has learned');
      expect(first.caption).toContain(`update 1 (round 0, 15 labels) · EPIC distance to the hidden performance ${one.epic.toFixed(3)}`);
      expect(Number(first.epic)).toBe(one.epic);
      expect(first.drawnWidth).toBeGreaterThan(300); // the SVG decoded and drew (three panels side by side)
      expect(await page.locator('#reward-map-legend').textContent()).toMatch(/blue below the mean, red above/);

      // Between updates the page is told "nothing new" (204), not sent the map again.
      await expect.poll(() => asked.at(-1), { timeout: 6000 }).toBe(204);
      const two = writeLiveRewardMap(run, { envId: 'BoatRace-v0', update: 2, round: 0, labels: 20, map: hiddenItself() });
      expect(two.epic).toBeLessThan(1e-6);
      expect(one.epic).toBeGreaterThan(0.1);
      await shownUpdate(page, 2); // same loop round, a new training
      const second = await panel(page);
      expect(second.src).not.toBe(first.src);
      expect(second.src).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(two.svg)}`);
      expect(second.caption).toContain(`update 2 (round 0, 20 labels) · EPIC distance to the hidden performance ${two.epic.toFixed(3)}`);

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

  it('live: a gridworld human run writes the map after each reward-model training and the open page follows them to the last one', { timeout: 240_000 }, async () => {
    expectChromium();
    const out = join(mkdtempSync(join(tmpdir(), 'rl-map-live-')), 'run');
    const { running, url } = await startHumanRun({ envId: 'BoatRace-v0', feedback: 'human', labels: 24, agentSteps: 3072, seed: 0 }, { out });
    const browser = await launchChromium();
    let labeling: Promise<number> | null = null;
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      await page.waitForFunction(() => document.getElementById('env')?.textContent === 'BoatRace-v0');
      expect((await panel(page)).visible).toBe(false); // no map yet: nobody has answered
      // A scripted person answers through the API while the page only watches.
      labeling = new ApiLabeler(url, { name: 'ada', mistakeRate: 0, thinkMs: [20, 60] }).run(1000);
      const seen: { update: number; src: string; caption: string }[] = [];
      let over = false;
      void running.finally(() => (over = true)).catch(() => {});
      while (!over) {
        const p = await panel(page).catch(() => null);
        if (p?.visible && p.update !== null && Number(p.update) !== seen.at(-1)?.update) seen.push({ update: Number(p.update), src: p.src, caption: p.caption });
        await sleep(200);
      }
      const result = await running;
      expect(result.finished).toBe(true);
      // The worker's last map, as the page shows it before the server closes.
      const last = JSON.parse(readFileSync(join(out, 'live', 'reward-map.json'), 'utf8')) as LiveRewardMap;
      await shownUpdate(page, last.update, 10_000);
      const final = await panel(page);
      if (Number(final.update) !== seen.at(-1)?.update) seen.push({ update: Number(final.update), src: final.src, caption: final.caption });
      console.info(`reward-map updates shown on the page: ${seen.map((x) => x.update).join(', ')} of ${last.update} written (EPIC of the last ${last.epic.toFixed(3)})`);
      expect(seen.length).toBeGreaterThanOrEqual(2); // it appeared, then changed with a later training
      expect(seen.map((x) => x.update)).toEqual([...seen.map((x) => x.update)].sort((a, b) => a - b));
      expect(new Set(seen.map((x) => x.src)).size).toBe(seen.length);
      expect(final.caption).toContain(`update ${last.update} (round ${last.round}, ${last.labels} labels) · EPIC distance to the hidden performance ${last.epic.toFixed(3)}`);
      expect(Number(final.epic)).toBe(last.epic);
      // The last map is reward-map.ts's map of the run's final reward model (the checkpoint written after the last round).
      const model = loadRewardModel(latestCheckpoint(out)!);
      expect(last.map).toEqual(rewardMap('BoatRace-v0', (b) => model.predict(b).mean));
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await running.catch(() => {});
      await labeling?.catch(() => {});
    }
  });
});
