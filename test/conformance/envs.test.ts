/** Every registered env, and common wrapper stacks, pass the shared conformance suite. */
import { describe, expect, it } from 'vitest';
import '../../src/envs/index.js';
import { make, prepareEnv, registeredEnvs } from '../../src/envs/registry.js';
import { NormalizeObservation } from '../../src/wrappers/normalize-observation.js';
import { RecordEpisodeStatistics } from '../../src/wrappers/record-episode-stats.js';
import { TimeLimit } from '../../src/wrappers/time-limit.js';
import { hideReward, withReward } from '../../src/wrappers/hide-reward.js';
import { checkEnv } from '../../src/envs/check-env.js';
import { ChainEnv } from '../fixtures/chain-env.js';
import { runEnvConformance } from './env.case.js';

// MuJoCo envs need their WASM module loaded before make(id) (src/envs/mujoco/runtime.ts).
for (const spec of registeredEnvs()) await prepareEnv(spec.id);

describe('registered envs', () => {
  it('the registry is not empty', () => {
    expect(registeredEnvs().length).toBeGreaterThan(0);
  });
  for (const spec of registeredEnvs()) {
    runEnvConformance({ name: spec.id, makeEnv: () => make(spec.id) });
  }
});

describe('wrapper stacks', () => {
  runEnvConformance({ name: 'ChainEnv', makeEnv: () => new ChainEnv() });
  runEnvConformance({ name: 'TimeLimit(ChainEnv)', makeEnv: () => new TimeLimit(new ChainEnv(101), 20) });
  runEnvConformance({ name: 'RecordEpisodeStatistics(TimeLimit(ChainEnv))', makeEnv: () => new RecordEpisodeStatistics(new TimeLimit(new ChainEnv(), 50)) });
  runEnvConformance({ name: 'NormalizeObservation(ChainEnv)', makeEnv: () => new NormalizeObservation(new ChainEnv()) });
  runEnvConformance({ name: 'withReward(hideReward(ChainEnv))', makeEnv: () => withReward(hideReward(new ChainEnv()), (_o, a) => (a === 1 ? 0.5 : 0)) });
  for (const spec of registeredEnvs()) {
    runEnvConformance({ name: `NormalizeObservation(RecordEpisodeStatistics(${spec.id}))`, makeEnv: () => new NormalizeObservation(new RecordEpisodeStatistics(make(spec.id))), steps: 100 });
  }
});

describe('checkEnv catches broken envs', () => {
  it('flags a non-deterministic env and one that steps after the end', () => {
    let calls = 0;
    class Flaky extends ChainEnv {
      protected override resetState() {
        const r = super.resetState();
        calls++;
        return { ...r, info: { calls } };
      }
    }
    const report = checkEnv(() => new Flaky());
    const failing = report.checks.filter((c) => !c.ok).map((c) => c.name);
    expect(failing).toContain('same seed gives the same episode');
    expect(report.ok).toBe(false);
  });
});
