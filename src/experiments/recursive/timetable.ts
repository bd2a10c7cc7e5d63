/**
 * `rewardlab experiment recursive --testbed timetable [--depth 0..3] [--seeds 0,1,2,3,4] [--quick]`:
 * the exam-timetable testbed of recursive reward modeling (issue 7, testbed 1). Per seed: the
 * seeded instance, then each condition (depths 0..3 as asked, plus A1 degraded, critic frozen,
 * oracle assistants, full observation, RL on the true J); medians over seeds; result.json +
 * report.html in ctx.out. The unassisted user gets back, per judgement, the checks the depth-3 run
 * of the same seed spent training its assistants (equal total effort).
 */
import { Rng } from '../../core/rng.js';
import { finishExperiment, type ExperimentContext, type ExperimentResult } from '../kit/experiment.js';
import { parseDepth } from '../../recursive/depth.js';
import { seedSummary } from '../../recursive/report.js';
import { CONDITIONS, CONDITION_LABELS, FULL_BUDGETS, QUICK_BUDGETS, equalEffortBudget, runCondition, type ConditionId, type ConditionResult, type TimetableBudgets } from '../../recursive/timetable/conditions.js';
import { clashesInSameSlot, makeTimetableInstance, randomTimetable, type TimetableInstance } from '../../recursive/timetable/instance.js';
import { timetableReport } from './timetable-report.js';
import type { ConditionSummary, InstanceStats, TimetableData } from './types.js';
import { judgeTimetable, timetableUser } from '../../recursive/timetable/user.js';

export type { ConditionSummary, InstanceStats, TimetableData } from './types.js';

const DEPTH_CONDITIONS: ConditionId[] = ['unassisted', 'depth-1', 'depth-2', 'depth-3'];

/** Conditions to run for the asked depths (depth 3 brings its variants), in run order: depth 3 first (its effort sets the unassisted budget). */
export function timetableConditions(depths: number[]): ConditionId[] {
  const ids: ConditionId[] = depths.map((d) => DEPTH_CONDITIONS[d]);
  if (depths.includes(3)) ids.push('a1-degraded', 'frozen-critic');
  ids.push('oracle', 'full-observation', 'rl-true');
  return [...ids.filter((id) => id === 'depth-3'), ...ids.filter((id) => id !== 'depth-3')];
}

export function instanceStats(inst: TimetableInstance, seed: number, budget = 9, judgements = 400): InstanceStats {
  const rng = new Rng(seed ^ 0x57a7);
  const user = timetableUser(inst, budget);
  let withClash = 0;
  let confirmed = 0;
  let flaws = 0;
  for (let k = 0; k < judgements; k++) {
    const t = k % 2 === 0 ? [...inst.preferred] : randomTimetable(inst, rng);
    const v = judgeTimetable(user, inst, t, { purpose: 'measure', rng });
    if (v.confirmed.length) withClash++;
    confirmed += v.confirmed.length;
    flaws += clashesInSameSlot(inst, t).length;
  }
  const pref = [...inst.preferred];
  const c = clashesInSameSlot(inst, pref).length;
  return { seed, clashingPairs: inst.clashingPairs, pairs: inst.pairs.length, allPreferredClashes: c, allPreferredJ: inst.exams - inst.options.clashPenalty * c, unaidedJudgementsWithClash: withClash / judgements, unaidedFlawsConfirmed: confirmed / flaws };
}

/** The numbers of one run that the summary and the bench report. */
export function conditionMetrics(r: ConditionResult): Record<string, number> {
  const n = (v: number | null | undefined) => (v === null || v === undefined ? NaN : v);
  return {
    J: r.final.J, clashes: r.final.clashes, preferences: r.final.preferences, sampleJ: r.final.sampleJ, sampleClashes: r.final.sampleClashes,
    budget: r.effort ? r.budget : NaN, checks: n(r.effort?.total.checks), verdictAccuracy: r.verdictAccuracy,
    q: n(r.detection?.q), judgementsWithClash: n(r.detection?.judgementsWithClash), predictedQ: r.predictedQ,
    price: r.price, predictedPrice: 3 * n(r.detection?.q),
    criticPrecision: n(r.assistants?.criticPrecision), criticRecall: n(r.assistants?.criticRecall), finderRecall: n(r.assistants?.finderRecall),
    unsoundFalsePositiveRate: n(r.unsoundFalsePositiveRate),
  };
}

export function summarizeTimetable(ctx: ExperimentContext): TimetableData {
  const t0 = performance.now();
  const depths = parseDepth(ctx.values.depth as string | undefined, 3);
  const budgets: TimetableBudgets = { ...(ctx.quick ? QUICK_BUDGETS : FULL_BUDGETS) };
  if (ctx.values.labels !== undefined) budgets.solverLabels = ctx.values.labels as number;
  if (ctx.values.steps !== undefined) budgets.solverSteps = ctx.values.steps as number;
  const ids = timetableConditions(depths);
  const results: ConditionResult[] = [];
  const instances: InstanceStats[] = [];
  for (const seed of ctx.seeds) {
    const inst = makeTimetableInstance(seed);
    instances.push(instanceStats(inst, seed));
    let unassistedBudget: number | undefined;
    for (const id of ids) {
      ctx.log(`timetable: ${id}, seed ${seed}`);
      const r = runCondition(inst, id, seed, budgets, { unassistedBudget, log: ctx.log });
      if (id === 'depth-3' && r.effort) {
        const spent = r.effort.total.checks - (r.effort.byPurpose.solver?.checks ?? 0);
        unassistedBudget = equalEffortBudget(budgets, spent);
      }
      results.push(r);
    }
  }
  const conditions = [...ids].sort((a, b) => CONDITIONS.indexOf(a) - CONDITIONS.indexOf(b)).map((id): ConditionSummary => {
    const runs = results.filter((r) => r.id === id).map(conditionMetrics);
    const keys = Object.keys(runs[0]);
    const perSeed = Object.fromEntries(keys.map((k) => [k, runs.map((m) => m[k])]));
    return { id, label: CONDITION_LABELS[id], median: Object.fromEntries(keys.map((k) => [k, seedSummary(perSeed[k]).median])), runs: perSeed };
  });
  return { testbed: 'timetable', seeds: ctx.seeds, quick: ctx.quick, budgets, instances, conditions, results, wallSeconds: (performance.now() - t0) / 1000 };
}

const f2 = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v.toFixed(2) : 'n/a');

export function timetableHeadline(d: TimetableData): string {
  const c = (id: ConditionId) => d.conditions.find((s) => s.id === id)?.median;
  const part = (id: ConditionId, name: string) => {
    const m = c(id);
    return m ? `${name} J ${m.J} (${m.clashes} clashes, q ${f2(m.q)}, price ${f2(m.price)})` : null;
  };
  const parts = [part('unassisted', 'unassisted'), part('depth-3', 'assisted A1→A2'), part('a1-degraded', 'A1 degraded'), part('oracle', 'oracle')].filter(Boolean);
  const full = c('full-observation');
  const rl = c('rl-true');
  return `timetable (24 exams, b = 9, ${d.seeds.length} seed${d.seeds.length > 1 ? 's' : ''}, median): ${parts.join('; ')}${full ? `; full observation J ${full.J}` : ''}${rl ? `; RL on J ${rl.J}` : ''}`;
}

export async function runTimetable(ctx: ExperimentContext): Promise<ExperimentResult> {
  const data = summarizeTimetable(ctx);
  const headline = timetableHeadline(data);
  ctx.log(headline);
  return finishExperiment(ctx, 'recursive', { html: timetableReport(data), headline, data });
}
