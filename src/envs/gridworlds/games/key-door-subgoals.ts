/**
 * KeyDoor's named subgoals as a person watching a clip reads them off the board: which subgoal is
 * active (the key still lies on the floor → "get the key"; the door is still locked → "open the
 * door"; else "reach the goal"), and how far the agent is from it (steps on the map). A synthetic
 * teacher of subgoal feedback judges clips with these; the learner never calls them.
 *
 * Works on KeyDoor-v0 observations and on FixedHorizonKeyDoor-v0's (one extra "absorbed" flag).
 */
import { ConfigError } from '../../../core/errors.js';
import { KEY_DOOR_MAP } from './key-door.js';

export const KEY_DOOR_SUBGOALS = ['get the key', 'open the door', 'reach the goal'] as const;
export type KeyDoorSubgoal = (typeof KEY_DOOR_SUBGOALS)[number];

const TILES = '# AkKDdG';
const H = KEY_DOOR_MAP.length;
const W = KEY_DOOR_MAP[0].length;
const HW = H * W;
const PLANE = (ch: string) => TILES.indexOf(ch) * HW;

export interface KeyDoorView {
  /** The agent's cell (row, column); null in the absorbing state after the goal. */
  agent: [number, number] | null;
  /** The active subgoal, or null once the goal is reached. */
  subgoal: KeyDoorSubgoal | null;
}

function find(ch: string): [number, number] {
  const r = KEY_DOOR_MAP.findIndex((row) => row.includes(ch));
  return [r, KEY_DOOR_MAP[r].indexOf(ch)];
}

/** Steps from every cell to `target` over the map's non-wall cells (the door counted passable). */
function distancesTo(target: [number, number]): Int32Array {
  const d = new Int32Array(HW).fill(-1);
  const queue: [number, number][] = [target];
  d[target[0] * W + target[1]] = 0;
  for (let i = 0; i < queue.length; i++) {
    const [r, c] = queue[i];
    for (const [dr, dc] of [[-1, 0], [1, 0], [0, -1], [0, 1]]) {
      const [nr, nc] = [r + dr, c + dc];
      if (nr < 0 || nc < 0 || nr >= H || nc >= W || KEY_DOOR_MAP[nr][nc] === '#' || d[nr * W + nc] >= 0) continue;
      d[nr * W + nc] = d[r * W + c] + 1;
      queue.push([nr, nc]);
    }
  }
  return d;
}

const DISTANCES: Record<KeyDoorSubgoal, Int32Array> = {
  'get the key': distancesTo(find('k')),
  'open the door': distancesTo(find('D')),
  'reach the goal': distancesTo(find('G')),
};

/** What the board shows: the agent's cell and the active subgoal. */
export function readKeyDoor(obs: ArrayLike<number>): KeyDoorView {
  const n = TILES.length * HW;
  if (obs.length !== n && obs.length !== n + 1) throw new ConfigError('KeyDoor observation length', obs.length, `must be ${n} (KeyDoor-v0) or ${n + 1} (FixedHorizonKeyDoor-v0)`);
  if (obs.length === n + 1 && obs[n] === 1) return { agent: null, subgoal: null };
  const any = (ch: string) => { for (let k = 0; k < HW; k++) if (obs[PLANE(ch) + k] === 1) return true; return false; };
  let agent: [number, number] | null = null;
  for (let k = 0; k < HW; k++) if (obs[PLANE('A') + k] === 1) agent = [Math.floor(k / W), k % W];
  // the agent hides the tile it stands on: it stands on the key or the goal only on the step it takes it
  const subgoal: KeyDoorSubgoal | null = any('k') ? 'get the key' : any('D') ? 'open the door' : any('G') ? 'reach the goal' : null;
  return { agent, subgoal };
}

/**
 * How far subgoal `g` is from done in this observation: 0 once done (a later subgoal is active, or
 * the goal reached), else minus one more than the agent's steps to its target (so finishing a
 * subgoal is worth more than standing next to it).
 */
export function subgoalPotential(g: KeyDoorSubgoal, obs: ArrayLike<number>): number {
  const v = readKeyDoor(obs);
  const order = (s: KeyDoorSubgoal | null) => (s === null ? KEY_DOOR_SUBGOALS.length : KEY_DOOR_SUBGOALS.indexOf(s));
  if (order(v.subgoal) > order(g)) return 0;
  if (v.agent === null) return 0;
  return -(DISTANCES[g][v.agent[0] * W + v.agent[1]] + 1);
}

/** Progress of a clip on subgoal `g`: its potential at the clip's last observation minus at its first. */
export function subgoalProgress(g: KeyDoorSubgoal, observations: readonly ArrayLike<number>[]): number {
  if (observations.length === 0) throw new ConfigError('clip observations', 0, 'must hold at least one observation');
  return subgoalPotential(g, observations[observations.length - 1]) - subgoalPotential(g, observations[0]);
}
