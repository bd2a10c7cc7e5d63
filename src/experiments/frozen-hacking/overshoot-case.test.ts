import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExperiment } from '../index.js';
import type { SeedResult } from './frozen-hacking.js';

describe('frozen-hacking case overshoot (Overshoot-v0, seed 1, 60 labels, 30k steps)', () => {
  it('the frozen model, accurate where it was trained, is exploited: learned return up while performance falls; the online loop with the same labels ends far higher', async () => {
    const out = mkdtempSync(join(tmpdir(), 'frozen-hacking-overshoot-'));
    const exp = findExperiment('frozen-hacking')!;
    const result = await exp.run({ out, seeds: [1], quick: false, values: { case: 'overshoot', labels: 60, steps: 30_000 }, log: () => {} });
    const [seed] = result.data.perSeed as SeedResult[];
    expect(seed.train.heldOutAccuracy).toBeGreaterThanOrEqual(0.8); // right on random-policy pairs
    const f = seed.frozen.onset;
    expect(f.opened).toBe(true);
    const peak = seed.frozen.curve.find((p) => p.step === f.peakStep)!;
    const last = seed.frozen.curve[seed.frozen.curve.length - 1];
    expect(last.learnedReturn).toBeGreaterThan(peak.learnedReturn); // the model rates the hack higher…
    expect(last.performance).toBeLessThan(peak.performance - 200); // …while the hidden performance falls
    expect(seed.online.labels).toBeLessThanOrEqual(seed.train.labels); // not more labels than the frozen model had
    expect(seed.online.onset.finalPerformance).toBeGreaterThan(f.finalPerformance + 200);
  }, 120_000);
});
