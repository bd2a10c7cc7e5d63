import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

describe('rewardlab CLI', () => {
  it('--help lists every command', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    for (const name of ['demo', 'envs', 'check-env', 'render', 'conformance', 'rl', 'train', 'resume', 'report']) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('envs --json prints one JSON document listing envs with spaces', () => {
    const r = runCli(['envs', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.envs.length).toBeGreaterThan(0);
    expect(doc.envs[0]).toHaveProperty('observationSpace');
    expect(doc.envs[0]).toHaveProperty('actionSpace');
  });

  it('names the flag and the value on bad input, and exits non-zero', () => {
    const unknown = runCli(['render', '--env', 'NoSuchEnv-v9']);
    expect(unknown.code).toBe(2); // usage/config errors exit 2, runtime errors 1
    expect(unknown.stderr).toMatch(/env id = "NoSuchEnv-v9" is not registered/);
    const badFlag = runCli(['render', '--env', 'CartPole-v1', '--seed', 'abc']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--seed = "abc": must be an integer/);
    const badCommand = runCli(['frobnicate']);
    expect(badCommand.code).toBe(2);
    expect(badCommand.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('render writes an animated SVG of one episode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-render-'));
    const out = join(dir, 'episode.svg');
    const r = runCli(['render', '--env', 'CartPole-v1', '--seed', '0', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.steps).toBeGreaterThan(5);
    expect(existsSync(out)).toBe(true);
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect((svg.match(/<animate /g) ?? []).length).toBe(doc.steps + 1);
  });

  it('conformance replays a reference file, and fails on a tampered one', () => {
    const ref = join(ROOT, 'test/fixtures/reference/gymnasium/Pendulum-v1.json');
    const ok = runCli(['conformance', ref, '--json']);
    expect(ok.code).toBe(0);
    const doc = JSON.parse(ok.stdout);
    expect(doc.reports[0].envId).toBe('Pendulum-v1');
    expect(doc.reports[0].fields.map((f: { field: string }) => f.field)).toEqual(['obs', 'state', 'reward', 'terminated', 'truncated']);
    const data = JSON.parse(readFileSync(ref, 'utf8'));
    data.cases[0].steps[3].reward += 0.01;
    const dir = mkdtempSync(join(tmpdir(), 'rl-conf-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(data));
    const bad = runCli(['conformance', join(dir, 'bad.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/✗ reward +max \|Δ\| 1\.00e-2 .* at case 0 t=4/);
    const missing = runCli(['conformance', join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/FILE = ".*nope.json": cannot be read \(ENOENT\)/);
  });

  it('rl trains, writes a run directory, and resumes a finished run without redoing work', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rl-cli-')), 'run');
    const r = runCli(['rl', '--env', 'CartPole-v1', '--steps', '8192', '--seed', '1', '--out', dir, '--eval-episodes', '2', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.globalStep).toBe(8192);
    expect(doc.evaluation.episodes).toBe(2);
    for (const f of ['config.json', 'metrics.jsonl', 'result.json', 'checkpoint/agent.json', 'checkpoint/agent.bin']) expect(existsSync(join(dir, f))).toBe(true);
    expect(readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    const again = runCli(['rl', '--resume', dir, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).iterations).toBe(2);
    const bad = runCli(['rl', '--env', 'CartPole-v1', '--lr', '-0.1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/learningRate = -0.1/);
  });

  it('train runs the loop with a synthetic user, writes SQLite + report, and rejects bad feedback specs', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rl-train-')), 'run');
    const r = runCli(['train', '--env', 'FixedHorizonCartPole-v0', '--labels', '30', '--steps', '8192', '--feedback', 'synthetic:mistake', '--out', dir, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.finished).toBe(true);
    expect(doc.globalStep).toBe(8192);
    for (const f of ['feedback.sqlite', 'metrics.jsonl', 'report.html', 'result.json']) expect(existsSync(join(dir, f))).toBe(true);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('Learned vs true return');
    const rep = runCli(['report', dir, '--json']);
    expect(rep.code).toBe(0);
    const bad = runCli(['train', '--feedback', 'synthetic:eps=7']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/feedback option eps = 7: must be in \[0, 1\]/);
  });
});
