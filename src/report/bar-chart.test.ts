import { describe, expect, it } from 'vitest';
import { barChart } from './bar-chart.js';

const balanced = (xml: string) => {
  const stack: string[] = [];
  for (const [, close, name, self] of xml.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (self) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name);
  }
  return stack.length === 0;
};

describe('barChart', () => {
  it('draws one bar per finite value, with labels, seed dots and escaped names', () => {
    const svg = barChart({ title: 'J <by> condition', yLabel: 'J', groups: ['unassisted', 'a&b', 'full'], series: [{ name: '<i>median</i>', values: [-12, 9, NaN], points: [[-14, -10], [8, 10], []] }], refLines: [{ y: 0, label: 'zero' }] });
    expect(balanced(svg)).toBe(true);
    expect(svg).not.toContain('<i>');
    expect(svg).toContain('a&amp;b');
    expect((svg.match(/<rect class="bar" /g) ?? []).length).toBe(2);
    expect((svg.match(/<circle /g) ?? []).length).toBe(4);
    expect(svg).toContain('>-12<');
    expect(svg).toContain('>9<');
  });

  it('hangs negative bars below the zero line', () => {
    const svg = barChart({ title: 't', yLabel: 'y', groups: ['neg', 'pos'], series: [{ name: 's', values: [-5, 5] }] });
    const bars = [...svg.matchAll(/<rect class="bar" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(bars.length).toBe(2);
    // The negative bar starts where the positive one ends (the zero line).
    expect(bars[0][0]).toBeCloseTo(bars[1][0] + bars[1][1], 0);
  });

  it('survives empty data', () => {
    const svg = barChart({ title: 't', yLabel: 'y', groups: [], series: [] });
    expect(balanced(svg)).toBe(true);
    expect(svg).toContain('no data yet');
  });
});
