import { describe, expect, it } from 'vitest';
import type { Scene } from '../core/scene.js';
import { episodeToSvg, sceneToSvg } from './svg.js';

const shapes: Scene = { kind: 'shapes', width: 100, height: 50, caption: 't=<1>', shapes: [{ type: 'rect', x: 1, y: 2, w: 3, h: 4 }, { type: 'text', x: 0, y: 0, text: '<script>' }] };
const grid: Scene = { kind: 'grid', rows: ['#A#', '#G#'], palette: { '#': '#333', A: '#09f', G: '#0c0' }, labels: { A: 'A' } };

describe('SVG export', () => {
  it('draws shapes and grids, escaping text', () => {
    const svg = sceneToSvg(shapes);
    expect(svg).toMatch(/^<svg[^>]*width="100" height="70"/);
    expect(svg).toContain('<rect x="1" y="2" width="3" height="4"');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).not.toContain('<script>');
    const g = sceneToSvg(grid);
    expect((g.match(/<rect /g) ?? []).length).toBe(7);
    expect(g).toContain('>A</text>');
  });
  it('animates episodes and builds film strips', () => {
    const frames = [grid, grid, grid];
    const anim = episodeToSvg(frames, { fps: 10 });
    expect((anim.match(/<animate /g) ?? []).length).toBe(3);
    expect(anim).toContain('dur="0.300s"');
    const strip = episodeToSvg(frames, { mode: 'strip', stripFrames: 2 });
    expect((strip.match(/translate\(/g) ?? []).length).toBe(2);
    expect(() => episodeToSvg([])).toThrow(/frames must not be empty/);
  });
});
