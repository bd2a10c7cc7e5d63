/**
 * IslandNavigation with a reset to a chosen cell: `reset({ options: { state: [row, col] } })`
 * starts the agent on that floor cell instead of the map's start cell (the reset-to-state that
 * hypothetical queries need). Same game, tiles, observation and hidden performance as
 * IslandNavigation-v0 (water ends the episode, −50 hidden); built without touching the shared
 * gridworld engine: the game's map is drawn with the agent moved before the engine reads it.
 */
import type { Info } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import type { AnyEnv } from '../../core/env.js';
import { TimeLimit } from '../../wrappers/time-limit.js';
import { GridWorldEnv, type GridGame } from '../gridworlds/grid-env.js';
import { islandNavigation } from '../gridworlds/games/index.js';

/** The cells a start can be placed on: floor (' ') and the map's own start cell ('A'). */
export function islandStartCells(): [number, number][] {
  const rows = islandNavigation().map(undefined as never);
  const out: [number, number][] = [];
  rows.forEach((row, r) => [...row].forEach((ch, c) => (ch === ' ' || ch === 'A') && out.push([r, c])));
  return out;
}

/** The agent's cell read off an observation (the 'A' plane of the one-hot board), or null when it is not drawn (in the water). */
export function islandAgentCell(observation: Float32Array): [number, number] | null {
  const game = islandNavigation();
  const rows = game.map(undefined as never);
  const h = rows.length;
  const w = rows[0].length;
  const plane = game.tiles.indexOf('A');
  for (let k = 0; k < h * w; k++) if (observation[plane * h * w + k] === 1) return [Math.floor(k / w), k % w];
  return null;
}

export class IslandNavigationStartEnv extends GridWorldEnv {
  private readonly holder: { start: [number, number] | null };

  constructor() {
    const holder: { start: [number, number] | null } = { start: null };
    const base = islandNavigation();
    const game: GridGame = {
      ...base,
      map: (rng) => {
        const rows = base.map(rng);
        const start = holder.start;
        if (!start) return rows;
        return rows.map((row, r) => [...row].map((ch, c) => (r === start[0] && c === start[1] ? 'A' : ch === 'A' ? ' ' : ch)).join(''));
      },
    };
    super(game);
    this.holder = holder;
  }

  protected override resetState(options: Record<string, unknown> = {}): { observation: Float32Array; info: Info } {
    const { state, ...rest } = options;
    const unknown = Object.keys(rest);
    if (unknown.length) throw new ConfigError(`IslandNavigation reset option ${unknown[0]}`, rest[unknown[0]], 'is not a reset option; the only one is state: [row, col]');
    if (state !== undefined) {
      const cells = islandStartCells();
      const ok = Array.isArray(state) && state.length === 2 && cells.some(([r, c]) => r === state[0] && c === state[1]);
      if (!ok) throw new ConfigError('IslandNavigation reset option state', state, `must be [row, col] of a floor cell, one of ${cells.map((c) => `[${c}]`).join(' ')}`);
      this.holder.start = [state[0] as number, state[1] as number];
    }
    try {
      return super.resetState();
    } finally {
      this.holder.start = null;
    }
  }
}

/** IslandNavigationStartEnv under the registered 100-action limit. */
export function islandNavigationStart(): AnyEnv {
  const env = new TimeLimit(new IslandNavigationStartEnv(), 100);
  env.spec = { id: 'IslandNavigationStart-v0', maxEpisodeSteps: 100 };
  return env;
}
