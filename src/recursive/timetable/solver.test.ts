import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { Box } from '../../core/spaces/box.js';
import { hiddenObjective, makeTimetableInstance, randomTimetable } from './instance.js';
import { QUICK_BUDGETS, runCondition } from './conditions.js';
import { TimetableEnv, decodePartial, encodePartial, solverFeatureDim, timetableBatch } from './solver-env.js';

const inst = makeTimetableInstance(0);

describe('the timetabler', () => {
  it('env: 24 steps, observation decodes to the partial timetable, features price J exactly with the true weights', () => {
    const env = new TimetableEnv(inst);
    const rng = new Rng(5);
    const t = randomTimetable(inst, rng);
    let obs = env.reset({ seed: 0 }).observation;
    expect((env.observationSpace as Box).contains(obs)).toBe(true);
    for (let i = 0; i < 24; i++) {
      expect(decodePartial(inst, obs)).toEqual({ exam: i, slots: t.slice(0, i) });
      const r = env.step(t[i]);
      expect(r.terminated).toBe(i === 23);
      expect(r.reward).toBe(0); // reward-free for the learner
      obs = r.observation;
    }
    expect(encodePartial(inst, t)).toEqual(obs);
    // A linear reward with weight 1 on each (exam, preferred slot) and −3 on each clashing pair is J.
    const w = new Float32Array(solverFeatureDim(inst));
    inst.preferred.forEach((s, i) => (w[i * inst.slots + s] = 1));
    inst.pairs.forEach((_, k) => (w[inst.exams * inst.slots + k] = inst.witnesses[k].length ? -3 : 0));
    const b = timetableBatch(inst, t);
    let ret = 0;
    for (let k = 0; k < b.obs.length; k++) ret += b.obs[k] * w[k % w.length];
    expect(ret).toBe(hiddenObjective(inst, t));
  });

  it('with oracle assistance it ends with fewer clashes than with the unassisted user (small fixed-seed budget)', () => {
    const b = { ...QUICK_BUDGETS, solverSteps: 7680, solverLabels: 80 };
    const unassisted = runCondition(inst, 'unassisted', 0, b, { unassistedBudget: 9 });
    const oracle = runCondition(inst, 'oracle', 0, b);
    expect(oracle.final.sampleClashes).toBeLessThan(unassisted.final.sampleClashes - 3);
    expect(oracle.detection!.q).toBeGreaterThan(0.5);
    expect(unassisted.detection!.q).toBeLessThan(0.1);
  });
});
