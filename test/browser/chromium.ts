/** Debian's chromium driven by playwright-core, as every browser test launches it (never a downloaded browser). */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';

/** Fails with how to install it when Debian's chromium is missing (.ci/run installs it). */
export function expectChromium(): void {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does this`).toBe(true);
}

/** Headless, sandbox off (tests run as root), and no background connections on this closed network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** One answer as the page saw it: time from sending it to its acknowledgement, and the status. */
export interface AnswerAck { ms: number; status: number }

/**
 * Records, in the page, every /api/answer the page sends (call before `goto`); `answerAcks(page)`
 * reads them back.
 */
export async function recordAnswerAcks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const acks: { ms: number; status: number }[] = [];
    (window as unknown as { acks: typeof acks }).acks = acks;
    const orig = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const t0 = performance.now();
      const res = await orig(input, init);
      if (String(input).includes('/api/answer')) acks.push({ ms: performance.now() - t0, status: res.status });
      return res;
    };
  });
}

export function answerAcks(page: Page): Promise<AnswerAck[]> {
  return page.evaluate(() => (window as unknown as { acks: { ms: number; status: number }[] }).acks);
}
