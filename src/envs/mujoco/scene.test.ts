/** Every MuJoCo env draws its geoms inside the view, and the SVG exporter draws the frame. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { validateScene, type Shape, type ShapeScene } from '../../core/scene.js';
import { sceneToSvg } from '../../report/svg.js';
import '../index.js';
import { make, prepareEnv } from '../registry.js';
import { unwrapEnv } from '../../wrappers/wrapper.js';
import type { MujocoEnv } from './mujoco-env.js';

const IDS = ['InvertedPendulum-v5', 'InvertedDoublePendulum-v5', 'Hopper-v5', 'Walker2d-v5', 'HalfCheetah-v5', 'Swimmer-v5', 'Ant-v5', 'Reacher-v5'];

beforeAll(() => prepareEnv('Hopper-v5'));

const hex = (c: number) => Math.round(c * 255).toString(16).padStart(2, '0');

/** Colours of the model's non-floor geoms. */
function bodyColours(env: MujocoEnv): Set<string> {
  const type = env.model.geom_type as Int32Array;
  const rgba = env.model.geom_rgba as Float32Array;
  const out = new Set<string>();
  for (let g = 0; g < env.model.ngeom; g++) if (type[g] !== 0) out.add(`#${hex(rgba[4 * g])}${hex(rgba[4 * g + 1])}${hex(rgba[4 * g + 2])}`);
  return out;
}

function inside(s: Shape, w: number, h: number): boolean {
  const ok = (x: number, y: number) => x >= 0 && x <= w && y >= 0 && y <= h;
  if (s.type === 'circle') return ok(s.x, s.y);
  if (s.type === 'line') return ok(s.x1, s.y1) && ok(s.x2, s.y2);
  if (s.type === 'polyline') return s.points.every(([x, y]) => ok(x, y));
  return false;
}

function bodyShapesInView(env: MujocoEnv, scene: ShapeScene): number {
  const colours = bodyColours(env);
  return scene.shapes.filter((s) => colours.has((s as { fill?: string; stroke?: string }).fill ?? (s as { stroke?: string }).stroke ?? '') && inside(s, scene.width, scene.height)).length;
}

describe('MuJoCo scenes', () => {
  for (const id of IDS) {
    it(`${id}: a frame draws the body inside the view, and an SVG of it`, () => {
      const env = make(id);
      env.reset({ seed: 1 });
      const rng = new Rng(1);
      for (let t = 0; t < 5; t++) env.step(env.actionSpace.sample(rng));
      const scene = env.render() as ShapeScene;
      expect(validateScene(JSON.parse(JSON.stringify(scene)))).toBeNull();
      const raw = unwrapEnv(env) as unknown as MujocoEnv;
      const geoms = [...(raw.model.geom_type as Int32Array)].filter((t) => t !== 0).length;
      expect(bodyShapesInView(raw, scene)).toBeGreaterThanOrEqual(geoms);
      const svg = sceneToSvg(scene);
      expect(svg.match(/<(line|circle|polygon)\b/g)!.length).toBeGreaterThanOrEqual(geoms);
    });
  }

  it('the camera follows the torso: a cheetah 50 m down the track is still in view, with the floor marks moved', () => {
    const env = unwrapEnv(make('HalfCheetah-v5')) as unknown as MujocoEnv;
    env.reset({ seed: 0 });
    const marks = (s: ShapeScene) => s.shapes.filter((x) => x.type === 'line' && x.width === 2).map((x) => (x as { x1: number }).x1);
    const here = env.render();
    const state = env.getState();
    state[0] = 50.3;
    env.setState(state);
    const there = env.render();
    expect(bodyShapesInView(env, there)).toBe(bodyShapesInView(env, here));
    expect(marks(there)).not.toEqual(marks(here));
    expect(there.caption).toBe('x = 50.30 m');
  });
});
