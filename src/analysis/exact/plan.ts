/**
 * Proposing a plan on a gridworld's exact model (Leike et al. 2018 §6, plans the user signs
 * off): from the current state, the H steps the agent intends — its most likely action under
 * its policy at each predicted state, or actions it samples now and commits to — each with the
 * state the model predicts next. `exclude` carries (state, action) pairs an approver objected
 * to, so the next proposal avoids them. Contract types: src/core/plan.ts.
 */
import type { Plan, PlanStep } from '../../core/plan.js';
import { ConfigError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { GridWorldEnv } from '../../envs/gridworlds/grid-env.js';
import { make } from '../../envs/registry.js';
import { unwrapEnv } from '../../wrappers/wrapper.js';
import { enumerateStates, type TabularMdp } from './enumerate.js';

/** A gridworld's exact model with what plans need: action names, cells, colours, and a lookup from observation to state. */
export interface PlanWorld {
  envId: string;
  options: Record<string, unknown>;
  mdp: TabularMdp;
  actionNames: readonly string[];
  palette: Record<string, string>;
  /** The agent's cell per state; null when a tile drawn above it hides it (water, lava). */
  cells: ([number, number] | null)[];
  /** The model state an observation belongs to (null: not in the model). */
  stateOf(observation: Float32Array): number | null;
}

/** The agent's action probabilities in model state `s` with `stepsLeft` steps left in the episode. */
export type PlanPolicy = (s: number, stepsLeft: number) => ArrayLike<number>;

export interface ProposeOptions {
  /** Plan id (unique within the run). */
  id: string;
  /** Steps planned ahead (H). Default 6. */
  horizon?: number;
  /** 'most-likely' (default): the policy's most likely action per predicted state; 'sample': actions drawn now from `rng` and committed to. */
  choose?: 'most-likely' | 'sample';
  rng?: Rng;
  /** `${state}:${action}` pairs not to propose. Default none. */
  exclude?: ReadonlySet<string>;
  /** Steps already taken in the episode. Default 0. */
  startStep?: number;
  /** Episode length (time limit). Default 100. */
  maxSteps?: number;
}

const MOVES: Record<string, [number, number]> = { up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1], noop: [0, 0] };

/** A stable key of a one-hot observation (the indices of its ones). */
export function observationKey(obs: ArrayLike<number>): string {
  const on: number[] = [];
  for (let i = 0; i < obs.length; i++) if (obs[i] !== 0) on.push(i);
  return on.join(',');
}

function agentCell(board: string[]): [number, number] | null {
  for (let r = 0; r < board.length; r++) {
    const c = board[r].indexOf('A');
    if (c >= 0) return [r, c];
  }
  return null;
}

/** Enumerate a deterministic gridworld (random choices pinned by `options`) into a PlanWorld. */
export function planWorld(envId: string, options: Record<string, unknown> = {}): PlanWorld {
  const probe = make(envId, { ...options });
  const grid = unwrapEnv(probe) as unknown as GridWorldEnv;
  if (!grid.game?.actions) throw new ConfigError('envId', envId, 'is not a gridworld (plans need an exact model of a GridWorldEnv)');
  const actionNames = grid.game.actions;
  const palette = grid.game.palette;
  probe.close();
  const mdp = enumerateStates(() => make(envId, { ...options }));
  const cells = mdp.boards.map(agentCell);
  const index = new Map<string, number>();
  mdp.observations.forEach((o, s) => {
    const k = observationKey(o);
    if (!index.has(k)) index.set(k, s);
  });
  return { envId, options, mdp, actionNames, palette, cells, stateOf: (obs) => index.get(observationKey(obs)) ?? null };
}

/** The plan from model state `start`; it ends early at a predicted terminal state, or where every action is excluded. */
export function proposePlan(world: PlanWorld, policy: PlanPolicy, start: number, o: ProposeOptions): Plan {
  const horizon = o.horizon ?? 6;
  const choose = o.choose ?? 'most-likely';
  const startStep = o.startStep ?? 0;
  const maxSteps = o.maxSteps ?? 100;
  if (!Number.isInteger(horizon) || horizon < 1) throw new ConfigError('horizon', horizon, 'must be an integer ≥ 1');
  if (choose !== 'most-likely' && choose !== 'sample') throw new ConfigError('choose', choose, "must be 'most-likely' or 'sample'");
  if (choose === 'sample' && !o.rng) throw new ConfigError('rng', o.rng, "is required when choose = 'sample'");
  const { mdp } = world;
  if (!Number.isInteger(start) || start < 0 || start >= mdp.observations.length) throw new ConfigError('start', start, `must be a state of the model (0..${mdp.observations.length - 1})`);
  const steps: PlanStep[] = [];
  let s = start;
  let cell = world.cells[s];
  for (let k = 0; k < horizon && startStep + k < maxSteps && !mdp.terminal[s]; k++) {
    const probs = Array.from(policy(s, maxSteps - startStep - k));
    for (let a = 0; a < probs.length; a++) if (o.exclude?.has(`${s}:${a}`)) probs[a] = 0;
    const total = probs.reduce((x, y) => x + y, 0);
    if (!(total > 0)) break;
    let a = 0;
    if (choose === 'most-likely') {
      for (let b = 1; b < probs.length; b++) if (probs[b] > probs[a]) a = b;
    } else {
      let u = o.rng!.next() * total;
      a = probs.findIndex((p) => (u -= p) < 0);
      if (a < 0) a = probs.length - 1;
    }
    const t = mdp.transitions[s][a];
    const from = cell ?? [0, 0];
    const move = MOVES[world.actionNames[a]] ?? [0, 0];
    const to = world.cells[t.next] ?? ([from[0] + move[0], from[1] + move[1]] as [number, number]);
    steps.push({ state: s, action: a, actionName: world.actionNames[a], next: t.next, from: [...from], to: [...to], terminates: t.terminated });
    s = t.next;
    cell = to;
    if (t.terminated) break;
  }
  return { kind: 'rewardlab-plan', version: 1, id: o.id, envId: world.envId, board: mdp.boards[start], palette: world.palette, startStep, steps };
}
