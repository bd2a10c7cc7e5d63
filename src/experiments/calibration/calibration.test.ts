import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExperiment } from '../index.js';
import type { ActingSummaryRow, CalibrationSeedResult, CalibrationSummaryRow } from './calibration.js';
import { quantile } from './acting.js';

type PerSeed = Omit<CalibrationSeedResult, 'rows'> & { rows: Omit<CalibrationSeedResult['rows'][number], 'bins'>[] };

describe('experiment calibration (quick, seed 1)', () => {
  it('measures calibration and acting, with the effects in the expected direction', async () => {
    const out = mkdtempSync(join(tmpdir(), 'calibration-'));
    const result = await findExperiment('calibration')!.run({ out, seeds: [1], quick: true, values: {}, log: () => {} });
    const summary = result.data.summary as CalibrationSummaryRow[];
    const acting = result.data.acting as ActingSummaryRow[];
    const [seed] = result.data.perSeed as PerSeed[];
    const get = (split: string, predictor: string, scaled: boolean) => summary.find((r) => r.split === split && r.predictor === predictor && r.scaled === scaled)!;

    // the numbers come from this run: the summary is the one seed's rows, the headline quotes the summary
    expect(summary.map((r) => [r.split, r.predictor, r.scaled])).toEqual(seed.rows.map((r) => [r.split, r.predictor, r.scaled]));
    summary.forEach((r, i) => expect(r.ece).toBe(seed.rows[i].ece));
    expect(result.headline).toContain(`shifted single ${get('shifted', 'single', false).ece.toFixed(3)}→${get('shifted', 'single', true).ece.toFixed(3)}`);
    const act = (m: string) => acting.find((a) => a.method === m)!;
    const testRows = (m: string) => seed.acting.filter((a) => a.method === m && a.level !== 0);
    for (const m of ['plain', 'risk-averse', 'deferral']) {
      const rows = testRows(m);
      expect(rows.map((r) => r.level)).toEqual([1, 2]);
      expect(act(m).testPer100).toBeCloseTo((100 * (rows[0].catastrophes + rows[1].catastrophes)) / (rows[0].episodes + rows[1].episodes), 10);
    }
    expect(result.headline).toContain(`plain ${act('plain').testPer100.toFixed(1)}, risk-averse κ=1 ${act('risk-averse').testPer100.toFixed(1)}, deferral ${act('deferral').testPer100.toFixed(1)}`);

    // temperature scaling is fitted on the validation split: it never raises the NLL there
    for (const p of ['single', 'ensemble']) expect(get('validation', p, true).nll).toBeLessThanOrEqual(get('validation', p, false).nll + 1e-9);
    expect(seed.temperatures.single).toHaveLength(5);
    // on shifted pairs the ensemble mean is better calibrated than one network (NLL and ECE), and scaling helps one network there
    expect(get('shifted', 'ensemble', false).nll).toBeLessThan(get('shifted', 'single', false).nll);
    expect(get('shifted', 'ensemble', false).ece).toBeLessThan(get('shifted', 'single', false).ece);
    expect(get('shifted', 'single', true).nll).toBeLessThan(get('shifted', 'single', false).nll);
    // deferring to the user above the training map's spread threshold avoids lava on the test maps that plain acting enters, and it asks
    expect(act('deferral').testPer100).toBeLessThan(act('plain').testPer100);
    expect(act('deferral').testAsksPerEpisode).toBeGreaterThan(0);
    expect(act('plain').testAsksPerEpisode).toBe(0);
    // the threshold is the training map's 95th spread percentile (nearest rank below): about 5% of its transitions lie above it
    expect(seed.coverage[0].aboveThreshold).toBeGreaterThan(0);
    expect(seed.coverage[0].aboveThreshold).toBeLessThanOrEqual(0.06);

    expect(existsSync(join(out, 'result.json'))).toBe(true);
    const html = readFileSync(result.report, 'utf8');
    expect(html).toContain('held-out (training map), seeds pooled');
    expect(html).toContain('class="diagonal"');
    expect(html).toContain('deferral (ask above the');
  }, 120_000);

  it('rejects an env that is not the lava world', async () => {
    const out = mkdtempSync(join(tmpdir(), 'calibration-'));
    await expect(findExperiment('calibration')!.run({ out, seeds: [0], quick: true, values: { env: 'BoatRace-v0' }, log: () => {} })).rejects.toThrow(/--env = "BoatRace-v0"/);
  });

  it('quantile: nearest rank below', () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21], 0.95)).toBe(20);
    expect(quantile([7], 0.95)).toBe(7);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });
});
