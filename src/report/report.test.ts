import { describe, expect, it } from 'vitest';
import { lineChart, scatterChart } from './charts.js';
import { reportPage, table } from './page.js';
import { formatTick, linearScale, niceStep } from './scale.js';

/** Tiny well-formedness check: every opened tag is closed in order (self-closing allowed). */
function balanced(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, close, name, self] = m;
    if (self) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name);
  }
  return stack.length === 0;
}

describe('scales', () => {
  it('gives nice 1-2-5 ticks covering the data', () => {
    expect(linearScale([0, 487], [0, 100]).ticks).toEqual([0, 100, 200, 300, 400, 500]);
    expect(niceStep(3.4e-4, 5)).toBeCloseTo(1e-4);
    const s = linearScale([-1.3e-4, 2e-4], [0, 1]);
    expect(s.ticks[0]).toBeLessThanOrEqual(-1.3e-4);
    expect(s.ticks.at(-1)).toBeGreaterThanOrEqual(2e-4);
    expect(formatTick(25_000)).toBe('25k');
    expect(formatTick(1_500_000)).toBe('1.5M');
    expect(formatTick(-3.5)).toBe('-3.5');
  });
});

describe('charts', () => {
  it('draws well-formed SVG, escapes names, survives empty and NaN data', () => {
    const svg = lineChart({ title: 'A <b> & c', xLabel: 'x', yLabel: 'y', series: [{ name: '<script>alert(1)</script>', points: [[0, 1], [1, NaN], [2, 3]] }], refLines: [{ y: 2, label: 'ref' }] });
    expect(balanced(svg)).toBe(true);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('<polyline');
    const empty = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [] });
    expect(balanced(empty)).toBe(true);
    expect(empty).toContain('no data yet');
    const sc = scatterChart({ title: 's', xLabel: 'x', yLabel: 'y', points: [[0, 0], [1, 2], [2, 4.1], [3, 5.9]] });
    expect(balanced(sc)).toBe(true);
    expect(sc).toMatch(/Pearson r = 1 \(n = 4\)/); // 0.9995 in the one number format
  });

  it('pages contain every section and escape text', () => {
    const html = reportPage({ title: 'T & <x>', cards: [{ label: 'a', value: '<1>' }], sections: [{ heading: 'One', html: table([{ name: '<i>', v: 1.23456 }]) }, { heading: 'Two', html: '<p>x</p>' }] });
    expect(html).toContain('<h2>One</h2>');
    expect(html).toContain('<h2>Two</h2>');
    expect(html).toContain('T &amp; &lt;x&gt;');
    expect(html).toContain('<td>&lt;i&gt;</td><td>1.23</td>'); // the one number format: 2 decimals between 1 and 100
  });

  it('tables show a missing number as a dash, not NaN', () => {
    expect(table([{ q: Number.NaN, n: null, k: 3 }])).toContain('<td>–</td><td>–</td><td>3</td>');
  });
});
