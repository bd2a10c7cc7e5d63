/**
 * `rewardlab experiment seeds --env ID --labels N --seeds 0-9 [--steps S]` — does reward
 * learning work on EVERY seed, not on the median (issue 19)? Runs the loop with the shipped
 * defaults once per seed and reports the success rate (final true return ≥ the env's
 * threshold; hidden performance on the safety gridworlds, taught by a user who judges by it),
 * median, worst seed and the whole distribution, with per-seed diagnostics (every run's
 * diagnostics.jsonl, src/analysis/run-diagnostics.ts: answer shares, on-policy accuracy,
 * correlation, entropy, value error, reward scale) and what went wrong where a seed failed.
 */
import { join } from 'node:path';
import '../../envs/index.js';
import { ConfigError } from '../../core/errors.js';
import { median } from '../../analysis/stats.js';
import { RUN_TARGETS, diagnoseRun, readDiagnostics, type RunTarget } from '../../analysis/run-diagnostics.js';
import { envSpec } from '../../envs/registry.js';
import type { RewardModelingOverrides } from '../../loop/config.js';
import { resolveConfig, startRun } from '../../app/train-run.js';
import { finishExperiment, type Experiment, type ExperimentContext, type ExperimentResult } from '../kit/experiment.js';
import { PERFORMANCE_TEACHER } from '../kit/gridworld-agents.js';
import { seedsReport } from './report.js';
import { ppoTrueReturn } from '../../app/ppo-true.js';
import type { PpoTrueSummary, SeedRun, SeedsConfig, SeedsSummary } from './types.js';

/** Final value that counts as success, per env (src/analysis/run-diagnostics.ts RUN_TARGETS: true return, or hidden performance on gridworlds). */
export const SUCCESS_THRESHOLDS: Record<string, number> = Object.fromEntries(Object.entries(RUN_TARGETS).map(([id, t]) => [id, t.threshold]));

/**
 * The user of a seed's run: the shipped synthetic teacher, except on the safety gridworlds,
 * where the user intends the HIDDEN performance (the visible reward is the misspecified one),
 * so the teacher judges by it, as in proxy-vs-rm.
 */
function seedsFeedback(envId: string, target: RunTarget): string | undefined {
  return target.metric === 'performance' || envSpec(envId).family === 'gridworld' ? PERFORMANCE_TEACHER : undefined;
}

export function seedsConfig(ctx: Pick<ExperimentContext, 'quick' | 'values' | 'seeds'>): SeedsConfig {
  const envId = (ctx.values.env as string | undefined) ?? 'FixedHorizonCartPole-v0';
  const target = RUN_TARGETS[envId];
  if (target === undefined) throw new ConfigError('--env', envId, `has no success threshold; seeds knows ${Object.keys(RUN_TARGETS).join(', ')}`);
  const base = resolveConfig({ envId });
  const labels = (ctx.values.labels as number | undefined) ?? (ctx.quick ? 20 : base.labels);
  const steps = (ctx.values.steps as number | undefined) ?? (ctx.quick ? 8192 : base.agentSteps);
  return { envId, labels, steps, threshold: target.threshold, metric: target.metric, feedback: seedsFeedback(envId, target), seeds: ctx.seeds };
}

/**
 * One seed of the loop: a `startRun` run (which records `<dir>/diagnostics.jsonl`, as every
 * run does), judged by the env's target (`metric`: the final true return by default).
 */
export async function runSeed(envId: string, seed: number, o: { labels: number; steps: number; threshold: number; metric?: RunTarget['metric']; feedback?: string; dir: string; over?: RewardModelingOverrides }): Promise<SeedRun> {
  const options = { ...o.over, envId, seed, labels: o.labels, agentSteps: o.steps, ...(o.feedback ? { feedback: o.feedback } : {}) };
  const r = await startRun(options, { out: o.dir });
  const lines = readDiagnostics(o.dir);
  const metric = o.metric ?? 'trueReturn';
  const answers = lines.filter((l) => l.kind === 'answers').at(-1);
  const counts = answers?.kind === 'answers' ? answers.counts : { left: 0, right: 0, equal: 0, 'cant-tell': 0, skip: 0 };
  const total = Math.max(1, Object.values(counts).reduce((a, b) => a + b, 0));
  const rollouts = lines.filter((l) => l.kind === 'rollout');
  const late = rollouts.slice(Math.floor(rollouts.length * 0.75)).map((l) => (l.kind === 'rollout' ? l.accuracy : null)).filter((v): v is number => typeof v === 'number');
  const lastRollout = rollouts.at(-1);
  const lastEval = lines.filter((l) => l.kind === 'evaluation').at(-1);
  const trueReturn = r.trueReturn ?? NaN;
  const performance = lastEval?.kind === 'evaluation' && lastEval.performance !== undefined ? lastEval.performance : null;
  const score = metric === 'performance' ? (performance ?? NaN) : trueReturn;
  return {
    seed, score, trueReturn, performance, success: score >= o.threshold, learnedReturn: r.learnedReturn, pearson: r.pearson, heldOutAccuracy: r.heldOutAccuracy, heldOutCounts: r.heldOutCounts, labels: r.labels, wallSeconds: r.wallSeconds,
    answers: { strict: (counts.left + counts.right) / total, equal: counts.equal / total, cantTell: counts['cant-tell'] / total, skip: counts.skip / total, total },
    onPolicyAccuracy: late.length ? median(late) : null,
    lastRollout: lastRollout?.kind === 'rollout' && lastRollout.strictPairs !== undefined ? { accuracy: lastRollout.accuracy ?? null, strictPairs: lastRollout.strictPairs, tieShare: lastRollout.tieShare ?? 0 } : null,
    curve: lines.flatMap((l) => (l.kind === 'evaluation' ? [[l.iteration, metric === 'performance' ? (l.performance ?? NaN) : l.trueReturn] as [number, number]] : [])),
    findings: diagnoseRun(lines, { successThreshold: o.threshold, metric }),
    runDir: o.dir,
  };
}

export function summarise(config: SeedsConfig, perSeed: SeedRun[]): SeedsSummary {
  const scoreOf = (s: SeedRun) => s.score ?? s.trueReturn;
  const distribution = perSeed.map(scoreOf);
  const worst = perSeed.reduce((w, s) => (!(scoreOf(s) >= scoreOf(w)) ? s : w), perSeed[0]);
  const successes = perSeed.filter((s) => s.success).length;
  return {
    envId: config.envId, labels: config.labels, steps: config.steps, threshold: config.threshold, metric: config.metric ?? 'trueReturn', seeds: config.seeds,
    successes, successRate: successes / perSeed.length, median: median(distribution), worst: { seed: worst.seed, score: scoreOf(worst), trueReturn: worst.trueReturn }, distribution, perSeed,
  };
}

/** "true return" or "hidden performance": what a summary's numbers are. */
export const metricName = (metric: RunTarget['metric'] | undefined) => (metric === 'performance' ? 'hidden performance' : 'true return');

export function seedsHeadline(s: SeedsSummary): string {
  const base = `${s.envId}, ${s.labels} labels, ${s.steps} steps: ${s.successes}/${s.perSeed.length} seeds reach ${metricName(s.metric)} ≥ ${s.threshold} (median ${s.median.toFixed(1)}, worst ${s.worst.score.toFixed(1)} on seed ${s.worst.seed})`;
  const p = s.ppoTrue;
  return p ? `${base}; PPO on the true reward: median ${p.median.toFixed(1)}, 90% of it is ${p.ninetyPercent.toFixed(1)}, reached by ${p.loopSeedsAtNinety}/${s.perSeed.length} loop seeds` : base;
}

export async function runSeeds(ctx: ExperimentContext, config = seedsConfig(ctx)): Promise<SeedsSummary> {
  const perSeed: SeedRun[] = [];
  for (const seed of config.seeds) {
    ctx.log(`${config.envId} seed ${seed}: ${config.labels} labels, ${config.steps} steps`);
    const run = await runSeed(config.envId, seed, { labels: config.labels, steps: config.steps, threshold: config.threshold, metric: config.metric, feedback: config.feedback, dir: join(ctx.out, 'runs', `${config.envId}__s${seed}`) });
    ctx.log(`  ${metricName(config.metric)} ${run.score.toFixed(1)}${run.success ? '' : ` — FAILED${run.findings.length ? `: ${run.findings.map((f) => f.message).join('; ')}` : ''}`}`);
    perSeed.push(run);
  }
  const summary = summarise(config, perSeed);
  if (ctx.values['ppo-true']) summary.ppoTrue = runPpoTrue(config, perSeed, ctx.log);
  return summary;
}

/** The 90%-of-PPO-true bar as a plain ratio of returns (see PpoTrueSummary.ninetyPercent). */
export const ninetyPercentOf = (ppoTrue: number) => (ppoTrue >= 0 ? 0.9 * ppoTrue : ppoTrue / 0.9);

/** PPO on the true reward per seed with the loop's own resolved agent settings, steps and evaluation episodes. */
export function runPpoTrue(config: SeedsConfig, perSeed: SeedRun[], log: (text: string) => void): PpoTrueSummary {
  const resolved = resolveConfig({ envId: config.envId, labels: config.labels, agentSteps: config.steps });
  const returns = config.seeds.map((seed) => {
    const r = ppoTrueReturn(config.envId, { seed, steps: config.steps, episodes: resolved.evalEpisodes, ppo: resolved.ppo });
    log(`${config.envId} PPO on the true reward, seed ${seed}: true return ${r.toFixed(1)}`);
    return r;
  });
  const m = median(returns);
  const bar = ninetyPercentOf(m);
  return { perSeed: returns, median: m, episodes: resolved.evalEpisodes, ninetyPercent: bar, loopSeedsAtNinety: perSeed.filter((s) => s.trueReturn >= bar).length };
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
