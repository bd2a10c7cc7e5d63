import { describe, expect, it } from 'vitest';
import { reliabilityChart } from './reliability-chart.js';

describe('reliabilityChart', () => {
  const series = { name: 'model <a>', count: [3, 0, 1], sumP: [0.3, 0, 0.9], sumY: [0, 0, 1] };

  it('one marker per non-empty bin, area by share, the diagonal, escaped text', () => {
    const svg = reliabilityChart({ title: 'T & co', series: [series] });
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"/g)];
    expect(circles).toHaveLength(2);
    const [r0, r1] = circles.map((c) => Number(c[3]));
    expect((r0 / r1) ** 2).toBeCloseTo(3, 1); // 3 vs 1 predictions
    expect(svg).toContain('class="diagonal"');
    expect(svg).toContain('T &amp; co');
    expect(svg).toContain('model &lt;a&gt;');
    expect(svg).not.toContain('QUICK MODE');
  });

  it('marks a quick-mode chart', () => {
    expect(reliabilityChart({ title: 't', series: [series], quick: true })).toContain('QUICK MODE');
  });
});
