import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { clashesInSameSlot, makeTimetableInstance, randomTimetable } from './instance.js';
import { oracleCritic, oracleFinder } from './oracle.js';
import { compareTimetables, judgeTimetable, timetableUser, type Critic } from './user.js';

const inst = makeTimetableInstance(0);

describe('the limited timetable user', () => {
  it('spends at most b = 9 look-ups per timetable, logs them, and reports only real clashes', () => {
    const rng = new Rng(1);
    const user = timetableUser(inst);
    const assistances = [{}, { finder: oracleFinder(inst) }, { critic: oracleCritic(inst, rng) }, { critic: oracleCritic(inst, rng), finder: oracleFinder(inst) }];
    for (let k = 0; k < 200; k++) {
      const t = randomTimetable(inst, rng);
      const real = new Set(clashesInSameSlot(inst, t));
      const before = user.effort().total.checks;
      const v = judgeTimetable(user, inst, t, { purpose: 'solver', rng, assistance: assistances[k % 4] });
      expect(user.effort().total.checks - before).toBeLessThanOrEqual(9);
      for (const c of v.confirmed) expect(real.has(c)).toBe(true);
    }
    expect(user.effort().total.judgements).toBe(200);
  });

  it('unaided it seldom confirms a clash; with oracle A2 + A1 it confirms up to 3 per timetable', () => {
    const rng = new Rng(2);
    const user = timetableUser(inst);
    const t = [...inst.preferred]; // ≈ 20 clashes
    let unaided = 0;
    let assisted = 0;
    for (let k = 0; k < 100; k++) {
      if (judgeTimetable(user, inst, t, { purpose: 'u', rng }).confirmed.length) unaided++;
      assisted += judgeTimetable(user, inst, t, { purpose: 'a', rng, assistance: { critic: oracleCritic(inst, rng), finder: oracleFinder(inst) } }).confirmed.length;
    }
    expect(unaided).toBeLessThan(20);
    expect(assisted).toBe(300);
    expect(user.effort().byPurpose.a.checks).toBe(900);
  });

  it('a lying critic cannot make the verifying user report a clash; the trusting user reports it', () => {
    const rng = new Rng(3);
    const user = timetableUser(inst);
    const t = new Array<number>(24).fill(0);
    const fake = inst.pairs.findIndex(([i, j], k) => inst.witnesses[k].length === 0 && i !== j);
    const liar: Critic = () => [[...inst.pairs[fake]] as [number, number]];
    const sound = judgeTimetable(user, inst, t, { purpose: 's', rng, assistance: { critic: liar, finder: () => 0 } });
    expect(sound.confirmed).not.toContain(fake);
    const trusting = judgeTimetable(user, inst, t, { purpose: 't', rng, assistance: { critic: liar, mode: 'trust' } });
    expect(trusting.confirmed).toContain(fake);
  });

  it('compares by preferences − 3 · confirmed clashes, and the extra checks of the equal-effort condition are honoured', () => {
    const rng = new Rng(4);
    const user = timetableUser(inst);
    const good = [...inst.preferred];
    const worse = good.map((s, i) => (i < 4 ? (s + 1) % 6 : s));
    const v = compareTimetables(user, inst, good, worse, { purpose: 'solver', rng, assistance: { critic: oracleCritic(inst, rng), finder: oracleFinder(inst) } });
    expect(v.left.preferences).toBe(24);
    expect(v.right.preferences).toBe(20);
    expect(v.left.score).toBe(24 - 3 * v.left.confirmed.length);
    expect(v.target).toBe(v.left.score > v.right.score ? 1 : v.left.score < v.right.score ? 0 : 0.5);
    // In a comparison the critic points only at clashes the other timetable does not share.
    for (const k of v.left.named) expect(worse[inst.pairs[k][0]] === worse[inst.pairs[k][1]]).toBe(false);
    const before = user.effort().total.checks;
    compareTimetables(user, inst, good, worse, { purpose: 'solver', rng, budget: 14 });
    expect(user.effort().total.checks - before).toBe(28);
  });
});
