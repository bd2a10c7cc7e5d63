/**
 * Server-side drawing of scenes (src/core/scene.ts) as SVG: one frame, a film strip,
 * or an animated SVG (SMIL, plays in any browser with no script). Reports embed these.
 */
import type { GridScene, Scene, Shape, ShapeScene } from '../core/scene.js';

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const n = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
const attr = (name: string, v: string | undefined) => (v === undefined ? '' : ` ${name}="${escapeXml(v)}"`);

function shapeSvg(s: Shape): string {
  switch (s.type) {
    case 'rect': {
      const rot = s.rotate ? ` transform="rotate(${n(s.rotate)} ${n(s.cx ?? s.x + s.w / 2)} ${n(s.cy ?? s.y + s.h / 2)})"` : '';
      return `<rect x="${n(s.x)}" y="${n(s.y)}" width="${n(s.w)}" height="${n(s.h)}"${attr('fill', s.fill ?? '#444')}${attr('stroke', s.stroke)}${rot}/>`;
    }
    case 'circle':
      return `<circle cx="${n(s.x)}" cy="${n(s.y)}" r="${n(s.r)}"${attr('fill', s.fill ?? '#444')}${attr('stroke', s.stroke)}/>`;
    case 'line':
      return `<line x1="${n(s.x1)}" y1="${n(s.y1)}" x2="${n(s.x2)}" y2="${n(s.y2)}"${attr('stroke', s.stroke ?? '#000')} stroke-width="${n(s.width ?? 1)}"/>`;
    case 'polyline': {
      const pts = s.points.map(([x, y]) => `${n(x)},${n(y)}`).join(' ');
      const tag = s.closed ? 'polygon' : 'polyline';
      return `<${tag} points="${pts}"${attr('fill', s.fill ?? 'none')}${attr('stroke', s.stroke ?? '#000')} stroke-width="${n(s.width ?? 1)}"/>`;
    }
    case 'text':
      return `<text x="${n(s.x)}" y="${n(s.y)}" font-size="${n(s.size ?? 14)}" font-family="sans-serif"${attr('fill', s.fill ?? '#000')}${attr('text-anchor', s.anchor)}>${escapeXml(s.text)}</text>`;
  }
}

export const TILE = 24;

function size(scene: Scene): { width: number; height: number } {
  if (scene.kind === 'shapes') return { width: scene.width, height: scene.height + (scene.caption ? 20 : 0) };
  return { width: scene.rows[0].length * TILE, height: scene.rows.length * TILE + (scene.caption ? 20 : 0) };
}

function shapesBody(scene: ShapeScene): string {
  const bg = `<rect x="0" y="0" width="${scene.width}" height="${scene.height}" fill="${escapeXml(scene.background ?? '#fff')}"/>`;
  return bg + scene.shapes.map(shapeSvg).join('');
}

function gridBody(scene: GridScene): string {
  const parts: string[] = [];
  scene.rows.forEach((row, y) => {
    [...row].forEach((ch, x) => {
      const fill = scene.palette[ch] ?? '#ccc';
      parts.push(`<rect x="${x * TILE}" y="${y * TILE}" width="${TILE}" height="${TILE}" fill="${escapeXml(fill)}" stroke="#fff" stroke-width="1"/>`);
      const label = scene.labels?.[ch];
      if (label) {
        parts.push(`<text x="${x * TILE + TILE / 2}" y="${y * TILE + TILE * 0.7}" font-size="${TILE * 0.6}" font-family="sans-serif" text-anchor="middle" fill="#000">${escapeXml(label)}</text>`);
      }
    });
  });
  return parts.join('');
}

/** The drawing of one scene, without the outer <svg> element. */
export function sceneBody(scene: Scene): string {
  const body = scene.kind === 'shapes' ? shapesBody(scene) : gridBody(scene);
  if (!scene.caption) return body;
  const { height } = size(scene);
  return `${body}<text x="4" y="${height - 5}" font-size="13" font-family="sans-serif" fill="#333">${escapeXml(scene.caption)}</text>`;
}

export function sceneToSvg(scene: Scene): string {
  const { width, height } = size(scene);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="#fff"/>${sceneBody(scene)}</svg>`;
}

export interface EpisodeSvgOptions {
  /** 'animated': frames play in a loop at `fps`; 'strip': every k-th frame side by side. */
  mode?: 'animated' | 'strip';
  fps?: number;
  /** For 'strip': how many frames to show (evenly spaced). */
  stripFrames?: number;
  /** Scale factor applied to each frame. */
  scale?: number;
}

export function episodeToSvg(frames: Scene[], opts: EpisodeSvgOptions = {}): string {
  if (frames.length === 0) throw new Error('episodeToSvg: frames must not be empty');
  const mode = opts.mode ?? 'animated';
  const scale = opts.scale ?? (mode === 'strip' ? 0.5 : 1);
  const { width, height } = frames.map(size).reduce((a, b) => ({ width: Math.max(a.width, b.width), height: Math.max(a.height, b.height) }));
  const w = width * scale;
  const h = height * scale;
  if (mode === 'strip') {
    const k = Math.min(opts.stripFrames ?? 8, frames.length);
    const picks = Array.from({ length: k }, (_, i) => frames[Math.round((i * (frames.length - 1)) / Math.max(1, k - 1))]);
    const gap = 6;
    const total = k * w + (k - 1) * gap;
    const groups = picks.map((f, i) => `<g transform="translate(${n(i * (w + gap))} 0) scale(${scale})">${sceneBody(f)}</g>`).join('');
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${n(total)}" height="${n(h)}" viewBox="0 0 ${n(total)} ${n(h)}">${groups}</svg>`;
  }
  const fps = opts.fps ?? 30;
  const dur = frames.length / fps;
  const groups = frames
    .map((f, i) => {
      const begin = (i / frames.length).toFixed(5);
      const end = ((i + 1) / frames.length).toFixed(5);
      const keyTimes = i === 0 ? `0;${end};1` : `0;${begin};${end};1`;
      const values = i === 0 ? 'inline;none;none' : 'none;inline;none;none';
      return `<g display="${i === 0 ? 'inline' : 'none'}" transform="scale(${scale})">${sceneBody(f)}<animate attributeName="display" values="${values}" keyTimes="${keyTimes}" dur="${dur.toFixed(3)}s" calcMode="discrete" repeatCount="indefinite"/></g>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${n(w)}" height="${n(h)}" viewBox="0 0 ${n(w)} ${n(h)}"><rect width="${n(w)}" height="${n(h)}" fill="#fff"/>${groups}</svg>`;
}
