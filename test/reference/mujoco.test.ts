/**
 * Our MuJoCo v5 envs (mujoco-js, MuJoCo 3.3.8) reproduce the reference trajectories recorded from
 * a C copy of Gymnasium's v5 logic on native MuJoCo 2.2.2 (test/fixtures/reference/mujoco), in
 * both ways the files' tolerance tables define: one step from every recorded state (≤ 1e-9) and
 * free-running from the reset state (≤ 1e-9 to H, ≤ 1e-6 to H′), flags exact.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/envs/index.js';
import { prepareEnv } from '../../src/envs/registry.js';
import { conformanceCommand } from '../../src/cli/commands/conformance.js';
import { isMujocoReference, replayMujocoReference, type MujocoReferenceFile } from '../../src/envs/mujoco/reference-replay.js';

const DIR = join(import.meta.dirname, '../fixtures/reference/mujoco');
const ASSETS = join(import.meta.dirname, '../../src/envs/mujoco/assets');
const IDS = ['InvertedPendulum-v5', 'Hopper-v5', 'Walker2d-v5', 'HalfCheetah-v5', 'Swimmer-v5', 'Ant-v5', 'Reacher-v5', 'InvertedDoublePendulum-v5'];
const load = (id: string): MujocoReferenceFile => JSON.parse(readFileSync(join(DIR, `${id}.json`), 'utf8'));

await prepareEnv('Hopper-v5');

describe('MuJoCo v5 reference trajectories', () => {
  for (const id of IDS) {
    it(`${id}: one-step and free-run within the file's tolerances`, () => {
      const file = load(id);
      expect(isMujocoReference(file)).toBe(true);
      const report = replayMujocoReference(file);
      expect(report.stepsCompared).toBe(file.cases.reduce((n, c) => n + c.steps.length, 0));
      expect(report.fields.filter((f) => !f.ok)).toEqual([]);
      // Every kind of value was compared (a row that never saw a value keeps at = null).
      for (const f of report.fields.filter((r) => ['obs', 'state', 'reward', 'info'].includes(r.field) && r.check === 'one-step')) expect(f.at, `${f.field}`).not.toBeNull();
    });
    it(`${id}: the bundled XML is the one the file was recorded with`, () => {
      const file = load(id);
      const sha = createHash('sha256').update(readFileSync(join(ASSETS, file.meta.xml_file))).digest('hex');
      expect(sha).toBe(file.meta.xml_sha256);
    });
  }

  it('the replay can fail: a perturbed action or a wrong reward term is caught', () => {
    const file = load('Hopper-v5');
    file.cases[0].actions[0] = file.cases[0].actions[0].map((a) => Math.fround(a * 0.999));
    const report = replayMujocoReference(file);
    expect(report.ok).toBe(false);
    const bad = report.fields.filter((f) => !f.ok).map((f) => `${f.check} ${f.field}`);
    expect(bad).toContain('one-step state');
    expect(bad).toContain('one-step info');
    const file2 = load('Ant-v5');
    file2.cases[1].steps[5].info.reward_contact += 1e-6;
    expect(replayMujocoReference(file2).fields.find((f) => f.check === 'one-step' && f.field === 'info')!.ok).toBe(false);
  });

  it('`rewardlab conformance FILE` reads the MuJoCo format and prints both checks', async () => {
    const lines: string[] = [];
    const io = { log: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t), json: false };
    const result = await conformanceCommand.run({ values: {}, positionals: [join(DIR, 'Reacher-v5.json')] }, io);
    expect(result.exitCode).toBe(0);
    expect(lines[0]).toMatch(/^PASS Reacher-v5 {2}\(2 cases, 400 steps\)/);
    expect(lines.filter((l) => /✓ one-step +truncated +0 mismatching/.test(l))).toHaveLength(1);
    expect(lines.some((l) => /✓ free-run t≤200 obs/.test(l))).toBe(true);
  });
});
