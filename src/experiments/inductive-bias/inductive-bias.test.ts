import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inductiveBias, runInductiveBias, VARIANTS, type VariantRun, type VariantSummary } from './inductive-bias.js';

describe('experiment inductive-bias (quick)', () => {
  it('on BoatRace, dropping the next-state features (reward of s only) leaves a larger EPIC to hidden performance than the baseline; writes the table', async () => {
    const out = mkdtempSync(join(tmpdir(), 'inductive-bias-'));
    const variants = VARIANTS.filter((v) => v.name === 'baseline' || v.name === 'no-next-obs');
    const result = await runInductiveBias({ out, seeds: [0], quick: true, values: { env: 'BoatRace-v0', labels: 40 }, log: () => {} }, variants);
    expect(inductiveBias.name).toBe('inductive-bias');
    expect(result.headline).toMatch(/^inductive-bias \(40 labels, 1 seed, median\): BoatRace-v0 1024 steps — baseline acc \d\.\d\d EPIC \d\.\d\d perf -?\d+\.\d, no-next-obs acc/);
    const summary = result.data.summary as VariantSummary[];
    expect(summary.map((s) => s.variant)).toEqual(['baseline', 'no-next-obs']);
    const [base, noNext] = summary;
    // BoatRace's hidden performance rewards the direction of a move (clockwise over the arrow
    // tiles); a reward of the state alone cannot see it: uncorrelated with it after EPIC's
    // canonicalisation, EPIC = √(1/2). The (s, s′) baseline is already (weakly) correlated.
    expect(noNext.epic!).toBeCloseTo(Math.SQRT1_2, 2);
    expect(base.epic!).toBeLessThan(noNext.epic! - 0.02);
    for (const r of result.data.perRun as VariantRun[]) {
      expect(r.heldOut!.scored).toBeGreaterThan(0);
      expect(r.heldOutAccuracy).toBeCloseTo(r.heldOut!.correct / r.heldOut!.scored, 9);
      expect(r.finalPerformance).not.toBeNull();
      expect(existsSync(join(r.runDir, 'config.json'))).toBe(true);
    }
    const config = JSON.parse(readFileSync(join((result.data.perRun as VariantRun[])[1].runDir, 'config.json'), 'utf8'));
    expect(config.rewardModel).toMatchObject({ useNextObs: false, useAction: false, inputTransform: 'tanh', members: 3 });
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).headline).toBe(result.headline);
    const html = readFileSync(result.report, 'utf8');
    expect(html).toContain('Variants (median over seeds)');
    expect(html).toContain('no-next-obs');
  }, 60_000);
});
