import { describe, expect, it } from 'vitest';
import { barChart } from './bar-chart.js';
import { distinctPoints, lineChart, scatterChart, scatterCaption } from './charts.js';
import { formatNumber, formatSeconds, formatShare } from './format.js';
import { reportPage, table } from './page.js';

/** The y tick labels of a chart, top to bottom as drawn (text anchored at the end, left of the plot). */
const yTicks = (svg: string) => [...svg.matchAll(/<text x="52" y="[\d.]+" text-anchor="end" font-size="11" fill="#444">([^<]+)<\/text>/g)].map((m) => m[1]);

describe('charts that do not mislead', () => {
  it('start the y axis at the env minimum when given, and at 0 by default', () => {
    const data = [{ name: 'r', points: [[0, 420], [1, 470], [2, 480]] as [number, number][] }];
    const bare = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: data });
    expect(yTicks(bare)[0]).toBe('0');
    const ranged = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'r', points: [[0, -180], [1, -150]] }], yRange: { min: -500, max: 0 } });
    expect(yTicks(ranged)[0]).toBe('-500');
    expect(yTicks(ranged).at(-1)).toBe('0');
  });

  it('draws the optimum as a labelled line inside the axis', () => {
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'r', points: [[0, 10], [1, 20]] }], optimum: { y: 500, label: 'optimum 500' } });
    expect(svg).toContain('class="optimum"');
    expect(svg).toContain('>optimum 500<');
    expect(yTicks(svg).at(-1)).toBe('500');
    expect(lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [] })).not.toContain('class="optimum"');
  });

  it('breaks a series with gaps at non-finite points instead of joining across', () => {
    const pts: [number, number][] = [[0, 1], [1, 2], [2, NaN], [3, 4], [4, 5]];
    const joined = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: pts }] });
    const broken = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: pts, gaps: true }], vLines: [{ x: 2.5, label: 'model 2' }] });
    expect((joined.match(/<polyline /g) ?? []).length).toBe(1);
    expect((broken.match(/<polyline /g) ?? []).length).toBe(2);
    expect(broken).toContain('class="vline"');
  });

  it('wraps a long legend into rows inside the chart instead of clipping it', () => {
    const series = Array.from({ length: 8 }, (_, i) => ({ name: `condition number ${i} with a long name`, points: [[0, i], [1, i + 1]] as [number, number][] }));
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series, width: 640 });
    const entries = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" font-size="11" fill="#333">condition number/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(entries.length).toBe(8);
    for (const [x] of entries) expect(x + 'condition number 0 with a long name'.length * 6.2).toBeLessThanOrEqual(640);
    expect(new Set(entries.map(([, y]) => y)).size).toBeGreaterThan(1);
  });

  it('says how many distinct points a scatter rests on', () => {
    const pts: [number, number][] = [[25, 1], [25, 1], [25, 1], [25, 2], [3, -1], [3, -1]];
    expect(distinctPoints(pts)).toEqual({ points: 3, xs: 2 });
    expect(scatterCaption(pts, 'segments')).toBe('6 segments, 3 distinct points, 2 distinct x values');
    const svg = scatterChart({ title: 's', xLabel: 'x', yLabel: 'y', points: pts, unit: 'segments' });
    expect(svg).toContain('6 segments, 3 distinct points, 2 distinct x values');
  });

  it('marks every chart of a quick-mode run, and only those', () => {
    const frame = { title: 't', xLabel: 'x', yLabel: 'y' };
    const charts = (quick: boolean) => [
      lineChart({ ...frame, quick, series: [{ name: 's', points: [[0, 1], [1, 2]] }] }),
      scatterChart({ ...frame, quick, points: [[0, 1], [1, 2], [2, 2]] }),
      barChart({ ...frame, quick, groups: ['a'], series: [{ name: 's', values: [1] }] }),
    ];
    for (const svg of charts(true)) expect(svg).toContain('QUICK MODE');
    for (const svg of charts(false)) expect(svg).not.toContain('QUICK MODE');
    expect(reportPage({ title: 't', quick: true, sections: [] })).toContain('class="quick"');
    // The page marks charts drawn without the option too (e.g. by another room's helpers), once each.
    const page = reportPage({ title: 't', quick: true, sections: [{ heading: 'h', html: charts(false).join('') + charts(true)[0] }] });
    expect((page.match(/class="quick-mark"/g) ?? []).length).toBe(4);
    expect(reportPage({ title: 't', sections: [] })).not.toContain('class="quick"');
  });
});

describe('one number format', () => {
  it('formats by magnitude, groups thousands and shows missing values as a dash', () => {
    expect(formatNumber(487.25)).toBe('487.3');
    expect(formatNumber(12.345)).toBe('12.35');
    expect(formatNumber(0.87123)).toBe('0.871');
    expect(formatNumber(150_000)).toBe('150,000');
    expect(formatNumber(-1234.6)).toBe('-1,235');
    expect(formatNumber(0.00012)).toBe('1.2e-4');
    expect(formatNumber(-0.0004)).toBe('-4.0e-4');
    expect(formatNumber(500)).toBe('500');
    expect(formatNumber(NaN)).toBe('–');
    expect(formatNumber(null)).toBe('–');
    expect(formatShare(0.875, 40)).toBe('88% of 40');
    expect(formatShare(null, 40)).toBe('–');
    expect(formatSeconds(12.34)).toBe('12.34 s');
  });

  it('is the format of table cells and bar labels', () => {
    expect(table([{ steps: 150_000, r: 0.87123, ret: 487.25 }])).toContain('<td>150,000</td><td>0.871</td><td>487.3</td>');
    expect(barChart({ title: 't', yLabel: 'y', groups: ['a'], series: [{ name: 's', values: [487.25] }] })).toContain('>487.3<');
  });

  it('puts tables in a box that scrolls on its own, so the page body never scrolls sideways', () => {
    const html = reportPage({ title: 't', sections: [{ heading: 'h', html: table([{ a: 1 }]) }] });
    expect(html).toContain('<div class="tw"><table>');
    expect(html).toMatch(/\.tw\{[^}]*overflow-x:auto/);
    expect(html).toMatch(/svg\{max-width:100%/);
  });
});
