import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../envs/index.js';
import { make } from '../envs/registry.js';
import { Box } from '../core/spaces/box.js';
import { Discrete } from '../core/spaces/discrete.js';
import { Rng } from '../core/rng.js';
import { rewardMap } from '../analysis/reward-map.js';
import { RewardModel } from '../rewards/reward-model.js';
import type { RewardTrainingStats } from '../rewards/reward-trainer.js';
import { liveRewardMapObserver, type LiveRewardMap } from './live-reward-map.js';

function modelFor(envId: string, seed: number): RewardModel {
  const env = make(envId);
  return new RewardModel((env.observationSpace as Box).flatDim, { kind: 'discrete', n: (env.actionSpace as Discrete).n }, { members: 2 }, new Rng(seed));
}

const stats = {} as RewardTrainingStats; // the observer reads only the round

describe('liveRewardMapObserver', () => {
  it("writes after each reward-model round the map reward-map.ts computes for the loop's current model, with round, labels and EPIC", () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-live-map-'));
    let model = modelFor('BoatRace-v0', 1);
    const written: LiveRewardMap[] = [];
    const obs = liveRewardMapObserver('BoatRace-v0', dir, () => model, { onWritten: (d) => written.push(d) })!;
    expect(existsSync(join(dir, 'live', 'reward-map.json'))).toBe(false);
    obs.onLabelsFolded!({ round: 2, added: 6, labels: 6 });
    obs.onRewardModelTrained!({ round: 2, stats });
    const first = JSON.parse(readFileSync(join(dir, 'live', 'reward-map.json'), 'utf8')) as LiveRewardMap;
    const expected = rewardMap('BoatRace-v0', (b) => model.predict(b).mean);
    expect(first).toMatchObject({ kind: 'rewardlab-live-reward-map', version: 1, envId: 'BoatRace-v0', update: 1, round: 2, labels: 6 });
    expect(first.map).toEqual(expected);
    expect(first.epic).toBe(expected.epic);
    expect(first.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(first.svg.match(/<svg /g)).toHaveLength(5); // outer, three panels, colour bar
    expect(readFileSync(join(dir, 'live', 'reward-map.svg'), 'utf8')).toBe(first.svg);

    // The next round's model (a different one here) replaces the map: the file follows the model, not the first write.
    model = modelFor('BoatRace-v0', 2);
    obs.onLabelsFolded!({ round: 2, added: 4, labels: 10 });
    obs.onRewardModelTrained!({ round: 2, stats }); // the loop trains again within the same round: a new update all the same
    const second = JSON.parse(readFileSync(join(dir, 'live', 'reward-map.json'), 'utf8')) as LiveRewardMap;
    expect(second.update).toBe(2);
    expect(second.round).toBe(2);
    expect(second.labels).toBe(10);
    expect(second.map).toEqual(rewardMap('BoatRace-v0', (b) => model.predict(b).mean));
    expect(second.map.learned).not.toEqual(first.map.learned);
    expect(second.map.hidden).toEqual(first.map.hidden);
    expect(written.map((d) => d.update)).toEqual([1, 2]);
    // A resumed run (a new observer on the same folder) counts on.
    liveRewardMapObserver('BoatRace-v0', dir, () => model)!.onRewardModelTrained!({ round: 3, stats });
    expect((JSON.parse(readFileSync(join(dir, 'live', 'reward-map.json'), 'utf8')) as LiveRewardMap).update).toBe(3);
  });

  it('writes without an onWritten listener too (as the training worker uses it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-live-map-'));
    const obs = liveRewardMapObserver('BoatRace-v0', dir, () => modelFor('BoatRace-v0', 3))!;
    obs.onRewardModelTrained!({ round: 0, stats });
    const doc = JSON.parse(readFileSync(join(dir, 'live', 'reward-map.json'), 'utf8')) as LiveRewardMap;
    expect(doc.update).toBe(1);
    expect(doc.round).toBe(0);
    expect(doc.labels).toBeNull(); // no fold seen
  });

  it('a map that cannot be made is reported once and the run goes on without live maps', () => {
    // (TomatoWatering and RocksDiamonds fail this way for real: more states than the enumeration allows; ~10 s to find out.)
    const dir = mkdtempSync(join(tmpdir(), 'rl-live-map-'));
    const errors: string[] = [];
    let asked = 0;
    const broken = (): RewardModel => {
      asked++;
      throw new Error('maxStates = 20000: is too small for this gridworld');
    };
    const obs = liveRewardMapObserver('BoatRace-v0', dir, broken, { onError: (e) => errors.push(e.message) })!;
    expect(() => obs.onRewardModelTrained!({ round: 0, stats })).not.toThrow();
    obs.onRewardModelTrained!({ round: 1, stats });
    expect(errors).toHaveLength(1);
    expect(asked).toBe(1); // not tried again
    expect(errors[0]).toMatch(/maxStates/);
    expect(existsSync(join(dir, 'live', 'reward-map.json'))).toBe(false);
  });

  it('vector-observation envs get no observer (nothing is ever written)', () => {
    expect(liveRewardMapObserver('FixedHorizonCartPole-v0', mkdtempSync(join(tmpdir(), 'rl-live-map-')), () => modelFor('BoatRace-v0', 1))).toBeNull();
  });
});
