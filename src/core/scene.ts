/**
 * A small, serialisable description of what an environment looks like at one instant.
 * The browser canvas, the server-side SVG exporter and reports all draw from this, so
 * an env never ships pixels or videos. Coordinates are in scene units, y pointing down.
 */

export type Shape =
  | { type: 'rect'; x: number; y: number; w: number; h: number; fill?: string; stroke?: string; rotate?: number; cx?: number; cy?: number }
  | { type: 'circle'; x: number; y: number; r: number; fill?: string; stroke?: string }
  | { type: 'line'; x1: number; y1: number; x2: number; y2: number; stroke?: string; width?: number }
  | { type: 'polyline'; points: [number, number][]; stroke?: string; width?: number; fill?: string; closed?: boolean }
  | { type: 'text'; x: number; y: number; text: string; size?: number; fill?: string; anchor?: 'start' | 'middle' | 'end' };

/** Vector drawing: a list of shapes on a width × height canvas. */
export interface ShapeScene {
  kind: 'shapes';
  width: number;
  height: number;
  background?: string;
  shapes: Shape[];
  /** Optional caption, e.g. `t=12`. */
  caption?: string;
  /** The episode is over at this frame (an absorbing state after termination); the labeling page marks it. */
  ended?: boolean;
}

/** Tile grid: each row is a string of tile characters, drawn with a palette (char → colour). */
export interface GridScene {
  kind: 'grid';
  rows: string[];
  palette: Record<string, string>;
  /** Optional glyphs drawn over the tiles (e.g. 'A' for the agent). */
  labels?: Record<string, string>;
  caption?: string;
  /** The episode is over at this frame (an absorbing state after termination); the labeling page marks it. */
  ended?: boolean;
}

export type Scene = ShapeScene | GridScene;

/** Validate a scene (used by checkEnv): finite numbers, known shape types, rectangular grid. */
export function validateScene(scene: unknown): string | null {
  if (typeof scene !== 'object' || scene === null) return 'scene must be an object';
  const s = scene as Scene;
  if (s.kind === 'shapes') {
    if (!(s.width > 0 && s.height > 0)) return `scene width/height must be positive, got ${s.width}×${s.height}`;
    for (const [i, shape] of s.shapes.entries()) {
      for (const [k, v] of Object.entries(shape)) {
        if (typeof v === 'number' && !Number.isFinite(v)) return `shapes[${i}].${k} = ${v} is not finite`;
      }
      if (!['rect', 'circle', 'line', 'polyline', 'text'].includes(shape.type)) return `shapes[${i}].type = ${shape.type} is unknown`;
    }
    return null;
  }
  if (s.kind === 'grid') {
    if (!Array.isArray(s.rows) || s.rows.length === 0) return 'grid scene needs at least one row';
    const w = s.rows[0].length;
    if (s.rows.some((r) => r.length !== w)) return 'grid scene rows must all have the same length';
    return null;
  }
  return `scene.kind = ${(s as { kind: unknown }).kind} is unknown`;
}
