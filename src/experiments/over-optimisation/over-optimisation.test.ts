import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { overOptimisation, overOptimisationConfig, runOverOptimisation, type ArmRun, type ArmSummary } from './over-optimisation.js';

describe('experiment over-optimisation (small budget)', () => {
  it('on BoatRace (seed 0, 40 labels): equal labels, red-team queries only in the red-team arm, which change the learned reward; exact curves well-formed; writes JSON, markdown and SVG', async () => {
    const out = mkdtempSync(join(tmpdir(), 'over-optimisation-'));
    const result = await runOverOptimisation({ out, seeds: [0], quick: true, values: { case: 'boat-race', labels: 40, steps: 8192, strategies: 'baseline,red-team' }, log: () => {} });
    expect(overOptimisation.name).toBe('over-optimisation');
    const runs = result.data.perRun as ArmRun[];
    const [base, red] = ['baseline', 'red-team'].map((arm) => runs.find((r) => r.arm === arm)!);
    // equal labels; only the red-team arm asked red-team queries
    expect(red.labels).toBe(base.labels);
    expect(base.redTeamQueries).toBe(0);
    expect(red.redTeamQueries).toBeGreaterThan(0);
    // A test of the measurement, not of the effect: at the full budget (3 seeds, 3 gridworlds) the
    // red team did not move the turnover (see the helper report), and at this budget the control arm
    // (nearly uniform segments in the same place) moved it as much. What must hold: the red-team
    // queries reach the model — its curve differs from the baseline's, which shares seed and labels.
    expect(red.curves.kl.some((p, i) => Math.abs(p.true - base.curves.kl[i].true) > 1e-6)).toBe(true);
    expect(red.curves.klTurnover.peakTrue).toBeLessThanOrEqual(red.curves.optimalTrue + 1e-9);
    expect(base.curves.klTurnover.peakTrue).toBeLessThanOrEqual(base.curves.optimalTrue + 1e-9);
    expect(red.curves.kl[red.curves.kl.length - 1].true).toBeCloseTo(red.curves.learnedOptimumTrue, 0);
    // the measurement: exact curves share the uniform-policy start, and KL grows with pressure
    expect(red.curves.baseTrue).toBeCloseTo(base.curves.baseTrue, 9);
    for (const r of runs) for (let i = 1; i < r.curves.kl.length; i++) expect(r.curves.kl[i].kl).toBeGreaterThanOrEqual(r.curves.kl[i - 1].kl - 1e-9);
    const summary = result.data.summary as ArmSummary[];
    expect(summary.map((s) => s.arm)).toEqual(['baseline', 'red-team']);
    expect(result.headline).toMatch(/boat-race baseline -?\d+\.\d \(peak -?\d+\.\d at d \d+\.\d\d, turns over [01]\/1\) vs red-team/);
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).headline).toBe(result.headline);
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('| boat-race | red-team |');
    expect(readFileSync(join(out, 'curves-boat-race.svg'), 'utf8')).toMatch(/^<svg[^>]*role="img"/);
    expect(existsSync(join(base.runDir, 'config.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(red.runDir, 'arm.json'), 'utf8'))).toMatchObject({ kind: 'rewardlab-over-optimisation-arm', version: 1, arm: 'red-team' });
  }, 120_000);

  it('selects cases by --case and --envs, and names the bad value', () => {
    const values = (v: Record<string, string>) => ({ quick: true, values: v });
    expect(overOptimisationConfig(values({})).cases.map((c) => c.name)).toEqual(['island', 'boat-race', 'rocks-diamonds']);
    expect(overOptimisationConfig(values({ case: 'island' })).cases.map((c) => c.envId)).toEqual(['IslandNavigation-v0']);
    expect(overOptimisationConfig(values({ envs: 'BoatRace-v0,RocksDiamondsLevel1-v0' })).cases.map((c) => c.name)).toEqual(['boat-race', 'rocks-diamonds']);
    expect(() => overOptimisationConfig(values({ case: 'nope' }))).toThrow(/--case/);
    expect(() => overOptimisationConfig(values({ envs: 'FixedHorizonIslandNavigation-v0' }))).toThrow(/--envs/);
    expect(overOptimisationConfig(values({})).arms).toEqual(['baseline', 'red-team', 'control']);
    expect(overOptimisationConfig(values({ strategies: 'red-team,baseline' })).arms).toEqual(['baseline', 'red-team']);
    expect(() => overOptimisationConfig(values({ strategies: 'uniform' }))).toThrow(/--strategies/);
  });
});
