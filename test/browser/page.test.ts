/**
 * The labeling page for a first-time labeler, in Debian's chromium: fits a 390 px phone (both
 * clips and the answer buttons on screen), works keyboard-only wherever focus is (except the
 * name field), marks ended episodes and where a gridworld agent vanished, shows the paused
 * banner, and ends in a "run finished" state with the report link instead of "unreachable" (or
 * "stopped", with how to resume, when the run ended early).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackStore } from '../../src/feedback/feedback-store.js';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { startFeedbackServer, type ServeOptions } from '../../src/server/serve.js';
import { storeWithPairs } from '../server/fixtures.js';
import { launchChromium } from './chromium.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

async function serve(store: FeedbackStore, extra: Partial<ServeOptions> = {}) {
  return startFeedbackServer({ store, envId: 'FixedHorizonCartPole-v0', finishGraceMs: 0, ...extra });
}

async function open(url: string, viewport = { width: 1000, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.fill('#labeler', 'ada');
  await page.press('#labeler', 'Enter');
  await page.waitForSelector('#compare:not([hidden])');
  return { page, errors };
}

const ready = (page: Awaited<ReturnType<typeof open>>['page'], n: string) =>
  page.waitForFunction((m) => document.getElementById('mine')!.textContent === m && document.body.dataset.busy === '0', n);

describe('labeling page for a new labeler', () => {
  it('at 390 px both clips and every answer button are on screen, and nothing scrolls sideways', async () => {
    const store = await storeWithPairs(join(mkdtempSync(join(tmpdir(), 'rl-page-')), 'f.sqlite'), 2);
    const server = await serve(store);
    try {
      const { page, errors } = await open(server.url, { width: 390, height: 844 });
      await page.waitForFunction(() => document.getElementById('task')!.textContent !== '');
      const inView = async (selector: string) => {
        const boxes = await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
        expect(boxes.length, selector).toBeGreaterThan(0);
        for (const b of boxes) {
          expect(b.width, selector).toBeGreaterThan(20);
          expect(b.left, selector).toBeGreaterThanOrEqual(0);
          expect(b.right, selector).toBeLessThanOrEqual(390);
          expect(b.top, selector).toBeGreaterThanOrEqual(0);
          expect(b.bottom, selector).toBeLessThanOrEqual(844);
        }
      };
      await inView('#left');
      await inView('#right');
      await inView('.answers.pair-only button'); // the pair's answers (rating mode's are hidden)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await server.close();
      await store.close();
    }
  });

  it('answers by keyboard wherever focus is (slider, speed select, a button), never while typing the name', async () => {
    const store = await storeWithPairs(join(mkdtempSync(join(tmpdir(), 'rl-page-')), 'f.sqlite'), 5);
    const server = await serve(store);
    try {
      const { page, errors } = await open(server.url);
      await page.focus('#scrub');
      await page.keyboard.press('ArrowLeft'); // would move the slider; answers instead
      await ready(page, '1');
      await page.focus('#speed');
      await page.keyboard.press('ArrowRight');
      await ready(page, '2');
      await page.focus('button[data-answer="skip"]');
      await page.keyboard.press('e');
      await ready(page, '3');
      await page.focus('#labeler');
      await page.keyboard.press('c'); // typing in the name field: not an answer
      expect(await page.inputValue('#labeler')).toBe('adac');
      await page.keyboard.press('Backspace');
      await page.focus('#play');
      await page.keyboard.press('s'); // skip: nothing stored, the counter stays
      await page.waitForFunction(() => document.body.dataset.busy === '0');
      await page.keyboard.press('c');
      await ready(page, '4');
      expect((await store.feedback()).map((f) => f.answer)).toEqual(['left', 'right', 'equal', 'cant-tell']);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await server.close();
      await store.close();
    }
  });

  it('marks frames after the episode ended, and shows where a gridworld agent vanished into water', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-page-'));
    const store = await SqliteFeedbackStore.open(join(dir, 'f.sqlite'));
    const grid = (rows: string[]) => ({ kind: 'grid', rows, palette: { '#': '#555555', ' ': '#f4f4f4', A: '#1f77b4', G: '#2ca02c', W: '#6baed6' }, labels: { A: 'A' } });
    const clip = (id: string, frames: unknown[], absorbed: number[]) => ({ id, envId: 'FixedHorizonIslandNavigation-v0', seed: 0, episode: 0, start: 0, end: frames.length - 1, observations: absorbed.map((a) => [0, 0, a]), actions: frames.slice(1).map(() => 0), frames });
    // left walks into the water at (0,1) (drawn above the agent, so it vanishes), then the episode is absorbed
    const left = clip('l', [grid(['WW A', '   G']), grid(['WWA ', '   G']), grid(['WW  ', '   G']), grid(['WW  ', '   G'])], [0, 0, 0, 1]);
    const right = clip('r', [grid(['WW A', '   G']), grid(['WW  ', '   A']), grid(['WW  ', '   A']), grid(['WW  ', '   A'])], [0, 0, 0, 0]);
    await store.addQueries([{ id: 'island', kind: 'preference', payload: { kind: 'fragment-pair', version: 1, left, right } }]);
    const server = await serve(store, { envId: 'FixedHorizonIslandNavigation-v0' });
    try {
      const { page, errors } = await open(server.url);
      await page.click('#play'); // pause, then scrub
      const at = async (frame: number) => {
        await page.fill('#scrub', String(frame));
        await page.dispatchEvent('#scrub', 'input');
        return [await page.textContent('#left-note'), await page.textContent('#right-note')];
      };
      expect(await at(1)).toEqual(['', '']);
      expect(await at(2)).toEqual(['agent in water', '']);
      expect(await at(3)).toEqual(['episode over · agent in water', '']);
      expect(await page.textContent('#legend')).toContain('water (ends the episode)');
      expect(await page.textContent('#task')).toMatch(/staying away from the water/);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await server.close();
      await store.close();
    }
  });

  it('a CartPole clip past the fall is washed grey and captioned "episode over" on the frames flagged absorbing', async () => {
    const store = await storeWithPairs(join(mkdtempSync(join(tmpdir(), 'rl-page-')), 'f.sqlite'), 6);
    const server = await serve(store);
    try {
      const { page } = await open(server.url);
      await page.click('#play');
      // the pair on screen: this session holds its claim, so claiming again returns it
      const flags = await page.evaluate(async () => {
        const r = await fetch('/api/claim', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ labeler: 'ada' }) });
        const q = (await r.json()).query;
        return q.payload.left.observations.map((o: number[]) => o[o.length - 1]);
      });
      // random-policy CartPole falls within ~20 steps, so these clips are past the fall (flag 1)
      const ended = flags.indexOf(1);
      expect(ended).toBeGreaterThanOrEqual(0);
      await page.fill('#scrub', String(ended));
      await page.dispatchEvent('#scrub', 'input');
      expect(await page.textContent('#left-note')).toBe('episode over');
      const grey = await page.evaluate(() => {
        const c = document.getElementById('left') as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(5, 5, 1, 1).data; // a corner: white background unless washed
        return d[0] < 200 && d[1] < 200 && d[2] < 200;
      });
      expect(grey).toBe(true);
      await page.close();
    } finally {
      await server.close();
      await store.close();
    }
  });

  it('shows the paused banner, then "run finished" with the report link, also after the server stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-page-'));
    const store = await storeWithPairs(join(dir, 'f.sqlite'), 2);
    writeFileSync(join(dir, 'report.html'), '<!doctype html><title>report</title><h1>the report</h1>');
    const server = await serve(store, { pacing: () => ({ paused: true, answersNeeded: 3 }), reportFile: join(dir, 'report.html'), budget: { labels: 10, agentSteps: 1000 }, finishGraceMs: 5000 });
    const { page, errors } = await open(server.url);
    await page.waitForSelector('#paused:not([hidden])');
    expect(await page.textContent('#paused')).toBe('Waiting for your answers — 3 more needed to continue.');
    expect(await page.textContent('#budget')).toBe('10 labels left · 1,000 agent steps left');
    const closing = server.close(); // waits until this page has seen "finished"
    await page.waitForSelector('#finished:not([hidden])', { timeout: 10_000 });
    await closing;
    expect(await page.textContent('#finished-text')).toMatch(/run has finished/);
    expect(await page.getAttribute('#report-link', 'href')).toBe('/report');
    expect(await page.isHidden('#report-link')).toBe(false);
    expect(await page.isHidden('#compare')).toBe(true);
    await page.waitForFunction(() => /server has stopped/.test(document.getElementById('finished-text')!.textContent!), undefined, { timeout: 10_000 });
    expect(await page.textContent('#message')).not.toMatch(/unreachable/i);
    expect(errors).toEqual([]);
    await page.close();
    await store.close();
  });

  it('a run that stopped early says so and how to continue it, not "finished"', async () => {
    const store = await storeWithPairs(join(mkdtempSync(join(tmpdir(), 'rl-page-')), 'f.sqlite'), 2);
    const server = await serve(store, { finishGraceMs: 5000 });
    const { page, errors } = await open(server.url);
    await server.control.finish(5000, 'stopped'); // resolves once this page has seen it
    await page.waitForSelector('#finished:not([hidden])', { timeout: 10_000 });
    expect(await page.textContent('#finished-text')).toMatch(/stopped before its budget was spent.*rewardlab resume/);
    expect(await page.textContent('#finished-text')).not.toMatch(/has finished/);
    await server.close();
    await page.waitForFunction(() => /labeling server has stopped/.test(document.getElementById('finished-text')!.textContent!), undefined, { timeout: 10_000 });
    expect(await page.textContent('#finished-text')).toMatch(/rewardlab resume/);
    expect(errors).toEqual([]);
    await page.close();
    await store.close();
  });
});
