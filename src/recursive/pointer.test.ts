import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { LimitedUser } from './limited-user.js';
import { confirmPointers, pointerStats, verifyPointers, type ConfirmFlaw } from './pointer.js';

/** A small clash instance: items in slots, people enrolled in items; a flaw = a same-slot pair sharing a person. */
function instance(rng: Rng) {
  const items = 10;
  const slot = Array.from({ length: items }, () => rng.int(3));
  const enrol = Array.from({ length: 16 }, () => rng.permutation(items).slice(0, 2));
  const enrolled = (u: number, i: number) => enrol[u].includes(i);
  const isFlaw = ([i, j]: [number, number]) => i !== j && slot[i] === slot[j] && enrol.some((e) => e.includes(i) && e.includes(j));
  const pairs: [number, number][] = [];
  for (let i = 0; i < items; i++) for (let j = i + 1; j < items; j++) pairs.push([i, j]);
  const flaws = pairs.filter(isFlaw);
  const lookups = { slotOf: (i: number) => slot[i], enrolled: (u: number, i: number) => enrolled(u, i) };
  return { items, enrol, isFlaw, pairs, flaws, lookups };
}
type Inst = ReturnType<typeof instance>;

/** An adversarial critic: a random mix of true flaws and arbitrary pairs (often wrong), in random order. */
function critic(inst: Inst, rng: Rng): [number, number][] {
  const out: [number, number][] = [];
  for (const f of inst.flaws) if (rng.bernoulli(0.5)) out.push(f);
  const fakes = rng.int(5);
  for (let k = 0; k < fakes; k++) out.push(rng.choice(inst.pairs));
  return rng.shuffle(out);
}

/** A witness finder that is right only sometimes (a student taking both, else a random one). */
function witness(inst: Inst, rng: Rng, accuracy: number) {
  return (i: number, j: number) => {
    const right = inst.enrol.findIndex((e) => e.includes(i) && e.includes(j));
    return right >= 0 && rng.bernoulli(accuracy) ? right : rng.int(inst.enrol.length);
  };
}

const confirmWith = (w: (i: number, j: number) => number): ConfirmFlaw<Inst['lookups'], [number, number]> => (check, [i, j]) => {
  if (check('slotOf', i) !== check('slotOf', j)) return false;
  const u = w(i, j);
  return check('enrolled', u, i) && check('enrolled', u, j);
};

describe('pointer assistants', () => {
  it('are sound: over 400 random instances, adversarial critics and budgets, every confirmed flaw is real', () => {
    let confirmedTotal = 0;
    let missed = 0;
    for (let seed = 0; seed < 400; seed++) {
      const rng = new Rng(seed);
      const inst = instance(rng);
      const budget = rng.int(14);
      const user = new LimitedUser(inst.lookups, { budget });
      const claims = critic(inst, rng);
      const verdict = verifyPointers(user, 'critic', claims, confirmWith(witness(inst, rng, rng.uniform(0, 1))));
      for (const c of verdict.confirmed) expect(inst.isFlaw(c)).toBe(true);
      // Every claim ends up in exactly one bucket, in order of consideration.
      expect(verdict.confirmed.length + verdict.rejected.length + verdict.unchecked.length).toBe(claims.length);
      expect(verdict.checks).toBeLessThanOrEqual(budget);
      expect(verdict.checks).toBe(user.log.length);
      expect(user.effort().byPurpose.critic).toEqual({ judgements: 1, checks: verdict.checks });
      confirmedTotal += verdict.confirmed.length;
      missed += inst.flaws.length - verdict.confirmed.length;
    }
    // The property is not vacuous: many flaws were confirmed, and many were missed.
    expect(confirmedTotal).toBeGreaterThan(100);
    expect(missed).toBeGreaterThan(100);
  });

  it('trusting the critic without checks (the unsound contrast) reports flaws that are not there', () => {
    let falsePositives = 0;
    for (let seed = 0; seed < 50; seed++) {
      const rng = new Rng(seed);
      const inst = instance(rng);
      const user = new LimitedUser(inst.lookups, { budget: 0 });
      const verdict = verifyPointers(user, 'critic', critic(inst, rng), confirmWith(witness(inst, rng, 1)), { mode: 'trust' });
      expect(verdict.checks).toBe(0);
      falsePositives += verdict.confirmed.filter((c) => !inst.isFlaw(c)).length;
    }
    expect(falsePositives).toBeGreaterThan(10);
  });

  it('with a perfect witness and enough checks, confirms exactly the true flaws pointed at', () => {
    const rng = new Rng(7);
    const inst = instance(rng);
    const user = new LimitedUser(inst.lookups, { budget: 1000 });
    const verdict = verifyPointers(user, 'critic', inst.pairs, confirmWith(witness(inst, rng, 1)));
    expect(verdict.confirmed).toEqual(inst.flaws);
    expect(verdict.rejected.length).toBe(inst.pairs.length - inst.flaws.length);
    expect(verdict.unchecked).toEqual([]);
  });

  it('leaves the rest unchecked when the budget runs out mid-address, and respects maxPointers', () => {
    const lookups = { bad: (i: number) => i % 2 === 0 };
    const user = new LimitedUser(lookups, { budget: 3 });
    const confirm: ConfirmFlaw<typeof lookups, number> = (check, i) => check('bad', i) && check('bad', i + 2);
    const v = verifyPointers(user, 'p', [0, 2, 4], confirm);
    expect(v).toEqual({ confirmed: [0], rejected: [], unchecked: [2, 4], checks: 3 });
    const w = user.judge('p', (check, remaining) => confirmPointers(check, remaining, [1, 3, 5], confirm, { maxPointers: 2 }));
    expect(w).toEqual({ confirmed: [], rejected: [1, 3], unchecked: [5], checks: 2 });
  });

  it('rejects bad options with a ConfigError naming the field', () => {
    const user = new LimitedUser({ f: () => 1 }, { budget: 1 });
    expect(() => verifyPointers(user, 'p', [1], () => true, { maxPointers: -1 })).toThrow(ConfigError);
    expect(() => verifyPointers(user, 'p', [1], () => true, { mode: 'yolo' as 'trust' })).toThrow(/mode = "yolo"/);
  });

  it('pointerStats: precision over pointers, recall over distinct true flaws', () => {
    const s = pointerStats([1, 2, 2, 5], (a) => a < 3, 4);
    expect(s).toEqual({ pointers: 4, hits: 3, precision: 0.75, recall: 0.5 });
    expect(Number.isNaN(pointerStats([], () => true, 0).precision)).toBe(true);
  });
});
