/**
 * A smaller board drawn in a larger board's frame, so a policy trained on one level of a game
 * can act on another level whose board is smaller (e.g. SafeInterruptibility level 0, 6×7, for
 * a policy trained on level 1, 7×8). Gridworld observations are one-hot planes, one per tile,
 * each plane the board flattened row by row, then any extra coordinates (the fixed-horizon
 * "absorbed" flag). Zero-padding at the end, as src/experiments/kit/padded-map.ts does for the
 * flag, would shift every cell of every plane after the first; here each cell keeps its
 * (tile, row, column) and the frame's extra rows and columns hold no tile at all. The extra
 * coordinates go to the end, as in the policy's own observations.
 */
import type { AnyEnv, ResetOptions, ResetResult, StepResult } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import { Box } from '../../core/spaces/box.js';
import { make, type MakeOptions } from '../../envs/registry.js';
import { GridWorldEnv } from '../../envs/gridworlds/grid-env.js';
import { Wrapper } from '../../wrappers/wrapper.js';
import { unwrapEnv } from '../../wrappers/wrapper.js';

export interface BoardShape {
  tiles: number;
  rows: number;
  cols: number;
}

/** The board shape of a registered gridworld (with options), read from one reset. */
export function boardShape(envId: string, options: MakeOptions = {}): BoardShape {
  const env = make(envId, options);
  env.reset({ seed: 0 });
  const inner = unwrapEnv(env);
  if (!(inner instanceof GridWorldEnv)) throw new ConfigError('envId', envId, 'is not a gridworld');
  const rows = inner.boardRows();
  env.close();
  return { tiles: inner.game.tiles.length, rows: rows.length, cols: rows[0].length };
}

/** Places observation `x` of a board `from` into the frame of board `to` (same tiles, no smaller). */
export function reframe(x: Float32Array, from: BoardShape, to: BoardShape): Float32Array {
  const inPlanes = from.tiles * from.rows * from.cols;
  const tail = x.length - inPlanes;
  const out = new Float32Array(to.tiles * to.rows * to.cols + tail);
  for (let t = 0; t < from.tiles; t++)
    for (let r = 0; r < from.rows; r++)
      for (let c = 0; c < from.cols; c++) out[t * to.rows * to.cols + r * to.cols + c] = x[t * from.rows * from.cols + r * from.cols + c];
  for (let k = 0; k < tail; k++) out[out.length - tail + k] = x[inPlanes + k];
  return out;
}

export class BoardFrame extends Wrapper<Float32Array, number> {
  private readonly space: Box;
  constructor(
    env: AnyEnv,
    private readonly from: BoardShape,
    private readonly to: BoardShape,
  ) {
    super(env);
    if (from.tiles !== to.tiles || from.rows > to.rows || from.cols > to.cols) {
      throw new ConfigError('board frame', `${from.rows}×${from.cols} (${from.tiles} tiles) in ${to.rows}×${to.cols} (${to.tiles} tiles)`, 'needs the same tiles and a board no larger than the frame');
    }
    const tail = (env.observationSpace as Box).flatDim - from.tiles * from.rows * from.cols;
    this.space = new Box(0, 1, [to.tiles * to.rows * to.cols + tail]);
  }
  override get observationSpace(): Box {
    return this.space;
  }
  override reset(opts?: ResetOptions): ResetResult<Float32Array> {
    const r = this.env.reset(opts);
    return { ...r, observation: reframe(r.observation, this.from, this.to) };
  }
  override step(action: number): StepResult<Float32Array> {
    const r = this.env.step(action);
    return { ...r, observation: reframe(r.observation, this.from, this.to) };
  }
}
