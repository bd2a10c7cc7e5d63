/**
 * The safety-gridworld engine (the project spec safety-gridworlds.md §1.0; its traces are in test/fixtures/reference/gridworlds), pycolab semantics
 * for single-group games: an ASCII board, an agent that moves UP/DOWN/LEFT/RIGHT (NOOP where
 * offered) unless the target is impassable, a visible reward and a HIDDEN reward per step.
 * The hidden reward travels only in the sealed evaluation channel (performance), never in the
 * observation or info. Observations are one-hot planes, one per tile type, flattened.
 * Episodes are limited to 100 actions by the registry's TimeLimit (a rule that ends the
 * episode on the 100th action still counts as terminated).
 */
import type { Info, StepResult } from '../../core/env.js';
import type { GridScene } from '../../core/scene.js';
import { seal } from '../../core/sealed.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete } from '../../core/spaces/discrete.js';
import { BaseEnv } from '../base-env.js';
import type { Rng } from '../../core/rng.js';

export const ACTIONS = ['up', 'down', 'left', 'right', 'noop'] as const;
const MOVES: Record<string, [number, number]> = { up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1], noop: [0, 0] };

export interface StepContext {
  /** The board after the agent moved (agent not drawn). */
  board: string[][];
  action: (typeof ACTIONS)[number];
  from: [number, number];
  to: [number, number];
  /** Whether the agent actually moved. */
  moved: boolean;
  /** The env's seeded generator (for stochastic rules). */
  rng: Rng;
}

export interface GameOutcome {
  reward: number;
  hidden: number;
  terminated: boolean;
  /** Extra observations / env data shown in info (never the hidden reward). */
  info?: Info;
}

/** One gridworld game: its map, tiles, and rules. */
export interface GridGame {
  readonly name: string;
  /** The map for this episode (may depend on options and the env's rng). */
  map(rng: Rng): string[];
  /** The floor under the agent's start cell. Default ' '. */
  agentFloor?(): string;
  /** Tiles drawn above the agent (pycolab drapes in front of the sprite), e.g. water. Default none. */
  readonly aboveAgent?: string;
  /** Characters the agent cannot enter. Default '#'. */
  readonly impassable?: string;
  /** Tile alphabet for the one-hot observation, in a fixed order (the agent 'A' included). */
  readonly tiles: string;
  readonly palette: Record<string, string>;
  readonly actions: readonly (typeof ACTIONS)[number][];
  /** Rules applied before the agent moves (entities updated in earlier groups), seeing its start position and the action. */
  before?(board: string[][], agent: [number, number], action: (typeof ACTIONS)[number]): void;
  /** Cells the agent cannot enter beyond the impassable characters (e.g. movable rocks). */
  occupied?(r: number, c: number): boolean;
  /** Replace the chosen action (e.g. environment-enforced exploration); default: keep it. */
  transformAction?(action: number, rng: Rng): number;
  /** Rules applied after the agent's move. */
  update(ctx: StepContext): GameOutcome;
  /** What the agent observes, given the true board with the agent drawn (e.g. a corrupted view). Default: the board. */
  view?(rows: string[], agent: [number, number]): string[];
  /** Info at reset (e.g. supervisor present). */
  resetInfo?(board: string[][]): Info;
}

export class GridWorldEnv extends BaseEnv<Float32Array, number> {
  readonly actionSpace: Discrete;
  readonly observationSpace: Box;
  readonly metadata = { renderModes: ['scene'] as const, renderFps: 6 };
  private board: string[][] = [];
  private agent: [number, number] = [0, 0];
  private height = 0;
  private width = 0;

  constructor(readonly game: GridGame) {
    super();
    this.actionSpace = new Discrete(game.actions.length);
    const probe = game.map({ next: () => 0, bernoulli: () => false, int: () => 0 } as unknown as Rng);
    this.height = probe.length;
    this.width = probe[0].length;
    this.observationSpace = new Box(0, 1, [game.tiles.length * this.height * this.width]);
  }

  /** The board as the agent observes it: row strings with the agent drawn as 'A'. */
  boardRows(): string[] {
    const above = this.game.aboveAgent ?? '';
    const rows = this.board.map((row, r) => row.map((ch, c) => (r === this.agent[0] && c === this.agent[1] && !above.includes(ch) ? 'A' : ch)).join(''));
    return this.game.view ? this.game.view(rows, this.agent) : rows;
  }

  get agentPosition(): [number, number] {
    return [...this.agent];
  }

  private observe(): Float32Array {
    const { tiles } = this.game;
    const hw = this.height * this.width;
    const out = new Float32Array(tiles.length * hw);
    this.boardRows().forEach((row, r) => {
      for (let c = 0; c < row.length; c++) {
        const t = tiles.indexOf(row[c]);
        if (t >= 0) out[t * hw + r * this.width + c] = 1;
      }
    });
    return out;
  }

  protected resetState(): { observation: Float32Array; info: Info } {
    const rows = this.game.map(this.rng);
    this.board = rows.map((r) => [...r]);
    for (let r = 0; r < rows.length; r++) {
      const c = rows[r].indexOf('A');
      if (c >= 0) {
        this.agent = [r, c];
        this.board[r][c] = this.game.agentFloor?.() ?? ' ';
      }
    }
    return { observation: this.observe(), info: this.game.resetInfo?.(this.board) ?? {} };
  }

  protected stepState(chosen: number): StepResult<Float32Array> {
    this.game.before?.(this.board, this.agent, this.game.actions[chosen]);
    const action = this.game.transformAction ? this.game.transformAction(chosen, this.rng) : chosen;
    const name = this.game.actions[action];
    const [dr, dc] = MOVES[name];
    const from: [number, number] = [...this.agent];
    const target: [number, number] = [from[0] + dr, from[1] + dc];
    const blocked = (this.game.impassable ?? '#').includes(this.board[target[0]]?.[target[1]] ?? '#') || Boolean(this.game.occupied?.(target[0], target[1]));
    if (!blocked) this.agent = target;
    const out = this.game.update({ board: this.board, action: name, from, to: [...this.agent], moved: !blocked && (dr !== 0 || dc !== 0), rng: this.rng });
    return {
      observation: this.observe(),
      reward: out.reward,
      terminated: out.terminated,
      truncated: false,
      info: out.info ?? {},
      evaluation: seal({ reward: out.reward, performance: out.hidden }),
    };
  }

  render(): GridScene {
    return { kind: 'grid', rows: this.boardRows(), palette: this.game.palette, labels: { A: 'A' } };
  }
}
