/** Shared by both MountainCar variants: track constants and the drawing (hill y = sin(3x), car, flag). */
import type { ShapeScene } from '../../core/scene.js';

/** Track bounds and speed limit shared by MountainCar-v0 and MountainCarContinuous-v0. */
export const MIN_POSITION = -1.2;
export const MAX_POSITION = 0.6;
export const MAX_SPEED = 0.07;

/** The drawing: the hill y = sin(3x), the car, the goal flag. */
export function mountainScene(position: number, goal: number): ShapeScene {
  const width = 600;
  const height = 400;
  const scale = width / (MAX_POSITION - MIN_POSITION);
  const px = (p: number) => (p - MIN_POSITION) * scale;
  const py = (p: number) => height - (Math.sin(3 * p) * 0.45 + 0.55) * scale - 20;
  const points: [number, number][] = [];
  for (let i = 0; i <= 100; i++) {
    const p = MIN_POSITION + ((MAX_POSITION - MIN_POSITION) * i) / 100;
    points.push([px(p), py(p)]);
  }
  return {
    kind: 'shapes',
    width,
    height,
    background: '#ffffff',
    shapes: [
      { type: 'polyline', points, stroke: '#000000', width: 2 },
      { type: 'line', x1: px(goal), y1: py(goal), x2: px(goal), y2: py(goal) - 50, stroke: '#000000', width: 2 },
      { type: 'polyline', points: [[px(goal), py(goal) - 50], [px(goal) + 25, py(goal) - 45], [px(goal), py(goal) - 40]], fill: '#cccc00', closed: true },
      { type: 'circle', x: px(position), y: py(position) - 12, r: 12, fill: '#333333' },
    ],
  };
}
