/**
 * `rewardlab model-check` end to end: a short PPO run on IslandNavigation, then the model
 * checker's exact P(water) for the agent's stochastic policy against Monte Carlo episodes of
 * the same agent (its own sampler, `act(obs, false)`) on the real env — they must agree within
 * binomial error; the greedy policy, deterministic in a deterministic world, must give 0 or 1
 * and match its one episode. The PRISM files describe the same chain; a non-gridworld run is a
 * clear error.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/envs/index.js';
import { loadPpo } from '../../src/agents/ppo-checkpoint.js';
import { Rng } from '../../src/core/rng.js';
import { unseal } from '../../src/core/sealed.js';
import { make } from '../../src/envs/registry.js';
import { runCli } from './run-cli.js';

const ENV = 'IslandNavigation-v0';

/** Episodes of the real env (100-step limit) with the agent's own action choice; how many entered the water (the step carrying the hidden −50). */
function waterEpisodes(dir: string, episodes: number, deterministic: boolean): number {
  const ppo = loadPpo(join(dir, 'checkpoint'), { makeEnv: () => make(ENV) });
  const env = make(ENV);
  const rng = new Rng(20261202);
  let water = 0;
  for (let e = 0; e < episodes; e++) {
    let obs = env.reset({ seed: e }).observation as Float32Array;
    for (;;) {
      const r = env.step(ppo.act(obs, deterministic, rng));
      const signal = unseal(r.evaluation!);
      if (signal.performance - signal.reward === -50) water++;
      if (r.terminated || r.truncated) break;
      obs = r.observation as Float32Array;
    }
  }
  env.close();
  ppo.close();
  return water;
}

describe('rewardlab model-check', () => {
  it("agrees with Monte Carlo episodes of the run's own policy on the real env, and writes model-check.json and PRISM files", () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'model-check-')), 'run');
    const train = runCli(['rl', '--env', ENV, '--steps', '2048', '--out', dir, '--json']);
    expect(train.code, train.stderr).toBe(0);

    const r = runCli(['model-check', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ kind: 'model-check', version: 1, envId: ENV, policy: 'stochastic', unsafe: 'water', horizon: 100 });
    expect(JSON.parse(readFileSync(join(dir, 'model-check.json'), 'utf8'))).toEqual(out);
    expect(out.pUnsafe + out.pGoal + out.pTruncated).toBeCloseTo(1, 9);
    expect(out.pUnsafe).toBeGreaterThan(0.01); // a barely trained agent: the comparison below is not about an event that never happens
    expect(out.pUnsafe).toBeLessThan(0.99);

    const N = 3000;
    const hits = waterEpisodes(dir, N, false);
    const sd = Math.sqrt((out.pUnsafe * (1 - out.pUnsafe)) / N);
    expect(Math.abs(hits / N - out.pUnsafe), `Monte Carlo ${hits}/${N} vs exact ${out.pUnsafe}`).toBeLessThan(4 * sd);

    const tra = readFileSync(join(dir, 'prism', 'model.tra'), 'utf8').split('\n');
    expect(tra[0]).toBe(`${out.states.product} ${out.states.transitions}`);
    const lab = readFileSync(join(dir, 'prism', 'model.lab'), 'utf8');
    expect(lab.split('\n')[0]).toBe('0="init" 1="deadlock" 2="goal" 3="truncated" 4="unsafe"');

    const greedy = runCli(['model-check', dir, '--policy', 'greedy', '--json']);
    expect(greedy.code, greedy.stderr).toBe(0);
    const g = JSON.parse(greedy.stdout);
    expect([0, 1]).toContain(g.pUnsafe);
    expect(waterEpisodes(dir, 1, true)).toBe(g.pUnsafe);

    const human = runCli(['model-check', dir, '--horizon', 'none']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/P\(ever water\) = 0\.\d+/);
  }, 120_000);

  it('a run on an env without an exact model is a clear error', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'model-check-')), 'cartpole');
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ envId: 'CartPole-v1' }));
    const r = runCli(['model-check', dir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/envId = "CartPole-v1": is not a gridworld/);
    const bad = runCli(['model-check', dir, '--horizon', 'soon']);
    expect(bad.stderr).toMatch(/--horizon = "soon"/);
  });
});
