/**
 * The shared env conformance suite: every env and wrapper stack runs through
 * `runEnvConformance`, which turns each checkEnv check into a test.
 */
import { expect, it } from 'vitest';
import type { AnyEnv } from '../../src/core/env.js';
import { checkEnv } from '../../src/envs/check-env.js';

export interface EnvConformanceOptions {
  name: string;
  makeEnv: () => AnyEnv;
  steps?: number;
}

export function runEnvConformance({ name, makeEnv, steps }: EnvConformanceOptions): void {
  it(`${name} passes checkEnv`, () => {
    const report = checkEnv(makeEnv, { steps: steps ?? 200 });
    const failed = report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.message}`);
    expect(failed).toEqual([]);
    expect(report.checks.length).toBeGreaterThanOrEqual(7);
  });
}
