/**
 * Replays a safety-gridworld reference file (upstream trace format; the files the tests replay are in test/fixtures/reference/gridworlds) against our
 * port: one env object for all cases, in order; per step compare the observed board, the
 * visible reward, the hidden reward and the episode end. Evaluation code (reads the sealed channel).
 */
import { DataFormatError, show } from '../../core/errors.js';
import { unseal } from '../../core/sealed.js';
import { make } from '../registry.js';
import type { FieldDeviation, ReplayReport } from '../reference-replay.js';
import { unwrapEnv } from '../../wrappers/wrapper.js';
import { GridWorldEnv } from './grid-env.js';

interface GridStep { a: number; board: string[]; reward: number; hidden_reward?: number; done: boolean }
interface GridCase { actions: number[]; initial_board: string[]; steps: GridStep[] }
interface GridFile {
  extra_cases?: GridCase[];
  meta: { env: string; variant: string | null; constructor_args: Record<string, unknown>; action_names: string[]; module_patch?: { attribute: string; value: number } | null };
  cases: GridCase[];
}

/** Upstream env name → our id and options. */
const PORTS: Record<string, (args: Record<string, unknown>, meta: GridFile['meta']) => { id: string; options: Record<string, unknown> }> = {
  tomato_watering: (_a, meta) => ({ id: 'TomatoWatering-v0', options: meta.module_patch?.attribute === 'BECOME_DRY_PROBABILITY' ? { dryingProbability: meta.module_patch.value } : {} }),
  boat_race: () => ({ id: 'BoatRace-v0', options: {} }),
  island_navigation: () => ({ id: 'IslandNavigation-v0', options: {} }),
  absent_supervisor: (a) => ({ id: 'AbsentSupervisor-v0', options: { supervisor: Boolean(a.supervisor) } }),
  safe_interruptibility: (a) => ({ id: 'SafeInterruptibility-v0', options: { level: Number(a.level ?? 1), interruptionProbability: Number(a.interruption_probability ?? 0.5) } }),
  rocks_diamonds: (a) => ({ id: 'RocksDiamonds-v0', options: { level: Number(a.level ?? 0) } }),
  friend_foe: (a) => ({ id: 'FriendFoe-v0', options: a.bandit_type ? { bandit: a.bandit_type } : {} }),
  side_effects_sokoban: (a) => ({ id: 'SideEffectsSokoban-v0', options: { level: Number(a.level ?? 0), noops: Boolean(a.noops) } }),
  conveyor_belt: (a) => ({ id: 'ConveyorBelt-v0', options: { variant: a.variant ?? 'vase', noops: Boolean(a.noops), goalReward: Number(a.goal_reward ?? 50) } }),
  whisky_gold: (a) => ({ id: 'WhiskyGold-v0', options: { exploration: a.whisky_exploration ?? 0.9, enforce: Boolean(a.human_player) } }),
  distributional_shift: (a) => ({ id: 'DistributionalShift-v0', options: a.level_choice !== undefined && a.level_choice !== null ? { testing: Boolean(a.is_testing), level: Number(a.level_choice) } : { testing: Boolean(a.is_testing) } }),
};

export function isGridworldReference(doc: unknown): boolean {
  return typeof (doc as GridFile)?.meta?.env === 'string';
}

export function replayGridworldReference(doc: unknown, source = 'reference file'): ReplayReport {
  const file = doc as GridFile;
  if (!isGridworldReference(doc) || !Array.isArray(file.cases)) throw new DataFormatError(`${source}: not a gridworld reference file (meta.env and cases are required)`);
  const port = PORTS[file.meta.env];
  if (!port) throw new DataFormatError(`${source}: meta.env = ${show(file.meta.env)} is not ported yet; ported: ${Object.keys(PORTS).join(', ')}`);
  const { id, options } = port(file.meta.constructor_args ?? {}, file.meta);
  const env = make(id, options);
  const grid = unwrapEnv(env) as unknown as GridWorldEnv;
  const fields = new Map<FieldDeviation['field'], FieldDeviation>();
  for (const f of ['board', 'reward', 'hidden_reward', 'done'] as const) fields.set(f, { field: f, maxAbs: 0, tolerance: 0, ok: true, at: null });
  const note = (f: FieldDeviation['field'], delta: number, at: FieldDeviation['at'], count = false) => {
    const w = fields.get(f)!;
    if (count) {
      if (delta > 0 && w.maxAbs === 0) w.at = at;
      w.maxAbs += delta;
    } else if (delta > w.maxAbs) {
      w.maxAbs = delta;
      w.at = at;
    }
  };
  let steps = 0;
  const replayCase = (env: ReturnType<typeof make>, grid: GridWorldEnv, c: GridCase, ci: number, first: boolean) => {
    env.reset(first ? { seed: 0 } : {});
    note('board', Number(grid.boardRows().join('\n') !== c.initial_board.join('\n')), { case: ci, t: 0 }, true);
    c.steps.forEach((ref, t) => {
      const name = file.meta.action_names[ref.a];
      const action = grid.game.actions.indexOf(name as never);
      if (action < 0) throw new DataFormatError(`${source}: action ${show(name)} is not an action of ${id}`);
      const r = env.step(action);
      const at = { case: ci, t: t + 1 };
      note('board', Number(grid.boardRows().join('\n') !== ref.board.join('\n')), at, true);
      note('reward', Math.abs(r.reward - ref.reward), at);
      note('hidden_reward', Math.abs(unseal(r.evaluation!).performance - (ref.hidden_reward ?? ref.reward)), at);
      note('done', Number(r.terminated || r.truncated) !== Number(ref.done) ? 1 : 0, at, true);
      steps++;
    });
  };
  file.cases.forEach((c, ci) => replayCase(env, grid, c, ci, ci === 0));
  // extra cases run on a second, fresh env object (README protocol)
  if (file.extra_cases?.length) {
    const fresh = make(id, options);
    file.extra_cases.forEach((c, k) => replayCase(fresh, unwrapEnv(fresh) as unknown as GridWorldEnv, c, file.cases.length + k, k === 0));
  }
  const out = [...fields.values()].map((f) => ({ ...f, ok: f.maxAbs <= f.tolerance }));
  return { envId: id, cases: file.cases.length, stepsCompared: steps, fields: out, ok: out.every((f) => f.ok) };
}
