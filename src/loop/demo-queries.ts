/**
 * Demonstration queries in the loop (issue 15 items 1 and 5): with 'demo' in `config.ask`, some of
 * the budget's query slots ask the user to PLAY the env (a person with the keyboard on the labeling
 * page, or a synthetic demonstrator) for up to `demoSteps` steps from a seeded reset. The query's
 * payload names the env, the reset seed (stream `demonstration/<n>`) and the step bounds; the
 * answer is ONE 'demonstration' record holding the episode played (observations, actions and,
 * when recorded, frames; the reward stays hidden: no evaluation channel is stored). Folded from
 * the store, each demonstration trains the mixed trainer's demonstration term as demo ≻ agent
 * segment pairs (Ibarz et al. 2018; src/rewards/demo-pairs.ts) against the current fragment pool,
 * drawn anew each round from stream `demo-pairs/<round>` — the same for a person's demonstration
 * and a synthetic one, since both are folded from the same record shape.
 */
import { ConfigError } from '../core/errors.js';
import { Discrete } from '../core/spaces/discrete.js';
import type { Action, Trajectory } from '../core/types.js';
import type { Rng } from '../core/rng.js';
import { make } from '../envs/registry.js';
import { demoPreferencePairs } from '../rewards/demo-pairs.js';
import { demonstrationSegments } from '../rewards/fold-feedback.js';
import type { LabeledPair } from '../rewards/reward-trainer.js';
import { checkDemonstrationAnswer, type DemonstrationAnswer } from '../feedback/demonstration-answer.js';

export type { DemoRequestPayload } from '../feedback/demonstration-answer.js';

/** Demonstration query ids start with this (then the query number). */
export const DEMO_ID_PREFIX = 'demo/';

/** One key of the page's legend: the key (KeyboardEvent.key), the action it takes and what it means. */
export interface DemoKey {
  key: string;
  action: number;
  label: string;
}

const ARROWS3 = (left: string, none: string, right: string): DemoKey[] => [
  { key: 'ArrowLeft', action: 0, label: left }, { key: 'ArrowDown', action: 1, label: none }, { key: 'ArrowRight', action: 2, label: right },
];
const GRID: DemoKey[] = [
  { key: 'ArrowUp', action: 0, label: 'up' }, { key: 'ArrowDown', action: 1, label: 'down' }, { key: 'ArrowLeft', action: 2, label: 'left' }, { key: 'ArrowRight', action: 3, label: 'right' },
];

/**
 * The keys a person plays `envId` with. Discrete action spaces only: CartPole ← →, Acrobot and
 * MountainCar ← ↓ → (torque / push −1, 0, +1), gridworlds the arrows (and Space for "stay" where
 * the game has it). Throws a ConfigError naming `ask` and the env otherwise.
 */
export function demoKeysFor(envId: string, kind: 'demo' | 'correction' = 'demo'): DemoKey[] {
  const env = make(envId);
  try {
    const space = env.actionSpace;
    if (!(space instanceof Discrete)) throw new ConfigError('ask', kind, `asks people to play ${envId} with the keyboard, but its action space is continuous (${String(space)}); ${kind === 'demo' ? 'demonstrations' : 'corrections'} need a discrete action space (e.g. CartPole, Acrobot, MountainCar, the gridworlds)`);
    const n = space.n;
    let keys: DemoKey[] | null = null;
    if (/CartPole/.test(envId) && n === 2) keys = [{ key: 'ArrowLeft', action: 0, label: 'push the cart left' }, { key: 'ArrowRight', action: 1, label: 'push the cart right' }];
    else if (/Acrobot/.test(envId) && n === 3) keys = ARROWS3('torque −1 (swing left)', 'no torque', 'torque +1 (swing right)');
    else if (/MountainCar/.test(envId) && n === 3) keys = ARROWS3('accelerate left', "don't accelerate", 'accelerate right');
    else {
      env.reset({ seed: 0 });
      if (env.render().kind === 'grid' && (n === 4 || n === 5)) keys = n === 5 ? [...GRID, { key: ' ', action: 4, label: 'stay' }] : GRID;
    }
    if (!keys) throw new ConfigError('ask', kind, `asks people to play ${envId}, but it has no key legend (its ${n} actions are not CartPole's, Acrobot's, MountainCar's or a gridworld's)`);
    return keys;
  } finally {
    env.close();
  }
}

/** The episodes of a demonstration answer as the learner sees them (no evaluation channel: the reward is hidden). */
export function encodeDemonstration(ts: readonly Trajectory[]): DemonstrationAnswer {
  return {
    kind: 'rewardlab-demonstration', version: 1,
    episodes: ts.map((t) => ({
      envId: t.envId, seed: t.seed,
      observations: t.observations.map((o) => Array.from(o)),
      actions: t.actions.map((a) => { if (typeof a !== 'number') throw new ConfigError('demonstration action', Array.from(a).join(','), 'must be a discrete action (a number)'); return a; }),
      ...(t.frames ? { frames: t.frames } : {}),
      terminated: t.terminated, truncated: t.truncated,
    })),
  };
}

/** Checks a stored demonstration answer; `where` names it in errors. Returns its episodes as trajectories (evaluation empty). */
export function decodeDemonstration(answer: unknown, where: string): Trajectory[] {
  return checkDemonstrationAnswer(answer, where).episodes.map((e, i) => ({
    envId: e.envId, seed: e.seed, episode: i, observations: e.observations.map((o) => Float32Array.from(o)), actions: e.actions.map((x): Action => x), evaluation: [],
    ...(e.frames ? { frames: e.frames } : {}), terminated: e.terminated, truncated: e.truncated,
  }));
}

export function checkDemoSteps(demoSteps: unknown, fragmentLength: number): void {
  if (demoSteps === undefined || demoSteps === null) return;
  if (typeof demoSteps !== 'number' || !Number.isInteger(demoSteps) || demoSteps < fragmentLength || demoSteps > 10_000) throw new ConfigError('demoSteps', demoSteps, `must be an integer in ${fragmentLength}…10000 (at least one compared segment, fragmentLength = ${fragmentLength})`);
}

/** Segments drawn from each demonstration episode per round (each against a random agent segment). */
export const DEMO_SEGMENTS = 16;

/** The first `steps` steps of an episode (a synthetic demonstrator plays whole episodes). */
export function cutEpisode(t: Trajectory, steps: number): Trajectory {
  if (t.actions.length <= steps) return t;
  return { ...t, observations: t.observations.slice(0, steps + 1), actions: t.actions.slice(0, steps), evaluation: t.evaluation.slice(0, steps), ...(t.frames ? { frames: t.frames.slice(0, steps + 1) } : {}), truncated: true, terminated: false };
}

/** demo ≻ agent pairs: DEMO_SEGMENTS segments of every demonstration episode, each against a random segment of the pool's episodes; [] without either (episodes shorter than a segment left out). */
export function demoPairsFor(demonstrations: readonly Trajectory[], pool: readonly Trajectory[], length: number, rng: Rng): LabeledPair[] {
  const demos = demonstrations.filter((t) => t.actions.length >= length);
  const agent = pool.filter((t) => t.actions.length >= length);
  if (demos.length === 0 || agent.length === 0) return [];
  return demoPreferencePairs(demonstrationSegments(demos, length, DEMO_SEGMENTS, rng), demonstrationSegments(agent, length, 1, rng), rng);
}
