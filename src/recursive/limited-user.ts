/**
 * The limited user of recursive reward modeling (Leike et al. 2018 §3.2): it never sees the
 * hidden objective (that is for measurement only); each judgement may use a free *summary*
 * plus at most `budget` atomic look-ups ("checks"), and every check is logged, so user effort
 * is counted exactly — per purpose, including the effort spent training assistants.
 *
 *   const user = new LimitedUser({ slotOf: (i: number) => t[i] }, { budget: 9 });
 *   const verdict = user.judge('solver', (check) => check('slotOf', 3) === check('slotOf', 7));
 */
import { ConfigError } from '../core/errors.js';

/** The atomic look-ups a user may perform: name → pure function of plain arguments. */
export type Lookups = Record<string, (...args: never[]) => unknown>;

/** One logged check. */
export interface CheckRecord {
  judgement: number;
  purpose: string;
  lookup: string;
  args: unknown[];
  result: unknown;
}

export type Check<L extends Lookups> = <K extends keyof L & string>(lookup: K, ...args: Parameters<L[K]>) => ReturnType<L[K]>;

export class CheckBudgetExceeded extends Error {
  constructor(readonly budget: number, readonly lookup: string) {
    super(`check budget of ${budget} look-ups per judgement exceeded (at '${lookup}')`);
    this.name = 'CheckBudgetExceeded';
  }
}

export interface LimitedUserOptions {
  /** Look-ups allowed per judgement. */
  budget: number;
  /** Keep every CheckRecord (default true; the counts are kept either way). */
  keepLog?: boolean;
}

/** Effort by purpose ('solver', 'assistant-1', …): judgements made and checks spent. */
export interface Effort {
  judgements: number;
  checks: number;
}

export class LimitedUser<L extends Lookups> {
  readonly log: CheckRecord[] = [];
  private readonly effortByPurpose = new Map<string, Effort>();
  private judgements = 0;

  constructor(private lookups: L, readonly options: LimitedUserOptions) {
    if (!Number.isInteger(options.budget) || options.budget < 0) throw new ConfigError('budget', options.budget, 'must be a non-negative integer');
  }

  /** Point the user at another instance (a new timetable, say); the budget and the ledger stay. */
  setLookups(lookups: L): void {
    this.lookups = lookups;
  }

  /**
   * One judgement: `fn` gets a `check` function that performs a look-up, logs it and
   * throws CheckBudgetExceeded past the budget. `budget` overrides the default for this
   * judgement (the unassisted condition gets extra checks back, at equal total effort).
   */
  judge<T>(purpose: string, fn: (check: Check<L>, remaining: () => number) => T, budget = this.options.budget): T {
    const judgement = this.judgements++;
    const effort = this.effortFor(purpose);
    effort.judgements++;
    let used = 0;
    const check = ((lookup: string, ...args: unknown[]) => {
      if (used >= budget) throw new CheckBudgetExceeded(budget, lookup);
      const f = this.lookups[lookup] as ((...a: unknown[]) => unknown) | undefined;
      if (!f) throw new ConfigError('lookup', lookup, `is not a look-up of this user; known: ${Object.keys(this.lookups).join(', ')}`);
      used++;
      effort.checks++;
      const result = f(...args);
      if (this.options.keepLog !== false) this.log.push({ judgement, purpose, lookup, args, result });
      return result;
    }) as Check<L>;
    return fn(check, () => budget - used);
  }

  private effortFor(purpose: string): Effort {
    let e = this.effortByPurpose.get(purpose);
    if (!e) this.effortByPurpose.set(purpose, (e = { judgements: 0, checks: 0 }));
    return e;
  }

  /** Effort per purpose and in total. */
  effort(): { byPurpose: Record<string, Effort>; total: Effort } {
    const byPurpose = Object.fromEntries([...this.effortByPurpose].map(([k, v]) => [k, { ...v }]));
    const total = Object.values(byPurpose).reduce((a, b) => ({ judgements: a.judgements + b.judgements, checks: a.checks + b.checks }), { judgements: 0, checks: 0 });
    return { byPurpose, total };
  }
}
