import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRun } from '../app/train-run.js';
import type { Trajectory } from '../core/types.js';

const small = {
  envId: 'FixedHorizonCartPole-v0', labels: 20, agentSteps: 512 * 8, queryEvery: 4, evalEvery: 8, evalEpisodes: 2, initialEpisodes: 3,
  rewardModel: { hidden: [16] },
  ppo: { numEnvs: 4, numSteps: 128, numMinibatches: 1, updateEpochs: 4 },
};

const key = (t: Trajectory) => `${t.seed}/${t.episode}/${t.actions.length}`;

async function run(preExploreSteps: number) {
  const out = join(mkdtempSync(join(tmpdir(), 'rl-pre-')), 'run');
  const seen: { rollouts: { episodes: string[]; returns: number[] }[]; pool: readonly Trajectory[] } = { rollouts: [], pool: [] };
  let warmAt = -1;
  const r = await startRun({ ...small, preExploreSteps }, {
    out,
    hooks: {
      onRollout: ({ iteration }) => { seen.rollouts.push({ episodes: iteration.trajectories.map(key), returns: [...iteration.episodeReturns] }); },
      onWarmStart: ({ trajectories }) => { seen.pool = [...trajectories]; warmAt = seen.rollouts.length; },
    },
  });
  return { r, out, seen, warmAt };
}

describe('pre-exploration before the first query (PEBBLE)', () => {
  it('spends its steps on the agent before the warm start, draws the first clips from that agent, and keeps the step budget', async () => {
    const pre = await run(512 * 4);
    expect(pre.warmAt).toBe(4); // four agent iterations (each env's first 500-step episode) ran before the warm-start pool was formed
    // the pool is the agent's episodes from those iterations, not the random policy's (episodes ≥ 1e6)
    const agentEpisodes = new Set(pre.seen.rollouts.slice(0, 4).flatMap((i) => i.episodes));
    expect(pre.seen.pool.length).toBeGreaterThan(0);
    for (const t of pre.seen.pool) {
      expect(agentEpisodes.has(key(t))).toBe(true);
      expect(t.episode).toBeLessThan(1_000_000);
      expect(t.actions.length).toBeGreaterThanOrEqual(25);
    }
    expect(pre.r.iterations).toBe(8); // the steps are part of agentSteps: 8 iterations in all
    // the exploration reward is not the learned one: rollouts before the warm start report returns
    // of a positive reward (log(1 + distance) / std ≥ 0), the learned reward is standardised
    const early = pre.seen.rollouts.slice(0, 4).flatMap((i) => i.returns);
    for (const v of early) expect(v).toBeGreaterThanOrEqual(0);

    const plain = await run(0);
    expect(plain.warmAt).toBe(0);
    for (const t of plain.seen.pool) expect(t.episode).toBeGreaterThanOrEqual(1_000_000);
  });

  it('is reproducible: the same seed gives the same queries and the same run', async () => {
    const a = await run(512 * 4);
    const b = await run(512 * 4);
    const metrics = (out: string) => readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => { const m = JSON.parse(l); delete m.time; delete m.wallSeconds; return m; });
    expect(metrics(b.out)).toEqual(metrics(a.out));
    expect(b.r.trueReturn).toBe(a.r.trueReturn);
  });

  it('refuses more pre-exploration steps than the run has, naming the field', async () => {
    await expect(startRun({ ...small, preExploreSteps: small.agentSteps + 1 }, { out: join(mkdtempSync(join(tmpdir(), 'rl-pre-')), 'run') })).rejects.toThrow(/preExploreSteps/);
  });
});
