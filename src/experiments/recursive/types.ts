/** Result types of `rewardlab experiment recursive` (powering and timetable testbeds), shared by the runners and their reports. */
import type { HelperModel, PoweringConfig } from '../../recursive/powering/ladder.js';
import type { PoweringLevelStats } from '../../recursive/powering/measure.js';
import type { EffortSummary } from '../../recursive/report.js';
import type { ConditionId, ConditionResult, TimetableBudgets } from '../../recursive/timetable/conditions.js';

// ---- powering ----

/** A per-level number of the powering ladder. */
export type PoweringMetric = Exclude<keyof PoweringLevelStats, 'level'>;

/** One level of one helper model, over seeds: the median of each metric and its per-seed values. */
export interface PoweringLevelSummary {
  level: number;
  median: Record<PoweringMetric, number>;
  runs: Record<PoweringMetric, number[]>;
}

export interface PoweringModelSummary {
  helper: HelperModel;
  config: PoweringConfig;
  levels: PoweringLevelSummary[];
  /** User effort of the first seed (every seed spends the same, up to the learned model's early stops). */
  effort: EffortSummary;
  /** Total checks per seed. */
  checksBySeed: number[];
}

export interface PoweringData {
  testbed: 'powering';
  seeds: number[];
  levels: number[];
  models: PoweringModelSummary[];
  wallSeconds: number;
}

// ---- timetable ----

export interface InstanceStats {
  seed: number;
  clashingPairs: number;
  pairs: number;
  /** The all-preferences timetable: its clashes and J. */
  allPreferredClashes: number;
  allPreferredJ: number;
  /** Unaided user on random and all-preferences timetables (b = 9, no comparison): share of judgements confirming a clash, share of clashes confirmed. */
  unaidedJudgementsWithClash: number;
  unaidedFlawsConfirmed: number;
}

/** One condition over seeds: medians of the key numbers and the per-seed values. */
export interface ConditionSummary {
  id: ConditionId;
  label: string;
  median: Record<string, number>;
  runs: Record<string, number[]>;
}

export interface TimetableData {
  testbed: 'timetable';
  seeds: number[];
  quick: boolean;
  budgets: TimetableBudgets;
  instances: InstanceStats[];
  conditions: ConditionSummary[];
  /** Every run, per seed (curves included). */
  results: ConditionResult[];
  wallSeconds: number;
}
