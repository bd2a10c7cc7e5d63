import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPpo } from '../agents/ppo-checkpoint.js';
import { make, prepareEnv } from '../envs/registry.js';
import { latestCheckpoint } from '../runs/checkpoint-dir.js';
import { readMetrics } from '../runs/run-dir.js';
import { defaultEvalEvery, trainRl, type RlRunOptions } from './rl-run.js';

const root = mkdtempSync(join(tmpdir(), 'rewardlab-rl-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function run(options: Omit<RlRunOptions, 'out'>) {
  const out = join(root, `run-${n++}`);
  const result = trainRl({ ...options, out });
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
  return { out, result, config, metrics: readMetrics(out) };
}

/** A metrics line without its clock readings (the only fields that differ between equal runs). */
const untimed = ({ time: _t, wallSeconds: _w, ...rest }: Record<string, unknown>) => rest;

/** Iterations whose metrics line carries an evaluation. */
const evaluatedAt = (metrics: Record<string, unknown>[]) => metrics.filter((m) => m.evalReturn !== null).map((m) => m.iteration);

describe('rl run: evaluation cadence', () => {
  it('evaluates every evalEvery rollouts (0 = only at the end), and evaluating never changes the training', () => {
    // CartPole preset: 8 envs × 512 steps = 4096 steps per rollout → 6 rollouts.
    const base = { envId: 'CartPole-v1', config: { totalSteps: 6 * 4096, seed: 2 }, evalEpisodes: 2 };
    const every2 = run({ ...base, evalEvery: 2 });
    const endOnly = run({ ...base, evalEvery: 0 });
    expect(every2.config.evalEvery).toBe(2);
    expect(evaluatedAt(every2.metrics)).toEqual([2, 4, 6]);
    expect(evaluatedAt(endOnly.metrics)).toEqual([6]);
    expect(endOnly.result.evaluation!.meanReturn).toBeGreaterThan(100); // it learned, so equal returns say something
    expect(endOnly.result.evaluation).toEqual(every2.result.evaluation);
    expect(endOnly.metrics.map((m) => untimed({ ...m, evalReturn: null }))).toEqual(every2.metrics.map((m) => untimed({ ...m, evalReturn: null })));
  }, 60_000);

  it('by default evaluates at every checkpoint in short runs and about 10 times in long ones', () => {
    expect(defaultEvalEvery({ checkpointEvery: 10 }, 24)).toBe(10); // CartPole's 100k steps: as before
    expect(defaultEvalEvery({ checkpointEvery: 10 }, 488)).toBe(49); // Hopper's 1M steps: 10 evaluations, not 48
    expect(defaultEvalEvery({ checkpointEvery: 10 }, 1953)).toBe(196);
    const r = run({ envId: 'CartPole-v1', config: { totalSteps: 2 * 4096 }, evalEpisodes: 1 });
    expect(r.config.evalEvery).toBe(10);
  }, 30_000);

  it('refuses a bad evalEvery or envWorkers naming the field and the value', () => {
    expect(() => trainRl({ envId: 'CartPole-v1', evalEvery: -1, out: join(root, 'bad') })).toThrow('evalEvery = -1: must be an integer in 0..1000000');
    expect(() => trainRl({ envId: 'CartPole-v1', evalEvery: 1.5, out: join(root, 'bad') })).toThrow('evalEvery = 1.5');
    expect(() => trainRl({ envId: 'CartPole-v1', envWorkers: 65, out: join(root, 'bad') })).toThrow('envWorkers = 65: must be an integer in 0..64');
  });
});

describe('rl run: env copies in worker threads', () => {
  it('Hopper-v5, 4 copies: 2 env workers give the same metrics, evaluation and final weights as in-thread stepping', async () => {
    await prepareEnv('Hopper-v5');
    // 4 copies × 256 steps, 3 rollouts; checkpointEvery 2 re-seeds the copies once mid-run.
    const base = { envId: 'Hopper-v5', config: { numEnvs: 4, numSteps: 256, numMinibatches: 4, updateEpochs: 2, totalSteps: 3 * 1024, checkpointEvery: 2, seed: 5 }, evalEpisodes: 1, evalEvery: 0 };
    const inThread = run({ ...base, envWorkers: 0 });
    const workers = run({ ...base, envWorkers: 2 });
    expect(inThread.metrics.length).toBe(3);
    expect(inThread.metrics.flatMap((m) => m.episodeReturns as number[]).length).toBeGreaterThan(10); // episodes ended (and were reset) mid-rollout
    expect(workers.metrics.map(untimed)).toEqual(inThread.metrics.map(untimed));
    expect(workers.result.evaluation).toEqual(inThread.result.evaluation);
    const weights = (dir: string) => {
      const ppo = loadPpo(latestCheckpoint(dir)!, { makeEnv: () => make('Hopper-v5') });
      try {
        return { actor: Array.from(ppo.actor.params), critic: Array.from(ppo.critic.params), logStd: Array.from(ppo.logStd), obs: ppo.obsStats!.toJSON() };
      } finally {
        ppo.close();
      }
    };
    expect(weights(workers.out)).toEqual(weights(inThread.out));
  }, 60_000);
});
