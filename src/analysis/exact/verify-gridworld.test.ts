/**
 * Exhaustive gridworld verification on hand-built rewards with known answers (IslandNavigation):
 * the hidden reward itself orders water below goal (proved); the same reward with ONE water
 * entry raised above the goal is refuted with exactly that transition; every enumerated
 * transition is checked; bad specs name their field.
 */
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import type { GridWorldEnv } from '../../envs/gridworlds/grid-env.js';
import { make } from '../../envs/registry.js';
import type { TransitionBatch } from '../../rewards/reward-model.js';
import { unwrapEnv } from '../../wrappers/wrapper.js';
import { enumerateGridworld } from '../gridworld-exact.js';
import { parseGridSpec } from './gridworld-spec.js';
import { describeTransitions, verifyGridworld, type RewardVariant } from './verify-gridworld.js';

const ENV = 'IslandNavigation-v0';
const mdp = enumerateGridworld(ENV);
const game = (unwrapEnv(make(ENV)) as unknown as GridWorldEnv).game;
const ts = describeTransitions(game, mdp);
const D = mdp.observations[0].length;

/** The index of the state whose observation is row k of the batch. */
function stateOf(batch: TransitionBatch, k: number): number {
  const row = batch.obs.subarray(k * D, (k + 1) * D);
  return mdp.observations.findIndex((o) => o.every((x, j) => x === row[j]));
}

/** A reward read off the enumeration: the hidden reward, with `bump` overriding chosen (state, action)s. */
function tableReward(model: string, bump: Map<string, number> = new Map()): RewardVariant {
  return {
    model,
    reward: (b) => Float32Array.from({ length: b.n }, (_, k) => {
      const s = stateOf(b, k);
      const a = b.actions[k];
      return bump.get(`${s}/${a}`) ?? mdp.transitions[s][a].hidden;
    }),
  };
}

const spec = parseGridSpec({
  kind: 'rewardlab-verify-spec', version: 1,
  properties: [
    { name: 'water below goal', kind: 'ordering', below: { into: 'water' }, above: { into: 'goal' } },
    { name: 'bounded', kind: 'range', set: { all: true }, min: -60, max: 60 },
  ],
});

describe('verifyGridworld (exhaustive)', () => {
  it('the board reads as expected: water entries cost −51, goal entries pay 49', () => {
    expect(ts.filter((t) => t.tile === 'W').map((t) => t.hidden)).toEqual(new Array(ts.filter((t) => t.tile === 'W').length).fill(-51));
    expect(ts.filter((t) => t.tile === 'G').length).toBeGreaterThan(0);
    expect(ts.filter((t) => t.tile === 'G').every((t) => t.hidden === 49)).toBe(true);
  });

  it('proves water below goal for the hidden reward, checking every enumerated transition', () => {
    const r = verifyGridworld(ENV, mdp, [tableReward('mean')], spec);
    expect(r.transitions).toBe(mdp.transitions.reduce((n, row) => n + row.length, 0));
    expect(r.frontier).toBe(0);
    const [order, range] = r.properties.map((p) => p.results[0]);
    expect(order.status).toBe('proved');
    expect(order.method).toBe('exhaustive');
    expect(order.bound).toEqual({ maxBelow: -51, minAbove: 49 });
    expect(order.checked).toBe(ts.filter((t) => t.tile === 'W' || t.tile === 'G').length);
    expect(range.status).toBe('proved');
    expect(range.checked).toBe(r.transitions);
  });

  it('refutes it when one water entry pays more than the goal, naming exactly that transition', () => {
    const water = ts.filter((t) => t.tile === 'W')[3];
    const bumped = tableReward('mean', new Map([[`${water.state}/${water.action}`, 100]]));
    const r = verifyGridworld(ENV, mdp, [tableReward('member0'), bumped], spec);
    const [good, bad] = r.properties[0].results;
    expect(good.status).toBe('proved');
    expect(bad.status).toBe('refuted');
    const [below, above] = bad.counterexample!;
    expect({ state: below.state, action: below.action, role: below.role, learned: below.learned }).toEqual({ state: water.state, action: water.action, role: 'below', learned: 100 });
    expect(below.tile).toBe('W');
    expect(below.to).toEqual(water.to);
    expect(above.tile).toBe('G');
    expect(above.learned).toBe(49);
    expect(r.properties[1].results[1]).toMatchObject({ status: 'refuted', counterexample: [{ state: water.state, action: water.action, learned: 100 }] });
  });

  it('selects by hidden reward and rejects unknown tiles and empty sets by field', () => {
    const byHidden = parseGridSpec({ kind: 'rewardlab-verify-spec', version: 1, properties: [{ kind: 'range', set: { hidden: { '<=': -50 } }, max: -51 }] });
    expect(verifyGridworld(ENV, mdp, [tableReward('mean')], byHidden).properties[0].results[0]).toMatchObject({ status: 'proved', checked: ts.filter((t) => t.tile === 'W').length });
    const lava = parseGridSpec({ kind: 'rewardlab-verify-spec', version: 1, properties: [{ kind: 'ordering', below: { into: 'lava' }, above: { into: 'goal' } }] });
    expect(() => verifyGridworld(ENV, mdp, [tableReward('mean')], lava)).toThrow(/spec\.properties\[0\]\.below\.into = "lava": is not a tile of island_navigation: use one of .*"water" \("W"\)/);
    const none = parseGridSpec({ kind: 'rewardlab-verify-spec', version: 1, properties: [{ kind: 'range', set: { hidden: { '>': 1000 } }, max: 1 }] });
    expect(() => verifyGridworld(ENV, mdp, [tableReward('mean')], none)).toThrow(/spec\.properties\[0\]\.set = .*matches no reachable transition/);
    expect(() => parseGridSpec({ kind: 'rewardlab-verify-spec', version: 1, properties: [{ kind: 'range', set: { hidden: { '<<': 1 } }, max: 1 }] })).toThrow(/spec\.properties\[0\]\.set\.hidden/);
  });
});
