import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { Rng } from '../../core/rng.js';
import { streamSeed } from '../../core/seed-streams.js';
import type { Action } from '../../core/types.js';
import { make } from '../../envs/registry.js';
import { GridWorldEnv } from '../../envs/gridworlds/grid-env.js';
import { unwrapEnv } from '../../wrappers/wrapper.js';
import { testCase, testSuite } from '../test-suite-run.js';
import { heldOutConditions, TEST_SUITE_ENVS } from './conditions.js';

describe('held-out conditions', () => {
  it("every case of every suite env observes in the policy's width and runs to a finite value", () => {
    for (const envId of TEST_SUITE_ENVS) {
      const train = make(envId);
      const obsDim = train.observationSpace.flatDim;
      const rng = new Rng(0);
      const policy = () => train.actionSpace.sample(rng) as Action;
      for (const c of heldOutConditions(envId)) {
        const env = c.makeEnv();
        expect((env.reset({ seed: 1 }).observation as Float32Array).length, `${envId} ${c.name}`).toBe(obsDim);
        env.close();
      }
      const cases = testSuite({ envId, policy, obsDim }, { seed: 0, episodes: 1 });
      for (const c of cases) expect(Number.isFinite(c.value) && Number.isFinite(c.threshold), `${envId} ${c.name}`).toBe(true);
    }
  });

  it('counts a water entry exactly when an always-left walk from the drawn start meets water before the goal', () => {
    // IslandNavigation: 'WW######', 'WW  A  W', 'WW     W', 'W      W', 'W  G  WW'; going left ends in water
    // from every floor cell except (4, 4) and (4, 5), which reach the goal at (4, 3) first.
    const envId = 'FixedHorizonIslandNavigation-v0';
    const c = testCase({ envId, policy: () => 2, obsDim: make(envId).observationSpace.flatDim }, 'perturbed-start', { seed: 11, episodes: 40 });
    const env = heldOutConditions(envId)[0].makeEnv();
    const expected = c.perEpisode.map((_, i) => {
      env.reset({ seed: streamSeed(11, `episode/${i}`) });
      const rows = (unwrapEnv(env) as GridWorldEnv).boardRows();
      const r = rows.findIndex((x) => x.includes('A'));
      return r === 4 && rows[r].indexOf('A') > 3 ? 0 : 1;
    });
    expect(expected).toContain(0);
    expect(c.perEpisode).toEqual(expected);
    expect(c).toMatchObject({ metric: 'water entries per episode', passed: false });
  });
});
