/**
 * `rewardlab verify` end to end: a short CartPole run, then properties of its reward model —
 * one that holds for any model (|reward| < 10⁶: the outputs are standardised), one that no
 * model can satisfy (reward ≤ −10⁶ everywhere), and a spec error that names its field.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('rewardlab verify', () => {
  it('proves a true property, refutes a false one with a counterexample the model confirms, and writes verify.json', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'verify-cli-')), 'run');
    const train = runCli(['train', '--env', 'FixedHorizonCartPole-v0', '--labels', '20', '--steps', '4096', '--feedback', 'synthetic', '--out', dir, '--json']);
    expect(train.code, train.stderr).toBe(0);
    const spec = join(dir, '..', 'spec.json');
    writeFileSync(spec, JSON.stringify({
      kind: 'rewardlab-verify-spec', version: 1, names: ['x', 'x_dot', 'theta', 'theta_dot'], defaults: { obs: { x_dot: [-2, 2], theta_dot: [-2, 2] } },
      properties: [
        { name: 'bounded', kind: 'range', region: {}, min: -1e6, max: 1e6 },
        { name: 'impossible', kind: 'range', region: { obs: { theta: [-0.05, 0.05] } }, max: -1e6 },
      ],
    }));
    const r = runCli(['verify', dir, '--spec', spec, '--max-boxes', '200', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toEqual({ bounded: 'proved', impossible: 'refuted' });
    const refuted = out.properties[1].results.find((x: { model: string }) => x.model === 'mean');
    const w = refuted.counterexample[0];
    expect(w.modelValue).toBeGreaterThan(-1e6); // the model's own float32 value breaks the property too
    expect(Math.abs(w.obs[2])).toBeLessThanOrEqual(0.05);
    expect(out.properties[0].results.map((x: { model: string }) => x.model)).toEqual(['mean', 'member0', 'member1', 'member2']);
    expect(JSON.parse(readFileSync(join(dir, 'verify.json'), 'utf8')).summary).toEqual(out.summary);

    writeFileSync(spec, JSON.stringify({ kind: 'rewardlab-verify-spec', version: 1, properties: [{ name: 'x', kind: 'range', region: { obs: { 2: [1, -1] } }, max: 1 }] }));
    const bad = runCli(['verify', dir, '--spec', spec]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/properties\[0\]\.region\.obs\.2 = \[1,-1\]: must have lo ≤ hi/);
  }, 120_000);
});
