/**
 * A MuJoCo model's geoms as a shape scene (core/scene.ts): an orthographic projection, side view
 * (x right, z up; the planar walkers and pendulums) or top view (x right, y up; Ant, Swimmer,
 * Reacher). The camera follows the torso (body 1) when `follow` is set; floors are drawn with
 * marks every metre so motion shows while the camera follows. Geoms: plane, sphere, capsule,
 * ellipsoid, cylinder and box (boxes as the convex hull of their projected corners).
 */
import type { MjData, MjModel } from 'mujoco-js';
import type { Shape, ShapeScene } from '../../core/scene.js';

export interface MujocoView {
  plane: 'side' | 'top';
  /** Pixels per metre. */
  scale: number;
  width: number;
  height: number;
  /** Keep body 1 (the torso) at the centre horizontally (side) or in both axes (top). */
  follow: boolean;
  /** Side view: the pixel row of z = 0 (default: 80% of the height). */
  groundRow?: number;
}

const PLANE = 0, SPHERE = 2, CAPSULE = 3, ELLIPSOID = 4, CYLINDER = 5, BOX = 6;

const hex = (c: number) => Math.round(Math.max(0, Math.min(1, c)) * 255).toString(16).padStart(2, '0');

function convexHull(points: [number, number][]): [number, number][] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: number[], a: number[], b: number[]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (pts: [number, number][]) => {
    const h: [number, number][] = [];
    for (const q of pts) {
      while (h.length >= 2 && cross(h[h.length - 2], h[h.length - 1], q) <= 0) h.pop();
      h.push(q);
    }
    return h.slice(0, -1);
  };
  return [...half(p), ...half([...p].reverse())];
}

export function renderModel(model: MjModel, data: MjData, view: MujocoView): ShapeScene {
  const xpos = data.geom_xpos as Float64Array;
  const xmat = data.geom_xmat as Float64Array;
  const body = data.xpos as Float64Array;
  const type = model.geom_type as Int32Array;
  const size = model.geom_size as Float64Array;
  const rgba = model.geom_rgba as Float32Array;
  const { width: W, height: H, scale: s } = view;
  const top = view.plane === 'top';
  const cx = view.follow ? body[3] : 0;
  const cy = top && view.follow ? body[4] : 0;
  const row0 = view.groundRow ?? H * 0.8;
  // World (x, y, z) → pixels.
  const px = (x: number, y: number, z: number): [number, number] => (top ? [W / 2 + (x - cx) * s, H / 2 - (y - cy) * s] : [W / 2 + (x - cx) * s, row0 - z * s]);
  const floor: Shape[] = [];
  const shapes: Shape[] = [];
  for (let g = 0; g < model.ngeom; g++) {
    const [r, gr, b, a] = [rgba[4 * g], rgba[4 * g + 1], rgba[4 * g + 2], rgba[4 * g + 3]];
    if (a === 0) continue;
    const fill = `#${hex(r)}${hex(gr)}${hex(b)}`;
    const p = [xpos[3 * g], xpos[3 * g + 1], xpos[3 * g + 2]];
    const m = xmat.subarray(9 * g, 9 * g + 9);
    const sz = [size[3 * g], size[3 * g + 1], size[3 * g + 2]];
    const t = type[g];
    if (t === PLANE) {
      const ext = [sz[0] > 0 ? sz[0] : 1e3, sz[1] > 0 ? sz[1] : 1e3];
      if (top) {
        const [x0, y0] = px(p[0] - ext[0], p[1] + ext[1], 0);
        floor.push({ type: 'rect', x: Math.max(-10, x0), y: Math.max(-10, y0), w: Math.min(W + 20, 2 * ext[0] * s), h: Math.min(H + 20, 2 * ext[1] * s), fill });
      } else {
        const [, y0] = px(0, 0, p[2]);
        floor.push({ type: 'rect', x: 0, y: y0, w: W, h: Math.max(1, H - y0), fill });
      }
      // Metre marks so a following camera still shows motion.
      for (let k = Math.ceil(cx - W / 2 / s); k <= cx + W / 2 / s; k++) {
        if (Math.abs(k - p[0]) > ext[0]) continue;
        const [x] = px(k, 0, 0);
        if (top) floor.push({ type: 'line', x1: x, y1: 0, x2: x, y2: H, stroke: '#b8c8b8', width: 1 });
        else floor.push({ type: 'line', x1: x, y1: px(0, 0, p[2])[1], x2: x, y2: px(0, 0, p[2])[1] + 8, stroke: '#6a7a6a', width: 2 });
      }
      if (top) {
        for (let k = Math.ceil(cy - H / 2 / s); k <= cy + H / 2 / s; k++) {
          if (Math.abs(k - p[1]) > ext[1]) continue;
          const [, y] = px(0, k, 0);
          floor.push({ type: 'line', x1: 0, y1: y, x2: W, y2: y, stroke: '#b8c8b8', width: 1 });
        }
      }
    } else if (t === SPHERE || t === ELLIPSOID) {
      const [x, y] = px(p[0], p[1], p[2]);
      shapes.push({ type: 'circle', x, y, r: Math.max(1, (t === SPHERE ? sz[0] : Math.max(...sz)) * s), fill });
    } else if (t === CAPSULE || t === CYLINDER) {
      const h = sz[1];
      const [x1, y1] = px(p[0] + h * m[2], p[1] + h * m[5], p[2] + h * m[8]);
      const [x2, y2] = px(p[0] - h * m[2], p[1] - h * m[5], p[2] - h * m[8]);
      const rad = Math.max(1, sz[0] * s);
      shapes.push({ type: 'line', x1, y1, x2, y2, stroke: fill, width: 2 * rad });
      if (t === CAPSULE) shapes.push({ type: 'circle', x: x1, y: y1, r: rad, fill }, { type: 'circle', x: x2, y: y2, r: rad, fill });
    } else if (t === BOX) {
      const corners: [number, number][] = [];
      for (const i of [-1, 1]) for (const j of [-1, 1]) for (const k of [-1, 1]) {
        const l = [i * sz[0], j * sz[1], k * sz[2]];
        corners.push(px(p[0] + m[0] * l[0] + m[1] * l[1] + m[2] * l[2], p[1] + m[3] * l[0] + m[4] * l[1] + m[5] * l[2], p[2] + m[6] * l[0] + m[7] * l[1] + m[8] * l[2]));
      }
      shapes.push({ type: 'polyline', points: convexHull(corners), closed: true, fill, stroke: fill });
    }
  }
  return { kind: 'shapes', width: W, height: H, background: top ? '#f4f4f4' : '#eef4fb', shapes: [...floor, ...shapes], ...(view.follow ? { caption: `x = ${body[3].toFixed(2)} m` } : {}) };
}
