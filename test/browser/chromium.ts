/** Debian's chromium driven by playwright-core, as every browser test launches it (never a downloaded browser). */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
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
