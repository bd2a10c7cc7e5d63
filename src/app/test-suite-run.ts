/**
 * `testSuiteRun(dir)`: the held-out safety suite of a run (issue 17 item 5). The final policy
 * (the run's latest checkpoint, acting deterministically) runs on conditions it never trained
 * on, listed per env in src/app/test-suite/ (test maps, the supervisor absent, perturbed
 * starts), each judged by the hidden performance or a catastrophe count against a documented
 * threshold. Writes `<dir>/test-suite.json` (src/app/test-suite-types.ts) and returns it.
 *
 * Reproducible by construction: case `name` of a suite seeded S has seed streamSeed(S,
 * `test-suite/<name>`), and `runTestCase(dir, name, { seed, episodes })` re-runs that one case,
 * its perEpisode equal to the suite's (a prefix with fewer episodes). A failing case is a
 * result, not an error: the suite always completes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import '../envs/index.js';
import { ConfigError } from '../core/errors.js';
import { streamSeed } from '../core/seed-streams.js';
import { make } from '../envs/registry.js';
import { loadPpo } from '../agents/ppo-checkpoint.js';
import { latestCheckpoint } from '../runs/checkpoint-dir.js';
import { readJson, writeJsonAtomic } from '../runs/run-dir.js';
import { hideReward, withReward } from '../wrappers/hide-reward.js';
import { heldOutCondition, heldOutConditions } from './test-suite/conditions.js';
import { runCase, type SuitePolicy } from './test-suite/run-case.js';
import type { TestSuiteCase, TestSuiteResult } from './test-suite-types.js';

export const TEST_SUITE_FILE = 'test-suite.json';

export interface TestSuiteOptions {
  /** Episodes per case (and per reference measurement). Default 20. */
  episodes?: number;
  /** Suite seed; case `name` runs on seed streamSeed(seed, `test-suite/<name>`). Default: the run's seed. */
  seed?: number;
  /** Progress: called with 0 before the first case, then after each case with the case just run (the CLI's progress line). */
  onProgress?(done: number, total: number, last?: TestSuiteCase): void;
}

export interface TestCaseOptions {
  /** The case's own seed (the `seed` recorded in test-suite.json). */
  seed: number;
  episodes: number;
  /** Judge against this threshold instead of re-measuring the training reference. */
  threshold?: { op: '>=' | '<='; threshold: number };
}

export const DEFAULT_TEST_EPISODES = 20;

/** The seed case `name` of a suite seeded `suiteSeed` runs on. */
export function caseSeed(suiteSeed: number, name: string): number {
  return streamSeed(suiteSeed, `test-suite/${name}`);
}

/** A policy under test: what a run's final agent does, or any function of the observation (tests). */
export interface PolicyUnderTest {
  envId: string;
  policy: SuitePolicy;
  obsDim: number;
}

function checkCount(field: string, v: number | undefined, min: number): void {
  if (v !== undefined && !(Number.isSafeInteger(v) && v >= min)) throw new ConfigError(field, v, min === 0 ? 'must be a non-negative integer' : `must be an integer ≥ ${min}`);
}

/** The suite for any policy trained on `envId` (no run dir, nothing written). */
export function testSuite(p: PolicyUnderTest, o: { seed: number; episodes?: number; onProgress?: TestSuiteOptions['onProgress'] }): TestSuiteCase[] {
  checkCount('episodes', o.episodes, 1);
  checkCount('seed', o.seed, 0);
  const conditions = heldOutConditions(p.envId);
  const episodes = o.episodes ?? DEFAULT_TEST_EPISODES;
  o.onProgress?.(0, conditions.length);
  return conditions.map((c, i) => {
    const r = runCase(c, p.policy, { seed: caseSeed(o.seed, c.name), episodes, obsDim: p.obsDim, trainingEnv: () => make(p.envId) });
    o.onProgress?.(i + 1, conditions.length, r);
    return r;
  });
}

/** One case for any policy (the unit `runTestCase` re-runs). */
export function testCase(p: PolicyUnderTest, caseName: string, o: TestCaseOptions): TestSuiteCase {
  checkCount('episodes', o.episodes, 1);
  checkCount('seed', o.seed, 0);
  return runCase(heldOutCondition(p.envId, caseName), p.policy, { ...o, obsDim: p.obsDim, trainingEnv: () => make(p.envId) });
}

interface RunPolicy extends PolicyUnderTest {
  runSeed: number;
  checkpoint: string;
  /** sha256 of agent.bin and agent.json, by path relative to the run dir. */
  policySha256: Record<string, string>;
  close(): void;
}

/** The final policy of a reward-modeling or RL run dir, acting deterministically. */
export function loadRunPolicy(dir: string): RunPolicy {
  const path = join(dir, 'config.json');
  if (!existsSync(path)) throw new ConfigError('RUN_DIR', dir, 'has no config.json: give a run directory made by `rewardlab train` or `rewardlab rl`');
  const config = readJson<{ envId?: unknown; seed?: unknown; ppo?: { seed?: unknown } }>(path, 'run config');
  if (typeof config.envId !== 'string') throw new ConfigError(`${path} envId`, config.envId, 'must name the env the run trained on');
  const checkpoint = latestCheckpoint(dir);
  if (!checkpoint) throw new ConfigError('RUN_DIR', dir, 'has no finished checkpoint yet: train (or resume) until one is written');
  const envId = config.envId;
  const rel = relative(dir, checkpoint);
  const policySha256 = Object.fromEntries(['agent.bin', 'agent.json'].map((f) => [join(rel, f), createHash('sha256').update(readFileSync(join(checkpoint, f))).digest('hex')]));
  const agent = loadPpo(checkpoint, { makeEnv: () => withReward(hideReward(make(envId)), () => 0) });
  const seed = typeof config.seed === 'number' ? config.seed : typeof config.ppo?.seed === 'number' ? config.ppo.seed : 0;
  return { envId, policy: (o) => agent.act(o, true), obsDim: agent.obsDim, runSeed: seed, checkpoint: rel, policySha256, close: () => agent.close() };
}

export function testSuiteRun(dir: string, o: TestSuiteOptions = {}): TestSuiteResult {
  const run = loadRunPolicy(dir);
  try {
    const cases = testSuite(run, { seed: o.seed ?? run.runSeed, episodes: o.episodes, onProgress: o.onProgress });
    const passed = cases.filter((c) => c.passed).length;
    const result: TestSuiteResult = { kind: 'test-suite', version: 1, envId: run.envId, checkpoint: run.checkpoint, cases, passed, failed: cases.length - passed, policySha256: run.policySha256 };
    writeJsonAtomic(join(dir, TEST_SUITE_FILE), result);
    return result;
  } finally {
    run.close();
  }
}

/** Re-runs one case of a run's suite from its seed (what `rewardlab certify` checks perEpisode with). */
export function runTestCase(dir: string, caseName: string, o: TestCaseOptions): TestSuiteCase {
  const run = loadRunPolicy(dir);
  try {
    return testCase(run, caseName, o);
  } finally {
    run.close();
  }
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/** One line per case for the terminal, then the tally. */
export function testSuiteLines(r: TestSuiteResult): string[] {
  const width = Math.max(...r.cases.map((c) => c.name.length));
  const lines = r.cases.map((c) => `${c.passed ? 'PASS' : 'FAIL'}  ${c.name.padEnd(width)}  ${c.metric} ${fmt(c.value)} (needs ${c.op === '>=' ? '≥' : '≤'} ${fmt(c.threshold)}${c.reference ? `; training ${fmt(c.reference.value)}` : ''})  ${c.episodes} episodes, seed ${c.seed}`);
  return [...lines, `${r.passed} of ${r.cases.length} held-out cases passed (${r.envId}, ${r.checkpoint})`];
}
