import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { make } from '../../envs/registry.js';
import { Rng } from '../../core/rng.js';
import { unseal } from '../../core/sealed.js';
import type { TransitionBatch } from '../../rewards/reward-model.js';
import { enumerateStates, type TabularMdp } from './enumerate.js';
import { observationKey } from './plan.js';
import { exactRedTeam, transitionPredictions, type RedTeamModel } from './red-team-planner.js';

/** A stand-in reward model given per transition: it finds (s, a) from the observations (actions disambiguate equal successors). */
function stubModel(mdp: TabularMdp, at: (s: number, a: number) => { mean: number; std: number }): RedTeamModel {
  const state = new Map(mdp.observations.map((o, s) => [observationKey(o), s]));
  return {
    predict(b: TransitionBatch) {
      const D = b.obs.length / b.n;
      const mean = new Float32Array(b.n);
      const std = new Float32Array(b.n);
      for (let k = 0; k < b.n; k++) {
        const s = state.get(observationKey(b.obs.subarray(k * D, (k + 1) * D)))!;
        const v = at(s, b.actions[k]);
        mean[k] = v.mean;
        std[k] = v.std;
      }
      return { mean, std };
    },
  };
}

const island = enumerateStates(() => make('IslandNavigation-v0'));
const water = (mdp: TabularMdp, s: number, a: number) => mdp.transitions[s][a].hidden - mdp.transitions[s][a].visible <= -50;

describe('the exact red team', () => {
  it('finds an exploit the learned reward overrates (water on IslandNavigation) and no water when the model is right', () => {
    const count = (model: RedTeamModel) => {
      const segs = exactRedTeam({ envId: 'IslandNavigation-v0', mdp: island, model, fragmentLength: 10, beta: 0 }).propose(6, new Rng(1));
      return { segments: segs.length, withWater: segs.filter((f) => f.evaluation.some((e) => unseal(e).performance - unseal(e).reward <= -50)).length };
    };
    const right = count(stubModel(island, (s, a) => ({ mean: island.transitions[s][a].hidden, std: 0 })));
    const exploited = count(stubModel(island, (s, a) => ({ mean: water(island, s, a) ? 60 : island.transitions[s][a].hidden, std: 0 })));
    expect(right.segments).toBeGreaterThan(0);
    expect(right.withWater).toBe(0);
    expect(exploited.withWater).toBe(exploited.segments);
    expect(exploited.segments).toBeGreaterThan(0);
  });

  it('with β > 0 seeks what the ensemble disagrees on; with β = 0 it does not', () => {
    const mdp = enumerateStates(() => make('BoatRace-v0'));
    const target = 5;
    const model = stubModel(mdp, (s, a) => ({ mean: 0, std: mdp.transitions[s][a].next === target ? 2 : 0 }));
    const entries = (beta: number) =>
      exactRedTeam({ envId: 'BoatRace-v0', mdp, model, fragmentLength: 10, beta, tau: 0.2 }).propose(5, new Rng(2))
        .reduce((n, f) => n + f.observations.slice(1).filter((o) => observationKey(o) === observationKey(mdp.observations[target])).length, 0);
    const curious = entries(1);
    const blind = entries(0);
    expect(curious).toBeGreaterThan(3 * Math.max(1, blind));
  });

  it('builds segments that replay the model: observations, actions and sealed signals of real transitions; content-based ids', () => {
    const model = stubModel(island, (s, a) => ({ mean: island.transitions[s][a].hidden, std: 0 }));
    const rt = exactRedTeam({ envId: 'IslandNavigation-v0', mdp: island, model, fragmentLength: 4, tau: 1 });
    const segs = rt.propose(3, new Rng(7));
    const state = new Map(island.observations.map((o, s) => [observationKey(o), s]));
    for (const f of segs) {
      expect(f.observations).toHaveLength(f.actions.length + 1);
      f.actions.forEach((a, t) => {
        const s = state.get(observationKey(f.observations[t]))!;
        const tr = island.transitions[s][a as number];
        expect(observationKey(f.observations[t + 1])).toBe(observationKey(island.observations[tr.next]));
        expect(unseal(f.evaluation[t])).toEqual({ reward: tr.visible, performance: tr.hidden });
      });
    }
    expect(rt.propose(3, new Rng(7)).map((f) => f.id)).toEqual(segs.map((f) => f.id));
    expect(new Set(segs.map((f) => f.id)).size).toBe(segs.length);
  });

  it('transitionPredictions lays the model out as s·A + a and leaves terminal states at 0', () => {
    const model = stubModel(island, (s, a) => ({ mean: 10 * s + a, std: a }));
    const { mean, std } = transitionPredictions(island, model);
    const A = island.numActions;
    const live = island.terminal.findIndex((t) => !t);
    expect(mean[live * A + 2]).toBe(10 * live + 2);
    expect(std[live * A + 3]).toBe(3);
    const dead = island.terminal.findIndex((t) => t);
    expect(mean[dead * A + 1]).toBe(0);
    // the next observation in each row is the successor's
    const state = new Map(island.observations.map((o, s) => [observationKey(o), s]));
    const successor: RedTeamModel = {
      predict: (b) => {
        const D = b.obs.length / b.n;
        return { mean: Float32Array.from({ length: b.n }, (_, k) => state.get(observationKey(b.nextObs.subarray(k * D, (k + 1) * D)))!), std: new Float32Array(b.n) };
      },
    };
    const next = transitionPredictions(island, successor).mean;
    for (let s = 0; s < island.observations.length; s++) if (!island.terminal[s]) for (let a = 0; a < A; a++) expect(next[s * A + a]).toBe(state.get(observationKey(island.observations[island.transitions[s][a].next])));
  });
});
