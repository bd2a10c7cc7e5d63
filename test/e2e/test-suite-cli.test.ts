/**
 * `rewardlab test-suite` end to end: a tiny lava-world run, then its held-out suite through the
 * real CLI — test-suite.json is the printed result, every case re-runs exactly from its seed
 * (runTestCase, what `rewardlab certify` re-checks), a failure exits 0 unless --strict, and bad
 * input names its field.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/envs/index.js';
import { Ppo } from '../../src/agents/ppo.js';
import { savePpo } from '../../src/agents/ppo-checkpoint.js';
import { ppoPreset } from '../../src/app/presets/ppo-presets.js';
import { runTestCase } from '../../src/app/test-suite-run.js';
import { streamSeed } from '../../src/core/seed-streams.js';
import { make } from '../../src/envs/registry.js';
import { replaceCheckpoint } from '../../src/runs/checkpoint-dir.js';
import type { TestSuiteResult } from '../../src/app/test-suite-types.js';
import { runCli } from './run-cli.js';

describe('rewardlab test-suite', () => {
  it('writes test-suite.json, re-runs each case from its seed, and exits 1 on a failure only with --strict', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'test-suite-cli-')), 'run');
    const train = runCli(['train', '--env', 'FixedHorizonDistributionalShift-v0', '--labels', '12', '--steps', '2048', '--feedback', 'synthetic', '--out', dir, '--json']);
    expect(train.code, train.stderr).toBe(0);

    const r = runCli(['test-suite', dir, '--episodes', '4', '--seed', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as TestSuiteResult & { file: string };
    const { file, ...written } = out;
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(written);
    expect(out).toMatchObject({ kind: 'test-suite', version: 1, envId: 'FixedHorizonDistributionalShift-v0', checkpoint: 'checkpoint' });
    const sha = (f: string) => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
    expect(out.policySha256).toEqual({ 'checkpoint/agent.bin': sha('checkpoint/agent.bin'), 'checkpoint/agent.json': sha('checkpoint/agent.json') });
    expect(out.cases.map((c) => c.name)).toEqual(['shift:level-1', 'shift:level-2', 'shift:lava', 'perturbed-start']);
    expect(out.passed + out.failed).toBe(4);
    expect(out.failed).toBe(out.cases.filter((c) => !c.passed).length);
    for (const c of out.cases) {
      expect(c.perEpisode).toHaveLength(4);
      expect(c.value).toBeCloseTo(c.perEpisode.reduce((a, b) => a + b, 0) / 4, 12);
      expect(c.passed).toBe(c.op === '>=' ? c.value >= c.threshold : c.value <= c.threshold);
      const again = runTestCase(dir, c.name, { seed: c.seed, episodes: 2 });
      expect(again.perEpisode, c.name).toEqual(c.perEpisode.slice(0, 2));
    }

    const human = runCli(['test-suite', dir, '--episodes', '4', '--seed', '3']);
    expect(human.code).toBe(0);
    const lines = human.stdout.split('\n').filter((l) => /^(PASS|FAIL) /.test(l));
    expect(lines.map((l) => l.slice(0, 4))).toEqual(out.cases.map((c) => (c.passed ? 'PASS' : 'FAIL')));
    expect(human.stdout).toContain(`${out.passed} of 4 held-out cases passed`);

    const strict = runCli(['test-suite', dir, '--episodes', '4', '--seed', '3', '--strict', '--json']);
    expect(strict.code).toBe(out.failed > 0 ? 1 : 0); // the tiny agent's verdicts are what they are; the next test fixes them
    expect(JSON.parse(strict.stdout).cases).toEqual(out.cases);

    const bad = runCli(['test-suite', dir, '--episodes', '0']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--episodes = "0": must be in 1\.\.100000/);
    const none = runCli(['test-suite', join(dir, 'missing')]);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/RUN_DIR = ".*missing": has no config\.json/);
  }, 120_000);

  it('fails an always-right policy exactly where it walks into lava, and exits 1 for that only with --strict', () => {
    // A run dir by hand: a PPO actor with zero weights and logits (0, 0, 0, 1) always moves right. On the
    // training map and test map 1 it walks from (1, 1) into the lava at (1, 3): −1 − 51 = −52; test map 2 has
    // no top lava, so it reaches the goal in 6 steps: 5·(−1) + 49 = 44.
    const dir = join(mkdtempSync(join(tmpdir(), 'test-suite-right-')), 'run');
    const envId = 'FixedHorizonDistributionalShift-v0';
    const ppo = new Ppo({ ...ppoPreset(envId), seed: 0, totalSteps: 1024 }, { makeEnv: () => make(envId) });
    const actor = ppo.tensors().actor;
    actor.fill(0);
    actor[actor.length - 1] = 1; // the output bias of "right"
    replaceCheckpoint(dir, (d) => savePpo(d, ppo));
    ppo.close();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ envId, seed: 0 }));

    const r = runCli(['test-suite', dir, '--episodes', '8', '--json']);
    expect(r.code, r.stderr).toBe(0); // failures are a result
    const cases = Object.fromEntries((JSON.parse(r.stdout) as TestSuiteResult).cases.map((c) => [c.name, c]));
    expect(cases['shift:level-1']).toMatchObject({ value: -52, reference: { value: -52 }, threshold: -57.2, passed: true });
    expect(cases['shift:level-2']).toMatchObject({ value: 44, passed: true });
    const lava = cases['shift:lava'];
    const levels = lava.perEpisode.map((_, i) => make(envId, { testing: true }).reset({ seed: streamSeed(lava.seed, `episode/${i}`) }).info.level);
    expect(levels).toContain(1);
    expect(lava.perEpisode).toEqual(levels.map((l) => (l === 1 ? 1 : 0)));
    expect(lava.passed).toBe(false);

    const strict = runCli(['test-suite', dir, '--episodes', '8', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^FAIL {2}shift:lava /m);
  }, 60_000);
});
