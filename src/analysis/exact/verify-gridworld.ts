/**
 * Exhaustive verification of a gridworld reward model (Leike et al. 2018 §6): a gridworld's
 * inputs are finite, so a property over sets of transitions is decided by evaluating the model
 * on EVERY reachable (s, a, s′) of the exact enumeration (src/analysis/exact/enumerate.ts) — a
 * proof by exhaustion, status `proved` or `refuted` with the violating transitions, never a
 * bound. Sets are described by what a person means (gridworld-spec.ts): the tile the agent
 * enters, the hidden reward, or all. Evaluation code: it reads each transition's hidden reward.
 */
import { performance } from 'node:perf_hooks';
import { ConfigError, show } from '../../core/errors.js';
import type { GridWorldEnv } from '../../envs/gridworlds/grid-env.js';
import { make } from '../../envs/registry.js';
import type { RewardModel, TransitionBatch } from '../../rewards/reward-model.js';
import { unwrapEnv } from '../../wrappers/wrapper.js';
import type { TabularMdp } from './enumerate.js';
import type { GridProperty, GridVerifySpec, TransitionSet } from './gridworld-spec.js';

/** One enumerated transition, as a person reads it. */
export interface GridTransition {
  state: number;
  action: number;
  /** The action's name (up, down, …). */
  move: string;
  /** The agent's cell [row, col] before and after (null: not visible on the board). */
  from: [number, number] | null;
  to: [number, number] | null;
  /** The board character the agent's move enters (its own cell when it stays); null when unknown. */
  tile: string | null;
  hidden: number;
}

/** A named learned reward to check: the ensemble mean, one member, or a hand-built function. */
export interface RewardVariant {
  model: string;
  reward: (batch: TransitionBatch) => Float32Array;
}

export interface GridCounterexample extends GridTransition {
  /** Which side of an ordering ('below' / 'above'), or 'range'. */
  role: 'below' | 'above' | 'range';
  learned: number;
  /** The board (rows) of the state the transition leaves. */
  board: string[];
}

export interface GridModelResult {
  model: string;
  status: 'proved' | 'refuted' | 'unknown';
  method: 'exhaustive';
  /** Transitions in the property's sets whose learned reward was evaluated. */
  checked: number;
  /** The exact extremes over the sets (min/max, or maxBelow/minAbove). */
  bound: Record<string, number>;
  millis: number;
  counterexample?: GridCounterexample[];
  note?: string;
}

export interface GridPropertyReport {
  name: string;
  kind: string;
  results: GridModelResult[];
}

export interface GridVerifyReport {
  kind: 'rewardlab-verify-report';
  version: 1;
  method: 'exhaustive';
  /** Every enumerated transition (the inputs the model was evaluated on). */
  transitions: number;
  /** Enumerated states; frontier > 0 means the enumeration was cut at its depth (then nothing is `proved`). */
  states: number;
  frontier: number;
  properties: GridPropertyReport[];
}

const COMMON: Record<string, string> = { wall: '#', floor: ' ', goal: 'G', agent: 'A' };
const BY_GAME: Record<string, Record<string, string>> = {
  island_navigation: { water: 'W' },
  distributional_shift: { lava: 'L' },
  whisky_gold: { whisky: 'W' },
  absent_supervisor: { punishment: 'P', supervisor: 'S' },
  side_effects_sokoban: { box: 'X', coin: 'C' },
  tomato_watering: { 'watered tomato': 'T', 'dry tomato': 't', bucket: 'O' },
  safe_interruptibility: { interruption: 'I', button: 'B' },
  rocks_diamonds: { rock: 'R', diamond: 'D' },
  key_door: { key: 'k', 'held key': 'K', door: 'D', 'open door': 'd' },
};

/** The env's tile names → board characters (only tiles its board has). */
export function tileLegend(game: GridWorldEnv['game']): Record<string, string> {
  const all = { ...COMMON, ...(BY_GAME[game.name] ?? {}) };
  return Object.fromEntries(Object.entries(all).filter(([, ch]) => game.tiles.includes(ch)));
}

/** A tile name (or board character) → the character; ConfigError listing the env's tiles. */
export function resolveTile(game: GridWorldEnv['game'], field: string, name: string): string {
  const legend = tileLegend(game);
  const byName = legend[name.toLowerCase()];
  if (byName !== undefined) return byName;
  if (name.length === 1 && game.tiles.includes(name)) return name;
  const known = [...game.tiles].map((ch) => {
    const n = Object.keys(legend).find((k) => legend[k] === ch);
    return n ? `${show(n)} (${show(ch)})` : show(ch);
  });
  throw new ConfigError(field, name, `is not a tile of ${game.name}: use one of ${known.join(', ')}`);
}

const MOVES: Record<string, [number, number]> = { up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1], noop: [0, 0] };

function agentCell(board: string[]): [number, number] | null {
  const r = board.findIndex((row) => row.includes('A'));
  return r < 0 ? null : [r, board[r].indexOf('A')];
}

/**
 * Every enumerated transition with its cells and entered tile. The agent's next cell is where
 * the next board draws it, or (drawn under a tile such as water) the cell its move points at when
 * that cell shows such a tile. The entered tile is the pre-move board's character there; when the
 * agent stays, its cell's tile as every other state shows it (a cell only ever seen as one character).
 */
export function describeTransitions(game: GridWorldEnv['game'], mdp: TabularMdp): GridTransition[] {
  const above = game.aboveAgent ?? '';
  const staticTile = new Map<string, string | null>();
  const tileUnder = (r: number, c: number): string | null => {
    const key = `${r},${c}`;
    if (!staticTile.has(key)) {
      const seen = new Set(mdp.boards.map((b) => b[r]?.[c]).filter((ch) => ch !== undefined && ch !== 'A'));
      staticTile.set(key, seen.size === 1 ? [...seen][0] : seen.size === 0 ? (game.agentFloor?.() ?? ' ') : null);
    }
    return staticTile.get(key) as string | null;
  };
  const out: GridTransition[] = [];
  mdp.transitions.forEach((ts, s) =>
    ts.forEach((t, a) => {
      const move = game.actions[a];
      const from = agentCell(mdp.boards[s]);
      let to = agentCell(mdp.boards[t.next]);
      if (!to && from) {
        const [dr, dc] = MOVES[move];
        const cell: [number, number] = [from[0] + dr, from[1] + dc];
        if (above.includes(mdp.boards[t.next][cell[0]]?.[cell[1]] ?? '')) to = cell;
      }
      let tile: string | null = null;
      if (to) {
        const before = mdp.boards[s][to[0]]?.[to[1]];
        tile = before !== undefined && before !== 'A' ? before : tileUnder(to[0], to[1]);
      }
      out.push({ state: s, action: a, move, from, to, tile, hidden: t.hidden });
    }),
  );
  return out;
}

/** The ensemble mean and (optionally) each member, standardised as `predict` does. */
export function rewardModelVariants(model: RewardModel, members = true): RewardVariant[] {
  const member = (m: number): RewardVariant => ({
    model: `member${m}`,
    reward: (b) => Float32Array.from(model.memberRaw(m, model.features(b), b.n), (x) => (x - model.shift[m]) / model.scale[m]),
  });
  return [{ model: 'mean', reward: (b) => model.predict(b).mean }, ...(members ? model.nets.map((_, m) => member(m)) : [])];
}

function batchOf(mdp: TabularMdp, ts: GridTransition[]): TransitionBatch {
  const D = mdp.observations[0].length;
  const batch: TransitionBatch = { obs: new Float32Array(ts.length * D), actions: new Float32Array(ts.length), nextObs: new Float32Array(ts.length * D), n: ts.length };
  ts.forEach((t, k) => {
    batch.obs.set(mdp.observations[t.state], k * D);
    batch.actions[k] = t.action;
    batch.nextObs.set(mdp.observations[mdp.transitions[t.state][t.action].next], k * D);
  });
  return batch;
}

const HIDDEN: Record<string, (x: number, v: number) => boolean> = { '<': (x, v) => x < v, '<=': (x, v) => x <= v, '>': (x, v) => x > v, '>=': (x, v) => x >= v, '==': (x, v) => x === v };

/** Indices (into `ts`) of the transitions a set describes; ConfigError when none match. */
function members(game: GridWorldEnv['game'], ts: GridTransition[], field: string, set: TransitionSet): number[] {
  const tile = set.into === undefined ? undefined : resolveTile(game, `${field}.into`, set.into);
  const idx: number[] = [];
  ts.forEach((t, i) => {
    if (tile !== undefined && t.tile !== tile) return;
    if (set.hidden && !HIDDEN[set.hidden.op](t.hidden, set.hidden.value)) return;
    idx.push(i);
  });
  if (idx.length === 0) throw new ConfigError(field, set, `matches no reachable transition of ${game.name} (${ts.length} enumerated)`);
  return idx;
}

function extreme(idx: number[], values: Float32Array, pick: 'max' | 'min'): number {
  let best = idx[0];
  for (const i of idx) if (pick === 'max' ? values[i] > values[best] : values[i] < values[best]) best = i;
  return best;
}

/** Check one property on one variant's learned values (values[i] for transition ts[i]). */
function decide(p: GridProperty, sets: number[][], values: Float32Array): Omit<GridModelResult, 'model' | 'method' | 'millis'> & { witnesses: [number, GridCounterexample['role']][] } {
  if (p.kind === 'ordering') {
    const [below, above] = sets;
    const hi = extreme(below, values, 'max');
    const lo = extreme(above, values, 'min');
    const ok = values[hi] < values[lo];
    return { status: ok ? 'proved' : 'refuted', checked: below.length + above.length, bound: { maxBelow: values[hi], minAbove: values[lo] }, witnesses: ok ? [] : [[hi, 'below'], [lo, 'above']] };
  }
  const [set] = sets;
  const lo = extreme(set, values, 'min');
  const hi = extreme(set, values, 'max');
  const witnesses: [number, GridCounterexample['role']][] = [];
  if (p.min !== undefined && values[lo] < p.min) witnesses.push([lo, 'range']);
  else if (p.max !== undefined && values[hi] > p.max) witnesses.push([hi, 'range']);
  return { status: witnesses.length ? 'refuted' : 'proved', checked: set.length, bound: { min: values[lo], max: values[hi] }, witnesses };
}

/** Every property of a gridworld spec on every variant, by exhaustion over the enumeration `mdp` of `envId`. */
export function verifyGridworld(envId: string, mdp: TabularMdp, variants: RewardVariant[], spec: GridVerifySpec): GridVerifyReport {
  const game = (unwrapEnv(make(envId)) as unknown as GridWorldEnv).game;
  const ts = describeTransitions(game, mdp);
  const sets = spec.properties.map((p, i) => {
    const field = `spec.properties[${i}]`;
    return p.kind === 'ordering' ? [members(game, ts, `${field}.below`, p.below), members(game, ts, `${field}.above`, p.above)] : [members(game, ts, `${field}.set`, p.set)];
  });
  const batch = batchOf(mdp, ts);
  const results = spec.properties.map(() => [] as GridModelResult[]);
  for (const v of variants) {
    const t0 = performance.now();
    const values = v.reward(batch);
    const evalMillis = performance.now() - t0;
    spec.properties.forEach((p, i) => {
      const t1 = performance.now();
      const { witnesses, ...d } = decide(p, sets[i], values);
      const r: GridModelResult = { model: v.model, method: 'exhaustive', ...d, millis: 0 };
      if (witnesses.length) r.counterexample = witnesses.map(([k, role]) => ({ ...ts[k], role, learned: values[k], board: mdp.boards[ts[k].state] }));
      if (r.status === 'proved' && mdp.frontier > 0) Object.assign(r, { status: 'unknown', note: `the enumeration stopped at its depth with ${mdp.frontier} unexpanded states` });
      r.millis = evalMillis + performance.now() - t1;
      results[i].push(r);
    });
  }
  return {
    kind: 'rewardlab-verify-report', version: 1, method: 'exhaustive', transitions: ts.length, states: mdp.observations.length, frontier: mdp.frontier,
    properties: spec.properties.map((p, i) => ({ name: p.name, kind: p.kind, results: results[i] })),
  };
}
