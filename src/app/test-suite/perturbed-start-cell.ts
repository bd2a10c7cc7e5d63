/**
 * Gridworlds with the agent's start cell moved: every episode the agent starts on a floor cell
 * drawn uniformly (the env's own seeded generator, after the game drew its map) instead of the
 * map's `A`. Only for games whose rules do not depend on where the agent starts (the registry
 * lists them); the board, rewards and hidden performance are otherwise the game's own.
 */
import type { AnyEnv } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { envSpec, make, type MakeOptions } from '../../envs/registry.js';
import { GridWorldEnv, type GridGame } from '../../envs/gridworlds/grid-env.js';
import { AbsorbTerminal } from '../../wrappers/absorb-terminal.js';
import { TimeLimit } from '../../wrappers/time-limit.js';
import { unwrapEnv } from '../../wrappers/wrapper.js';

/** The game with its agent placed on a uniformly drawn cell that is `floor` (or the map's own start). */
export function perturbedStart(game: GridGame, floor = ' '): GridGame {
  return {
    ...game,
    map(rng: Rng): string[] {
      const rows = game.map(rng);
      const cells: [number, number][] = [];
      rows.forEach((row, r) => [...row].forEach((ch, c) => (ch === floor || ch === 'A') && cells.push([r, c])));
      const [tr, tc] = cells[rng.int(cells.length)];
      const agentFloor = game.agentFloor?.() ?? ' ';
      return rows.map((row, r) => [...row].map((ch, c) => (r === tr && c === tc ? 'A' : ch === 'A' ? agentFloor : ch)).join(''));
    },
  };
}

/**
 * The registered gridworld `envId` (with `options`) rebuilt around `transform(game)`: the same
 * stack `make` builds (the fixed-horizon absorbing state, the TimeLimit), another game inside.
 */
export function makeGridVariant(envId: string, options: MakeOptions, transform: (game: GridGame) => GridGame): AnyEnv {
  const made = make(envId, options);
  const inner = unwrapEnv(made);
  if (!(inner instanceof GridWorldEnv)) throw new ConfigError('envId', envId, 'is not a gridworld');
  const spec = envSpec(envId);
  let env: AnyEnv = new GridWorldEnv(transform(inner.game));
  if (spec.family === 'fixed-horizon') env = new AbsorbTerminal(env, 0);
  env.spec = made.spec;
  if (spec.maxEpisodeSteps === undefined) return env;
  const limited = new TimeLimit(env, spec.maxEpisodeSteps);
  limited.spec = made.spec;
  return limited;
}
