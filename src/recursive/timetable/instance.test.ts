import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { TIMETABLE_DEFAULTS, buildInstance, checkTimetable, clashesInSameSlot, hiddenObjective, makeTimetableInstance, pairIndex, preferencesMet } from './instance.js';

describe('timetable instance', () => {
  it('has the issue’s shape: 24 exams, 90 students × 3 exams, 4 programmes of 6, 25% with one exam outside, ≈ 100 clashing pairs of 276', () => {
    for (const seed of [0, 1, 2, 3, 4]) {
      const inst = makeTimetableInstance(seed);
      expect(inst.exams).toBe(24);
      expect(inst.pairs.length).toBe(276);
      expect(inst.enrolments.length).toBe(90);
      expect(inst.enrolments.every((e) => new Set(e).size === 3)).toBe(true);
      const outside = inst.enrolments.filter((e) => new Set(e.map((i) => inst.programmeOf[i])).size > 1).length;
      expect(outside).toBe(23);
      expect(inst.clashingPairs).toBeGreaterThanOrEqual(88);
      expect(inst.clashingPairs).toBeLessThanOrEqual(110);
      expect(inst.preferred.every((s) => s >= 0 && s < 6)).toBe(true);
      // Every clashing pair has a witness taking both exams, and the clash matrix is symmetric.
      inst.pairs.forEach(([i, j], k) => {
        expect(inst.clash[i * 24 + j]).toBe(inst.clash[j * 24 + i]);
        for (const u of inst.witnesses[k]) expect(inst.enrolments[u]).toEqual(expect.arrayContaining([i, j]));
      });
    }
    expect(makeTimetableInstance(3).enrolments).toEqual(makeTimetableInstance(3).enrolments);
    expect(makeTimetableInstance(3).preferred).not.toEqual(makeTimetableInstance(4).preferred);
  });

  it('computes J = preferences − 3 · clashing same-slot pairs on hand-made timetables', () => {
    const o = { ...TIMETABLE_DEFAULTS, exams: 4, slots: 2, programmes: 1 };
    // Student 0 takes exams 0 and 1, student 1 takes 2 and 3: two clashing pairs.
    const inst = buildInstance(o, [[0, 1], [2, 3]], [0, 0, 0, 0], [0, 1, 0, 1]);
    expect(inst.clashingPairs).toBe(2);
    expect(hiddenObjective(inst, [0, 1, 0, 1])).toBe(4); // all preferred, no clash (0,2 and 1,3 share slots but no student)
    expect(clashesInSameSlot(inst, [0, 0, 1, 1])).toEqual([pairIndex(0, 1, 4), pairIndex(2, 3, 4)]);
    expect(preferencesMet(inst, [0, 0, 1, 1])).toBe(2);
    expect(hiddenObjective(inst, [0, 0, 1, 1])).toBe(2 - 6);
    expect(hiddenObjective(inst, [0, 0, 0, 0])).toBe(2 - 6);
    expect(pairIndex(3, 2, 4)).toBe(pairIndex(2, 3, 4));
  });

  it('rejects bad input with a ConfigError naming the field', () => {
    expect(() => makeTimetableInstance(0, { programmes: 5 })).toThrow(ConfigError);
    expect(() => makeTimetableInstance(0, { outsideShare: 2 })).toThrow(/outsideShare/);
    const inst = makeTimetableInstance(0);
    expect(() => checkTimetable(inst, [1, 2])).toThrow(/timetable/);
    expect(() => checkTimetable(inst, new Array(24).fill(6))).toThrow(/timetable\[0\]/);
  });
});
