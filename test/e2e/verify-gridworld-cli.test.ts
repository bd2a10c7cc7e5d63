/**
 * `rewardlab verify` on a gridworld run: a short IslandNavigation run, then the example spec
 * (water entries below goal entries, …) decided by exhaustion over every reachable transition.
 * Whatever the verdict, it is cross-checked against the run's model evaluated here: a refutation
 * on its counterexample transitions, a proof on every enumerated transition. A property no model
 * can satisfy is refuted; an unknown tile names the field and lists the env's tiles.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enumerateGridworld } from '../../src/analysis/gridworld-exact.js';
import { loadRewardModel } from '../../src/app/run-report.js';
import '../../src/envs/index.js';
import type { TransitionBatch } from '../../src/rewards/reward-model.js';
import { ROOT, runCli } from './run-cli.js';

const ENV = 'IslandNavigation-v0';

describe('rewardlab verify on a gridworld run', () => {
  it('decides each property over every reachable transition, and the verdict survives re-evaluating the model', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'verify-grid-')), 'run');
    const train = runCli(['train', '--env', ENV, '--labels', '20', '--steps', '2048', '--feedback', 'synthetic', '--out', dir, '--json']);
    expect(train.code, train.stderr).toBe(0);
    const example = JSON.parse(readFileSync(join(ROOT, 'examples/verify-island-navigation.json'), 'utf8'));
    example.properties.push({ name: 'impossible', kind: 'range', set: { all: true }, max: -1e6 });
    const spec = join(dir, '..', 'spec.json');
    writeFileSync(spec, JSON.stringify(example));
    const r = runCli(['verify', dir, '--spec', spec, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(JSON.parse(readFileSync(join(dir, 'verify.json'), 'utf8')).summary).toEqual(out.summary);

    const mdp = enumerateGridworld(ENV);
    const total = mdp.transitions.reduce((n, row) => n + row.length, 0);
    expect(out).toMatchObject({ method: 'exhaustive', transitions: total, frontier: 0 });
    expect(out.summary.impossible).toBe('refuted');
    const model = loadRewardModel(out.checkpoint);
    const D = mdp.observations[0].length;
    const learned = (pairs: [number, number][]): Float32Array => {
      const b: TransitionBatch = { obs: new Float32Array(pairs.length * D), actions: new Float32Array(pairs.length), nextObs: new Float32Array(pairs.length * D), n: pairs.length };
      pairs.forEach(([s, a], k) => {
        b.obs.set(mdp.observations[s], k * D);
        b.actions[k] = a;
        b.nextObs.set(mdp.observations[mdp.transitions[s][a].next], k * D);
      });
      return model.predict(b).mean;
    };
    const all: [number, number][] = mdp.transitions.flatMap((row, s) => row.map((_t, a) => [s, a] as [number, number]));
    const values = learned(all);
    const [water, , bounded, impossible] = out.properties.map((p: { results: { model: string }[] }) => p.results.find((x) => x.model === 'mean'));
    expect(out.properties[0].results.map((x: { model: string }) => x.model)).toEqual(['mean', 'member0', 'member1', 'member2']);
    expect(bounded.checked).toBe(total);
    expect(impossible.counterexample[0].learned).toBeCloseTo(Math.max(...values), 5);

    // water below goal: the CLI's verdict against this process's own evaluation of the model
    const at = (tile: string) => all.map((p, i) => [p, values[i]] as const).filter(([[s, a]]) => {
      const to = mdp.boards[mdp.transitions[s][a].next].findIndex((row) => row.includes('A'));
      return tile === 'W' ? mdp.transitions[s][a].hidden <= -50 : mdp.transitions[s][a].hidden >= 40 && to >= 0;
    });
    if (water.status === 'refuted') {
      const [below, above] = water.counterexample;
      expect([below.tile, above.tile]).toEqual(['W', 'G']);
      const [vb, va] = learned([[below.state, below.action], [above.state, above.action]]);
      expect(vb).toBeCloseTo(below.learned, 5);
      expect(va).toBeCloseTo(above.learned, 5);
      expect(vb).toBeGreaterThanOrEqual(va); // a real violation
    } else {
      expect(water.status).toBe('proved');
      expect(Math.max(...at('W').map(([, v]) => v))).toBeLessThan(Math.min(...at('G').map(([, v]) => v)));
    }
    expect(water.checked).toBe(at('W').length + at('G').length);

    // the certificate claims the exhaustive verdicts and its checker re-decides them the same way
    const cert = runCli(['certify', dir, '--episodes', '2', '--json']);
    expect(cert.code, cert.stderr).toBe(0);
    const certFile = join(dir, 'certificate.json');
    const statement = JSON.parse(readFileSync(certFile, 'utf8'));
    const claimed = statement.predicate.verification.properties[0].results[0];
    expect(claimed).toMatchObject({ model: 'mean', status: water.status, method: `exhaustive over ${water.checked} of ${total} reachable transitions` });
    const holds = runCli(['verify-certificate', certFile, dir, '--episodes', '1', '--json']);
    expect(holds.code, holds.stdout + holds.stderr).toBe(0);
    claimed.status = water.status === 'refuted' ? 'proved' : 'refuted';
    writeFileSync(certFile, JSON.stringify(statement));
    const edited = runCli(['verify-certificate', certFile, dir, '--episodes', '1']);
    expect(edited.code).not.toBe(0);
    expect(edited.stdout + edited.stderr).toMatch(/FAILED.*verification/);

    writeFileSync(spec, JSON.stringify({ kind: 'rewardlab-verify-spec', version: 1, properties: [{ kind: 'ordering', below: { into: 'lava' }, above: { into: 'goal' } }] }));
    const bad = runCli(['verify', dir, '--spec', spec]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/properties\[0\]\.below\.into = "lava": is not a tile of island_navigation: use one of .*"water" \("W"\)/);
  }, 180_000);
});
