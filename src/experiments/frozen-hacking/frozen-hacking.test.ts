import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExperiment } from '../index.js';
import type { SeedResult } from './frozen-hacking.js';

describe('experiment frozen-hacking (quick)', () => {
  it('trains, freezes, retrains and runs the online loop; writes sane numbers, result.json and report.html', async () => {
    const out = mkdtempSync(join(tmpdir(), 'frozen-hacking-'));
    const exp = findExperiment('frozen-hacking')!;
    const result = await exp.run({ out, seeds: [0], quick: true, values: {}, log: () => {} });
    expect(result.headline).toMatch(/^frozen-hacking BoatRace-v0 \(12 labels, 4096 steps, 1 seed, median\): gap opened frozen [01]\/1, online [01]\/1; .*model prefers the agent's behaviour to the intended one: frozen [01]\/1, online [01]\/1; EPIC to hidden frozen \d\.\d\d/);
    const [seed] = result.data.perSeed as SeedResult[];
    for (const c of [seed.frozen, seed.online]) {
      expect(c.curve.length).toBeGreaterThanOrEqual(2);
      for (const p of c.curve) {
        expect(p.performance).toBeGreaterThanOrEqual(-100);
        expect(p.performance).toBeLessThanOrEqual(100);
        expect(Number.isFinite(p.learnedReturn)).toBe(true);
      }
      expect(c.exact!.epicVsHidden).toBeGreaterThanOrEqual(0);
      expect(c.exact!.epicVsHidden).toBeLessThanOrEqual(1);
      expect(c.exact!.rewardResultGap.gap).toBeGreaterThanOrEqual(-1e-6); // nothing beats the learned reward's optimum
      expect(c.labels).toBeGreaterThan(0);
      expect(c.exact!.intended.performance).toBe(100); // BoatRace's performance optimum
      expect(c.exact!.prefersAgent).toBe(c.exact!.rewardResultGap.achieved >= c.exact!.intended.learned - 1e-9 && c.exact!.agent.performance <= 50);
    }
    expect(seed.frozen.curve[0].step).toBe(0);
    expect(seed.frozen.curve[seed.frozen.curve.length - 1].step).toBe(4096);
    expect((result.data.summary as { performanceRange: unknown }).performanceRange).toEqual({ min: -100, max: 100 });
    expect(existsSync(join(out, 'seed-0', 'train', 'checkpoint', 'reward-model.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).headline).toBe(result.headline);
    const html = readFileSync(result.report, 'utf8');
    expect(html).toContain('Hidden performance over training');
    expect(html).toContain('<svg');
  }, 60_000);
});
