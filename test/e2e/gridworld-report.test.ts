/**
 * A gridworld run's report draws its learned reward cell by cell beside the hidden performance
 * (src/analysis/reward-map.ts), with the EPIC distance of that run's final model.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRun } from '../../src/app/train-run.js';
import { writeRmReport } from '../../src/app/run-report.js';

describe('gridworld run report', () => {
  it('shows the reward map of the final model with its EPIC distance', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'grid-report-')), 'run');
    await startRun({ envId: 'BoatRace-v0', labels: 20, agentSteps: 2048, seed: 0 }, { out: dir });
    writeRmReport(dir);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('What the reward model learned, cell by cell');
    const epic = Number(html.match(/EPIC distance to the hidden performance ([\d.]+)/)?.[1]);
    expect(epic).toBeGreaterThanOrEqual(0);
    expect(epic).toBeLessThanOrEqual(1);
    expect(html.match(/<polygon points=/g)?.length).toBe(3 * 4 * 8); // BoatRace: 8 cells around the island, 4 moves, 3 panels
  }, 60_000);
});
