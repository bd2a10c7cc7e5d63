/**
 * `rewardlab experiment seeds --env ID --labels N --seeds 0-9 [--steps S]` — does reward
 * learning work on EVERY seed, not on the median (issue 19)? Runs the loop with the shipped
 * defaults once per seed and reports the success rate (final true return ≥ the env's
 * threshold), median, worst seed and the whole distribution, with per-seed diagnostics
 * (src/analysis/run-diagnostics.ts: answer shares, on-policy accuracy, correlation, entropy,
 * value error, reward scale) and what went wrong where a seed failed.
 */
import { join } from 'node:path';
import '../../envs/index.js';
import { ConfigError } from '../../core/errors.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete } from '../../core/spaces/discrete.js';
import { streamRng } from '../../core/seed-streams.js';
import { median } from '../../analysis/stats.js';
import { RunDiagnostics, diagnoseRun } from '../../analysis/run-diagnostics.js';
import { make } from '../../envs/registry.js';
import { hideReward } from '../../wrappers/hide-reward.js';
import { RewardModel } from '../../rewards/reward-model.js';
import type { RewardModelingConfig, RewardModelingOverrides } from '../../loop/config.js';
import { makeFeedbackSource, resolveConfig, startRun } from '../../app/train-run.js';
import { finishExperiment, type Experiment, type ExperimentContext, type ExperimentResult } from '../kit/experiment.js';
import { seedsReport } from './report.js';
import type { SeedRun, SeedsConfig, SeedsSummary } from './types.js';

/** Final true return that counts as success, per env (95% of the maximum where there is one). */
export const SUCCESS_THRESHOLDS: Record<string, number> = {
  'FixedHorizonCartPole-v0': 475,
  'CartPole-v1': 475,
  'FixedHorizonAcrobot-v1': -100,
  'Acrobot-v1': -100,
  'Pendulum-v1': -300,
};

export function seedsConfig(ctx: Pick<ExperimentContext, 'quick' | 'values' | 'seeds'>): SeedsConfig {
  const envId = (ctx.values.env as string | undefined) ?? 'FixedHorizonCartPole-v0';
  const threshold = SUCCESS_THRESHOLDS[envId];
  if (threshold === undefined) throw new ConfigError('--env', envId, `has no success threshold; seeds knows ${Object.keys(SUCCESS_THRESHOLDS).join(', ')}`);
  const base = resolveConfig({ envId });
  const labels = (ctx.values.labels as number | undefined) ?? (ctx.quick ? 20 : base.labels);
  const steps = (ctx.values.steps as number | undefined) ?? (ctx.quick ? 8192 : base.agentSteps);
  return { envId, labels, steps, threshold, seeds: ctx.seeds };
}

/** The loop's default reward model for `config`, built exactly as the loop would (same seed stream), so the recorder can read it. */
function defaultRewardModel(config: RewardModelingConfig): RewardModel {
  const probe = hideReward(make(config.envId));
  const obs = probe.observationSpace as Box;
  const act = probe.actionSpace;
  const action = act instanceof Discrete ? { kind: 'discrete' as const, n: act.n } : { kind: 'box' as const, dim: (act as Box).flatDim };
  return new RewardModel(obs.flatDim, action, config.rewardModel, streamRng(config.seed, 'reward-model'));
}

/** One seed of the loop with diagnostics recorded to `<dir>/diagnostics.jsonl`. */
export async function runSeed(envId: string, seed: number, o: { labels: number; steps: number; threshold: number; dir: string; over?: RewardModelingOverrides }): Promise<SeedRun> {
  const options = { ...o.over, envId, seed, labels: o.labels, agentSteps: o.steps };
  const config = resolveConfig(options);
  const model = defaultRewardModel(config);
  const rec = new RunDiagnostics(o.dir, { model, segmentLength: config.fragmentLength });
  const r = await startRun(options, { out: o.dir, feedback: rec.watch(makeFeedbackSource(config.feedback, config.seed)), roles: { rewardModel: model, observers: [rec.observer] } });
  const lines = rec.lines;
  const answers = [...lines].reverse().find((l) => l.kind === 'answers');
  const counts = answers?.kind === 'answers' ? answers.counts : { left: 0, right: 0, equal: 0, 'cant-tell': 0, skip: 0 };
  const total = Math.max(1, Object.values(counts).reduce((a, b) => a + b, 0));
  const rollouts = lines.filter((l) => l.kind === 'rollout');
  const late = rollouts.slice(Math.floor(rollouts.length * 0.75)).map((l) => (l.kind === 'rollout' ? l.accuracy : null)).filter((v): v is number => typeof v === 'number');
  const lastRollout = rollouts.at(-1);
  const trueReturn = r.trueReturn ?? NaN;
  return {
    seed, trueReturn, success: trueReturn >= o.threshold, learnedReturn: r.learnedReturn, pearson: r.pearson, heldOutAccuracy: r.heldOutAccuracy, labels: r.labels, wallSeconds: r.wallSeconds,
    answers: { strict: (counts.left + counts.right) / total, equal: counts.equal / total, cantTell: counts['cant-tell'] / total, skip: counts.skip / total, total },
    onPolicyAccuracy: late.length ? median(late) : null,
    lastRollout: lastRollout?.kind === 'rollout' && lastRollout.strictPairs !== undefined ? { accuracy: lastRollout.accuracy ?? null, strictPairs: lastRollout.strictPairs, tieShare: lastRollout.tieShare ?? 0 } : null,
    curve: lines.flatMap((l) => (l.kind === 'evaluation' ? [[l.iteration, l.trueReturn] as [number, number]] : [])),
    findings: diagnoseRun(lines, { successThreshold: o.threshold }),
    runDir: o.dir,
  };
}

export function summarise(config: SeedsConfig, perSeed: SeedRun[]): SeedsSummary {
  const distribution = perSeed.map((s) => s.trueReturn);
  const worst = perSeed.reduce((w, s) => (!(s.trueReturn >= w.trueReturn) ? s : w), perSeed[0]);
  const successes = perSeed.filter((s) => s.success).length;
  return {
    envId: config.envId, labels: config.labels, steps: config.steps, threshold: config.threshold, seeds: config.seeds,
    successes, successRate: successes / perSeed.length, median: median(distribution), worst: { seed: worst.seed, trueReturn: worst.trueReturn }, distribution, perSeed,
  };
}

export function seedsHeadline(s: SeedsSummary): string {
  return `${s.envId}, ${s.labels} labels, ${s.steps} steps: ${s.successes}/${s.perSeed.length} seeds reach ≥ ${s.threshold} (median ${s.median.toFixed(1)}, worst ${s.worst.trueReturn.toFixed(1)} on seed ${s.worst.seed})`;
}

export async function runSeeds(ctx: ExperimentContext, config = seedsConfig(ctx)): Promise<SeedsSummary> {
  const perSeed: SeedRun[] = [];
  for (const seed of config.seeds) {
    ctx.log(`${config.envId} seed ${seed}: ${config.labels} labels, ${config.steps} steps`);
    const run = await runSeed(config.envId, seed, { labels: config.labels, steps: config.steps, threshold: config.threshold, dir: join(ctx.out, 'runs', `${config.envId}__s${seed}`) });
    ctx.log(`  true return ${run.trueReturn.toFixed(1)}${run.success ? '' : ` — FAILED${run.findings.length ? `: ${run.findings.map((f) => f.message).join('; ')}` : ''}`}`);
    perSeed.push(run);
  }
  return summarise(config, perSeed);
}

export const seeds: Experiment = {
  name: 'seeds',
  summary: 'one loop configuration on many seeds (--seeds 0-9): success rate, median, worst seed, per-seed diagnostics',
  async run(ctx): Promise<ExperimentResult> {
    const config = seedsConfig(ctx); // a bad --env fails here, before any training
    const summary = await runSeeds(ctx, config);
    const headline = seedsHeadline(summary);
    return finishExperiment(ctx, 'seeds', { html: seedsReport(summary, { quick: ctx.quick, headline }), headline, data: { ...summary } });
  },
};
