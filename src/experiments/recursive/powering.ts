/**
 * `rewardlab experiment recursive --testbed powering [--depth 0..3] [--seeds 0,1,2,3,4]
 * [--epsilon 0.05] [--trials 200] [--labels 2000] [--quick]`: the permutation-powering ladder with
 * all three helper models (transient noise, fixed faulty tables, learned by reward modeling),
 * medians over seeds, result.json + report.html in ctx.out.
 */
import { ConfigError } from '../../core/errors.js';
import { finishExperiment, type ExperimentContext, type ExperimentResult } from '../kit/experiment.js';
import { parseDepth } from '../../recursive/depth.js';
import { seedSummary } from '../../recursive/report.js';
import { POWERING_DEFAULTS, type HelperModel, type PoweringConfig } from '../../recursive/powering/ladder.js';
import { runPowering } from '../../recursive/powering/measure.js';
import { poweringReport } from './powering-report.js';
import type { PoweringData, PoweringLevelSummary, PoweringMetric, PoweringModelSummary } from './types.js';

export type { PoweringData, PoweringLevelSummary, PoweringMetric, PoweringModelSummary } from './types.js';

export const HELPER_MODELS: HelperModel[] = ['transient', 'persistent', 'learned'];

/** Highest level `--depth` may ask for (level 10 is σ^1024: still instant). */
export const POWERING_MAX_DEPTH = 6;

type Metric = PoweringMetric;
const METRICS: Metric[] = ['error', 'predicted', 'oneStep', 'oneStepPerTrial', 'ownError', 'approved', 'verdictAccuracy', 'wrongApproved', 'rightRejected', 'unassistedAccuracy', 'equalEffortBudget', 'equalEffortAccuracy', 'fullObservationAccuracy', 'trainingLabels', 'pointerVerdictAccuracy', 'pointerWrongApproved', 'pointerRightRejected', 'pointerFalseFlaws'];

export function poweringOptions(ctx: ExperimentContext): { levels: number[]; base: Partial<PoweringConfig>; learnedTrials: number } {
  const levels = parseDepth(ctx.values.depth as string | undefined ?? '0..3', POWERING_MAX_DEPTH);
  const epsilon = (ctx.values.epsilon as number | undefined) ?? POWERING_DEFAULTS.epsilon;
  const trials = (ctx.values.trials as number | undefined) ?? (ctx.quick ? 20 : POWERING_DEFAULTS.trials);
  const labelsPerLevel = (ctx.values.labels as number | undefined) ?? POWERING_DEFAULTS.labelsPerLevel;
  if (!(trials >= 1)) throw new ConfigError('--trials', trials, 'must be a positive integer');
  // The learned model spends ~2,000 ratings per level per trial: fewer trials keep it at seconds.
  return { levels, base: { epsilon, trials, labelsPerLevel, maxLevel: Math.max(...levels) }, learnedTrials: Math.max(1, Math.ceil(trials / 4)) };
}

export function summarizePowering(ctx: ExperimentContext): PoweringData {
  const t0 = performance.now();
  const { levels, base, learnedTrials } = poweringOptions(ctx);
  const models = HELPER_MODELS.map((helper): PoweringModelSummary => {
    const runs = ctx.seeds.map((seed) => {
      ctx.log(`powering: ${helper} helpers, seed ${seed}`);
      return runPowering({ ...base, helper, trials: helper === 'learned' ? learnedTrials : base.trials }, seed);
    });
    const summary = levels.map((level): PoweringLevelSummary => {
      const median = {} as Record<Metric, number>;
      const perSeed = {} as Record<Metric, number[]>;
      for (const m of METRICS) {
        perSeed[m] = runs.map((r) => r.levels[level][m]);
        median[m] = seedSummary(perSeed[m]).median;
      }
      return { level, median, runs: perSeed };
    });
    return { helper, config: runs[0].config, levels: summary, effort: runs[0].effort, checksBySeed: runs.map((r) => r.effort.total.checks) };
  });
  return { testbed: 'powering', seeds: ctx.seeds, levels, models, wallSeconds: (performance.now() - t0) / 1000 };
}

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');

export function poweringHeadline(d: PoweringData): string {
  const by = (h: HelperModel) => d.models.find((m) => m.helper === h)!;
  const t = by('transient');
  const p = by('persistent');
  const top = p.levels.at(-1)!;
  const eps = t.config.epsilon;
  return (
    `powering ladder (n = ${t.config.n}, ε = ${eps}, ${d.seeds.length} seed${d.seeds.length > 1 ? 's' : ''}, median): ` +
    `error by level ${t.levels.map((l) => f3(l.median.error)).join(' / ')} vs predicted ${t.levels.map((l) => f3(l.median.predicted)).join(' / ')} (levels ${d.levels.join(',')}); ` +
    `with fixed faulty helpers the re-computing user approves ${Math.round(100 * top.median.wrongApproved)}% of wrong level-${top.level} answers, ` +
    `pointer verification ${Math.round(100 * top.median.pointerWrongApproved)}% (false flaws reported: ${Math.max(...top.runs.pointerFalseFlaws)})`
  );
}

export async function runPoweringExperiment(ctx: ExperimentContext): Promise<ExperimentResult> {
  const data = summarizePowering(ctx);
  const headline = poweringHeadline(data);
  ctx.log(headline);
  return finishExperiment(ctx, 'recursive', { html: poweringReport(data, { quick: ctx.quick }), headline, data });
}
