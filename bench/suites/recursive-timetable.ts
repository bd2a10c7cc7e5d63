/**
 * Recursive reward modeling, testbed 1 (exam timetable): the conditions table, median over 5
 * seeds (--quick: 2 seeds at the experiment's quick budgets). One row per condition: the final
 * timetable's true objective J, with clashes, the user's detection probability q (measured and
 * predicted r₂·r₁) and the learned reward's price of a flaw in the notes.
 */
import { summarizeTimetable } from '../../src/experiments/recursive/timetable.js';
import type { BenchRow } from '../suite.js';
import type { RecursiveRowProducer } from './recursive.js';

const f2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');

export const timetableRows: RecursiveRowProducer = ({ quick }, progress) => {
  const seeds = quick ? [0, 1] : [0, 1, 2, 3, 4];
  const t0 = performance.now();
  const d = summarizeTimetable({ out: '', seeds, quick, values: {}, log: progress });
  const secs = (performance.now() - t0) / 1000;
  return d.conditions.map((c): BenchRow => ({
    suite: 'recursive',
    name: `timetable ${c.label}: J of the final timetable`,
    unit: 'J',
    value: c.median.J,
    runs: c.runs.J,
    notes: `clashes ${f2(c.median.clashes)}, preferences ${f2(c.median.preferences)}, q ${f2(c.median.q)} (predicted ${f2(c.median.predictedQ)}), price of a flaw ${f2(c.median.price)} (3q = ${f2(c.median.predictedPrice)}), checks/judgement ${c.median.budget}; ${seeds.length} seeds, all conditions in ${secs.toFixed(0)} s`,
  }));
};
