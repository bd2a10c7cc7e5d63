import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { CheckBudgetExceeded, LimitedUser } from './limited-user.js';

const slots = [2, 0, 2, 1];
const lookups = { slotOf: (i: number) => slots[i], enrolled: (u: number, i: number) => (u + i) % 2 === 0 };

describe('LimitedUser', () => {
  it('enforces the check budget per judgement, and a fresh judgement gets a fresh budget', () => {
    const user = new LimitedUser(lookups, { budget: 2 });
    expect(user.judge('solver', (check) => check('slotOf', 0) === check('slotOf', 2))).toBe(true);
    expect(() => user.judge('solver', (check) => [check('slotOf', 0), check('slotOf', 1), check('slotOf', 2)])).toThrow(CheckBudgetExceeded);
    // The failed third check is not performed, not counted and not logged.
    expect(user.log.length).toBe(4);
    expect(user.effort().total).toEqual({ judgements: 2, checks: 4 });
    expect(user.judge('solver', (check, remaining) => [check('enrolled', 1, 1), remaining()])).toEqual([true, 1]);
  });

  it('a per-judgement budget overrides the default (the unassisted condition gets checks back)', () => {
    const user = new LimitedUser(lookups, { budget: 1 });
    expect(user.judge('solver', (check) => [0, 1, 2, 3].map((i) => check('slotOf', i)), 4)).toEqual(slots);
    expect(() => user.judge('solver', (check) => [0, 1].map((i) => check('slotOf', i)))).toThrow(/budget of 1 look-ups per judgement exceeded \(at 'slotOf'\)/);
    const zero = new LimitedUser(lookups, { budget: 3 });
    expect(() => zero.judge('solver', (check) => check('slotOf', 0), 0)).toThrow(CheckBudgetExceeded);
    expect(zero.judge('solver', () => 'summary only', 0)).toBe('summary only');
  });

  it('logs every check with judgement, purpose, look-up, arguments and result', () => {
    const user = new LimitedUser(lookups, { budget: 5 });
    user.judge('solver', (check) => check('slotOf', 3));
    user.judge('assistant-1', (check) => check('enrolled', 2, 1) || check('enrolled', 1, 1));
    expect(user.log).toEqual([
      { judgement: 0, purpose: 'solver', lookup: 'slotOf', args: [3], result: 1 },
      { judgement: 1, purpose: 'assistant-1', lookup: 'enrolled', args: [2, 1], result: false },
      { judgement: 1, purpose: 'assistant-1', lookup: 'enrolled', args: [1, 1], result: true },
    ]);
  });

  it('counts effort per purpose and in total; keepLog: false keeps the counts but not the records', () => {
    const user = new LimitedUser(lookups, { budget: 3, keepLog: false });
    for (let k = 0; k < 3; k++) user.judge('solver', (check) => check('slotOf', k));
    user.judge('assistant-2', (check) => [check('slotOf', 0), check('slotOf', 1)]);
    user.judge('assistant-2', () => null);
    expect(user.log).toEqual([]);
    expect(user.effort()).toEqual({ byPurpose: { solver: { judgements: 3, checks: 3 }, 'assistant-2': { judgements: 2, checks: 2 } }, total: { judgements: 5, checks: 5 } });
    // effort() returns a copy: mutating it does not touch the ledger.
    user.effort().byPurpose.solver.checks = 99;
    expect(user.effort().byPurpose.solver.checks).toBe(3);
  });

  it('setLookups points at a new instance while budget and ledger stay', () => {
    const user = new LimitedUser(lookups, { budget: 1 });
    user.judge('solver', (check) => check('slotOf', 0));
    user.setLookups({ ...lookups, slotOf: () => 9 });
    expect(user.judge('solver', (check) => check('slotOf', 0))).toBe(9);
    expect(user.effort().total).toEqual({ judgements: 2, checks: 2 });
  });

  it('rejects bad input with a ConfigError naming the field and value', () => {
    expect(() => new LimitedUser(lookups, { budget: -1 })).toThrow(ConfigError);
    expect(() => new LimitedUser(lookups, { budget: 1.5 })).toThrow(/budget = 1.5/);
    const user = new LimitedUser(lookups, { budget: 2 });
    expect(() => user.judge('solver', (check) => (check as (l: string, ...a: unknown[]) => unknown)('peek', 0))).toThrow(/lookup = "peek": is not a look-up of this user; known: slotOf, enrolled/);
  });
});
