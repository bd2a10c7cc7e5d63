/** The reward strip, the attribution heat strip and the partial-dependence panels, read back from their SVG. */
import { describe, expect, it } from 'vitest';
import type { PartialDependenceCurve } from '../analysis/partial-dependence.js';
import { attributionHeatStrip, partialDependenceChart, rewardStripChart, stepX } from './reward-strip-chart.js';

const viewBox = (svg: string) => svg.match(/viewBox="0 0 ([\d.]+) ([\d.]+)"/)!.slice(1).map(Number);
const polyline = (svg: string, cls: string) =>
  svg.match(new RegExp(`<polyline class="${cls}" points="([^"]+)"`))![1].split(' ').map((p) => p.split(',').map(Number));

describe('reward strip', () => {
  const n = 37;
  const mean = Array.from({ length: n }, (_, t) => Math.sin(t / 5) + 2);
  const std = Array.from({ length: n }, (_, t) => 0.1 + t / 100);
  const truth = Array.from({ length: n }, (_, t) => (t < 20 ? 1 : 0));

  it('draws one point per step, left to right, inside the view, for the learned and the true reward', () => {
    const svg = rewardStripChart({ title: 'episode 1', mean, std, trueReward: truth, width: 400 });
    const [w, h] = viewBox(svg);
    // The plot spans the x axis line; every step's point lies on it, none beyond.
    const axis = [...svg.matchAll(/<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)" stroke="#888"\/>/g)].map((m) => m.slice(1).map(Number)).filter(([, y1, , y2]) => y1 === y2).sort((p, q) => q[2] - q[0] - (p[2] - p[0]))[0];
    const [ax0, , ax1] = axis;
    for (const cls of ['learned-reward', 'true-reward']) {
      const pts = polyline(svg, cls);
      expect(pts).toHaveLength(n);
      pts.forEach(([x, y], t) => {
        expect(x).toBeCloseTo(stepX(t, n, 400), 1);
        expect(x).toBeGreaterThan(ax0);
        expect(x).toBeLessThan(ax1);
        expect(ax1).toBeLessThanOrEqual(w);
        expect(y).toBeGreaterThan(0);
        expect(y).toBeLessThan(h);
      });
    }
    // The learned line goes up where the reward does: a higher value is drawn higher (smaller y).
    const learned = polyline(svg, 'learned-reward');
    const top = mean.indexOf(Math.max(...mean));
    const low = mean.indexOf(Math.min(...mean));
    expect(learned[top][1]).toBeLessThan(learned[low][1]);
    // The true reward's step from 1 to 0 at t = 20 is drawn on its own axis, below the learned one.
    const truePts = polyline(svg, 'true-reward');
    expect(truePts[19][1]).toBeLessThan(truePts[20][1]);
    expect(Math.min(...truePts.map((p) => p[1]))).toBeGreaterThan(Math.max(...learned.map((p) => p[1])));
  });

  it('shades ±1 sd around the mean and starts every reward axis at 0 or below', () => {
    const svg = rewardStripChart({ title: 't', mean: mean.map((m) => m + 5), std });
    const band = svg.match(/<polygon class="spread" points="([^"]+)"/)![1].split(' ');
    expect(band).toHaveLength(2 * n);
    const zeroLines = svg.match(/stroke="#999"\/>/g) ?? [];
    expect(zeroLines.length).toBe(1); // the 0 line, though every value is above 5
    expect(svg).not.toContain('true-reward');
    expect(rewardStripChart({ title: 't', mean, std, quick: true })).toContain('class="quick-mark"');
  });
});

describe('attribution heat strip', () => {
  it('draws one cell per coordinate and step, aligned with the reward strip, red positive and blue negative', () => {
    const values = [Float64Array.of(1, -1), Float64Array.of(0, 0.5), Float64Array.of(-2, 2)];
    const svg = attributionHeatStrip({ title: 'a', labels: ['x', 'v'], values, width: 300, caption: 'baseline: dataset mean' });
    const cells = [...svg.matchAll(/<rect class="attr" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="[\d.]+" fill="rgb\((\d+),(\d+),(\d+)\)"/g)].map((m) => m.slice(1).map(Number));
    expect(cells).toHaveLength(3 * 2);
    const [x, , cw, r, , b] = cells[2]; // row x, step 2: −2, the most negative → full blue
    expect(x + cw / 2).toBeCloseTo(stepX(2, 3, 300), 0);
    expect(b).toBeGreaterThan(r);
    const [, , , r2, , b2] = cells[5]; // row v, step 2: +2 → red
    expect(r2).toBeGreaterThan(b2);
    expect(cells[1].slice(3)).toEqual([247, 247, 247]); // 0 is neutral
    // Steps at one colour level share a cell; each row's cells tile the plot, step 0 to the last.
    const long = attributionHeatStrip({ title: 'a', labels: ['x'], values: Array.from({ length: 50 }, (_, t) => Float64Array.of(t < 30 ? 1 : -1)), width: 300 });
    const runs = [...long.matchAll(/<rect class="attr" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(runs).toHaveLength(2);
    expect(runs[0][0] + runs[0][1]).toBeCloseTo(runs[1][0], 1);
    expect(runs[0][0]).toBeCloseTo(stepX(0, 50, 300) - (stepX(1, 50, 300) - stepX(0, 50, 300)) / 2, 1);
    expect(runs[1][0] + runs[1][1]).toBeCloseTo(stepX(49, 50, 300) + (stepX(1, 50, 300) - stepX(0, 50, 300)) / 2, 1);
    expect(runs[1][1] / runs[0][1]).toBeCloseTo(20 / 30, 2);
    expect(svg).toContain('−2');
    expect(svg).toContain('+2');
    expect(svg).toContain('>x<');
    expect(svg).toContain('baseline: dataset mean');
  });
});

describe('partial-dependence small multiples', () => {
  const curve = (dim: number, slope: number): PartialDependenceCurve => {
    const grid = [-1, 0, 1, 2];
    return { dim, grid, mean: grid.map((v) => slope * v), spread: grid.map(() => 0.1), deciles: [-0.8, -0.5, 0, 0.2, 0.5, 0.9, 1.2, 1.5, 1.8], samples: 100 };
  };

  it('puts every panel on one y scale, so a steep curve looks steeper than a flat one', () => {
    const svg = partialDependenceChart({ title: 'pd', curves: [curve(0, 2), curve(1, 0)], labels: ['x', 'theta'], columns: 2 });
    const curves = [...svg.matchAll(/<polyline class="pd-curve" points="([^"]+)"/g)].map((m) => m[1].split(' ').map((p) => p.split(',').map(Number)));
    expect(curves).toHaveLength(2);
    expect(curves[0]).toHaveLength(4);
    const rise = (c: number[][]) => c[0][1] - c.at(-1)![1];
    expect(rise(curves[0])).toBeGreaterThan(50);
    expect(rise(curves[1])).toBeCloseTo(0, 5);
    // Both panels' 0 lines at the same height: one shared scale.
    const zeros = [...svg.matchAll(/<line x1="[\d.]+" y1="([\d.]+)" x2="[\d.]+" y2="[\d.]+" stroke="#999"\/>/g)].map((m) => Number(m[1]));
    expect(zeros).toHaveLength(2);
    expect(zeros[0]).toBe(zeros[1]);
    expect((svg.match(/class="decile"/g) ?? []).length).toBe(18);
    expect(svg).toContain('>theta<');
    expect(svg).toContain('averaged over 100 visited transitions');
  });
});
