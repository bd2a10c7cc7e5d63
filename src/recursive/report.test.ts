import { describe, expect, it } from 'vitest';
import { effortTable, levelChart, levelTable, sandwichChart, seedSummary, type LevelRow } from './report.js';

const rows: LevelRow[] = [
  { level: 0, label: 'σ', measured: { error: 0.1 }, predicted: { error: 0.1 }, runs: { error: [0.08, 0.1, 0.12] } },
  { level: 1, label: 'σ²', measured: { error: 0.27 }, predicted: { error: 0.271 }, runs: { error: [0.25, 0.27, 0.3] } },
];

describe('recursive report helpers', () => {
  it('levelTable puts measured, predicted and the seed range side by side', () => {
    const html = levelTable(rows, [{ key: 'error', label: 'error' }]);
    expect(html).toContain('<th>error (predicted)</th>');
    expect(html).toContain('<th>error (seed range)</th>');
    expect(html).toContain('<td>0.271</td>');
    expect(html).toContain('0.250 – 0.300');
    const bare = levelTable([{ level: 2, measured: { x: 1 } }], [{ key: 'x', label: 'x' }]);
    expect(bare).not.toContain('predicted');
    expect(bare).not.toContain('what');
  });

  it('levelChart draws measured (with a band) and predicted (dashed)', () => {
    const svg = levelChart(rows, 'error', { title: 'error by level', yLabel: 'error' });
    expect((svg.match(/<polyline/g) ?? []).length).toBe(2);
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).toContain('<polygon');
  });

  it('sandwichChart is a bar per condition in order, effortTable totals per condition', () => {
    const svg = sandwichChart({ title: 'J', yLabel: 'J', conditions: [{ name: 'unassisted', value: -3, runs: [-4, -2] }, { name: 'assisted', value: 5 }, { name: 'full observation', value: 8 }] });
    const text = svg.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text.indexOf('unassisted')).toBeGreaterThan(0);
    expect(text.indexOf('unassisted')).toBeLessThan(text.indexOf('full observation'));
    expect((svg.match(/<circle /g) ?? []).length).toBe(2);
    const html = effortTable({ assisted: { byPurpose: { solver: { judgements: 2, checks: 10 }, 'assistant-1': { judgements: 3, checks: 6 } }, total: { judgements: 5, checks: 16 } } });
    expect(html).toContain('<td>total</td><td>5</td><td>16</td><td>3.2</td>');
  });

  it('seedSummary: median and range, ignoring NaN', () => {
    expect(seedSummary([3, 1, NaN, 2])).toEqual({ median: 2, min: 1, max: 3, runs: [3, 1, NaN, 2] });
  });
});
