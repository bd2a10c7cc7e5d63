import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../envs/index.js';
import type { RewardFreeEnv } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import { unseal } from '../core/sealed.js';
import type { Action, Trajectory } from '../core/types.js';
import { make } from '../envs/registry.js';
import { SqliteFeedbackStore } from '../feedback/sqlite-store.js';
import { hideReward } from '../wrappers/hide-reward.js';
import { DEMO_FIRST_EPISODE, recordDemonstrations, type DemonstrationsConfig } from './demonstration-source.js';
import type { PairPayload } from './fragment-codec.js';
import { resolveConfig, startRun } from '../app/train-run.js';
import { rolloutTrajectories } from '../core/rollout.js';

const env = (id: string) => hideReward(make(id)) as RewardFreeEnv<Float32Array, Action>;
const trueReturn = (t: Trajectory) => t.evaluation.reduce((s, e) => s + unseal(e).reward, 0);
/** Steps until the fixed-horizon env's "absorbed" flag (last coordinate) is set; the horizon if never. */
const stepsToGoal = (t: Trajectory) => {
  const i = t.observations.findIndex((o) => o[o.length - 1] === 1);
  return i < 0 ? t.actions.length : i;
};

describe('demonstration source', () => {
  it('acrobot-energy reaches the goal well within the horizon in most episodes (random play does not)', () => {
    const demos = recordDemonstrations(env('FixedHorizonAcrobot-v1'), { policy: 'acrobot-energy', episodes: 6 }, { seed: 3, envId: 'FixedHorizonAcrobot-v1' });
    expect(demos).toHaveLength(6);
    for (const d of demos) expect(d.actions).toHaveLength(500); // fixed horizon: the whole episode is recorded
    const reached = demos.filter((d) => stepsToGoal(d) < 250).length;
    expect(reached).toBeGreaterThanOrEqual(5);
    expect(Math.min(...demos.map(trueReturn))).toBeGreaterThan(-250);
    const random = rolloutTrajectories(env('FixedHorizonAcrobot-v1'), { episodes: 3, seed: 3, envId: 'x' });
    expect(Math.max(...random.map(trueReturn))).toBeLessThan(-400);
  });

  it('pendulum-swingup swings up and balances: far better than random play', () => {
    const demos = recordDemonstrations(env('Pendulum-v1'), { policy: 'pendulum-swingup', episodes: 4 }, { seed: 5, envId: 'Pendulum-v1' });
    const random = rolloutTrajectories(env('Pendulum-v1'), { episodes: 4, seed: 5, envId: 'x' });
    const mean = (ts: Trajectory[]) => ts.map(trueReturn).reduce((a, b) => a + b, 0) / ts.length;
    expect(mean(demos)).toBeGreaterThan(-400);
    expect(mean(random)).toBeLessThan(-800);
  });

  it('is deterministic in the seed, numbered apart from other sources, and noise changes the actions', () => {
    const d: DemonstrationsConfig = { policy: 'acrobot-energy', episodes: 2, noise: 0.3 };
    const a = recordDemonstrations(env('FixedHorizonAcrobot-v1'), d, { seed: 7, envId: 'FixedHorizonAcrobot-v1' });
    const b = recordDemonstrations(env('FixedHorizonAcrobot-v1'), d, { seed: 7, envId: 'FixedHorizonAcrobot-v1' });
    const c = recordDemonstrations(env('FixedHorizonAcrobot-v1'), d, { seed: 8, envId: 'FixedHorizonAcrobot-v1' });
    expect(a.map((t) => t.actions)).toEqual(b.map((t) => t.actions));
    expect(a.map((t) => Array.from(t.observations.at(-1)!))).toEqual(b.map((t) => Array.from(t.observations.at(-1)!)));
    expect(c[0].actions).not.toEqual(a[0].actions);
    expect(a.map((t) => t.episode)).toEqual([DEMO_FIRST_EPISODE, DEMO_FIRST_EPISODE + 1]);
    const clean = recordDemonstrations(env('FixedHorizonAcrobot-v1'), { ...d, noise: 0 }, { seed: 7, envId: 'FixedHorizonAcrobot-v1' });
    expect(clean[0].actions).not.toEqual(a[0].actions);
    expect(clean[0].actions.slice(0, 20).every((x, i) => x === (clean[0].observations[i][5] > 0 ? 2 : 0))).toBe(true);
  });
});

describe('the demonstrations config field', () => {
  const base = { envId: 'FixedHorizonAcrobot-v1' };
  const bad = (demonstrations: unknown, envId = base.envId) => () => resolveConfig({ envId, demonstrations: demonstrations as DemonstrationsConfig });

  it('defaults to none and accepts a valid demonstrator', () => {
    expect(resolveConfig({ envId: 'FixedHorizonCartPole-v0' }).demonstrations).toBeNull();
    expect(resolveConfig({ ...base, demonstrations: { policy: 'acrobot-energy', episodes: 4 } }).demonstrations).toEqual({ policy: 'acrobot-energy', episodes: 4 });
  });

  it('names the field and the value of bad settings', () => {
    expect(bad({ policy: 'telepathy', episodes: 4 })).toThrow(ConfigError);
    expect(bad({ policy: 'telepathy', episodes: 4 })).toThrow(/demonstrations\.policy = "telepathy": must be one of 'acrobot-energy', 'pendulum-swingup'/);
    expect(bad({ policy: 'acrobot-energy', episodes: 4 }, 'FixedHorizonCartPole-v0')).toThrow(/demonstrations\.policy = "acrobot-energy": plays .*not FixedHorizonCartPole-v0/);
    expect(bad({ policy: 'acrobot-energy', episodes: 0 })).toThrow(/demonstrations\.episodes = 0/);
    expect(bad({ policy: 'acrobot-energy', episodes: 2.5 })).toThrow(/demonstrations\.episodes = 2\.5/);
    expect(bad({ policy: 'acrobot-energy', episodes: 4, noise: 1.5 })).toThrow(/demonstrations\.noise = 1\.5/);
    expect(bad('acrobot-energy')).toThrow(/demonstrations = "acrobot-energy"/);
  });
});

describe('the loop with demonstrations', () => {
  it('puts demonstration segments into the queries the user answers', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rl-demo-')), 'run');
    const r = await startRun(
      {
        envId: 'FixedHorizonAcrobot-v1', labels: 24, agentSteps: 8 * 64 * 2, queryEvery: 1, evalEvery: 2, evalEpisodes: 1, initialEpisodes: 2, selector: 'disagreement', candidateFactor: 10, // the preset's uniform selection (from as many candidates as it asks) may find no new distinct pair in a round this small
        demonstrations: { policy: 'acrobot-energy', episodes: 4 }, rewardModel: { hidden: [16] }, ppo: { numEnvs: 8, numSteps: 64, numMinibatches: 1, updateEpochs: 1 },
      },
      { out },
    );
    expect(r.finished).toBe(true);
    const store = await SqliteFeedbackStore.open(join(out, 'feedback.sqlite'), { readonly: true });
    const queries = await store.queries();
    const answers = await store.feedback();
    await store.close();
    expect(queries).toHaveLength(24);
    const fragments = queries.flatMap((q) => [(q.payload as PairPayload).left, (q.payload as PairPayload).right]);
    const demo = fragments.filter((f) => f.episode >= DEMO_FIRST_EPISODE);
    expect(demo.length).toBeGreaterThan(4);
    expect(demo.length).toBeLessThan(fragments.length); // alongside random and agent segments
    // demonstration segments past the goal are the only ones better than −25, so not every answer is 'equal'
    expect(answers.filter((a) => a.answer !== 'equal').length).toBeGreaterThan(0);
  });
});
