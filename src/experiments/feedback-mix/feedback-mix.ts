/**
 * `rewardlab experiment feedback-mix` — how much feedback does intent cost? (issue 15 item 6),
 * for the mixes the loop runs today: preferences alone, + scripted demonstrations, + ratings,
 * + unsupervised pre-exploration, + goal examples, + corrections, + demonstrations asked as queries
 * (src/experiments/feedback-mix/mixes.ts says what each adds and where it applies; --mixes picks). Per env × seed: PPO on the true reward (same agent settings, steps and
 * evaluation episodes; 90% of its median is the bar), then one ordinary loop run per applicable
 * mix with the same seed, labels and steps. Measured per run from its own evaluations (an
 * `onMetrics` observer): the labels folded when the greedy true return first reaches the bar,
 * the simulated human seconds spent by then (HUMAN_COSTS below, counted from the queries the
 * teacher was asked), and the area under return vs labels; over seeds, Student-t 95% intervals,
 * and the labels ratio: preferences alone's mean labels to 90% / the mix's.
 *
 * Not in the loop yet, so not measured: demonstrations only (T-REX / D-REX: src/rewards/trex-pairs.ts
 * exists but the loop has no zero-preference mode).
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import '../../envs/index.js';
import { envSpec, make } from '../../envs/registry.js';
import { evaluatePolicy } from '../../analysis/evaluate.js';
import { median } from '../../analysis/stats.js';
import type { RewardFreeEnv } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { streamSeed } from '../../core/seed-streams.js';
import type { Action } from '../../core/types.js';
import { GRIDWORLD_LOOP } from '../../app/presets/gridworld-presets.js';
import { makeFeedbackSource, makeRater, resolveConfig } from '../../app/train-run.js';
import { ppoTrueReturn } from '../../app/ppo-true.js';
import type { RewardModelingConfig } from '../../loop/config.js';
import { recordDemonstrations } from '../../loop/demonstration-source.js';
import type { FeedbackSource } from '../../preferences/feedback-source.js';
import type { KindedFeedbackSource } from '../../preferences/kinded-feedback-source.js';
import { ensureDir, writeJsonAtomic } from '../../runs/run-dir.js';
import { hideReward } from '../../wrappers/hide-reward.js';
import { curveArea, labelsToBar, tInterval } from '../kit/curve-measures.js';
import { finishExperiment, type Experiment, type ExperimentContext, type ExperimentResult } from '../kit/experiment.js';
import { runLoopToEnd } from '../kit/loop-to-end.js';
import { demonstratorFor, mixOverrides, mixesFor, parseMixes, skippedMixes } from './mixes.js';
import { feedbackMixMarkdown, feedbackMixReport, feedbackMixSvg } from './report.js';
import type { FeedbackMixConfig, HumanCosts, Mix, MixPoint, MixRun, MixSummary, PpoTrueReference, Ratio } from './types.js';

export type { FeedbackMixConfig, Mix, MixRun, MixSummary, PpoTrueReference } from './types.js';

/**
 * Simulated seconds of a person's time per kind — ASSUMPTIONS, not measurements: nothing in this
 * repository has timed people. A preference (watch two clips, answer) 5 s; a rating (one clip)
 * 3 s; a demonstration episode 10 s to set up plus 0.05 s per step played (20 steps a second),
 * scripted up front or asked as a query alike; a goal marking (watch one clip, mark the frames
 * that look done) 4 s; a correction 8 s (watch the clip, pick the step to take over) plus 0.05 s
 * per step played after the takeover. Every query asked pays its fixed part, whatever its answer
 * ('equal' included); the per-step parts are paid when the answer arrives, for the steps it has.
 */
export const HUMAN_COSTS: HumanCosts = { preference: 5, rating: 3, demonstrationEpisode: 10, demonstrationStep: 0.05, goal: 4, correction: 8, correctionStep: 0.05 };

/** The issue's setting: four classic-control envs and two safety gridworlds. */
export const DEFAULT_ENVS = ['FixedHorizonCartPole-v0', 'FixedHorizonAcrobot-v1', 'FixedHorizonMountainCar-v0', 'Pendulum-v1', 'IslandNavigation-v0', 'BoatRace-v0'];
/** Demonstration episodes of the +demonstrations mix where the env's preset names none (the Acrobot and Pendulum presets use 8). */
const DEMONSTRATION_EPISODES = 8;
/** Evaluations per run the evaluation period aims at (the curve's points). */
const CURVE_POINTS = 25;

const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);

export function feedbackMixConfig(ctx: Pick<ExperimentContext, 'quick' | 'values' | 'seeds'>): FeedbackMixConfig {
  const given = (ctx.values.envs as string | undefined) ?? (ctx.values.env as string | undefined);
  const envIds = list(given) ?? DEFAULT_ENVS;
  for (const e of envIds) {
    try { envSpec(e); } catch { throw new ConfigError(ctx.values.envs !== undefined ? '--envs' : '--env', e, 'is not a registered env id'); }
  }
  // the issue's 3 seeds unless --seeds is given
  const seeds = ctx.values.seeds === undefined ? [0, 1, 2] : ctx.seeds;
  const perEnv: FeedbackMixConfig['loop'] = {};
  const labels: Record<string, number> = {};
  const steps: Record<string, number> = {};
  const demonstrations: FeedbackMixConfig['demonstrations'] = {};
  const preExploreSteps: Record<string, number> = {};
  const warmStartLabels: Record<string, number> = {};
  const preExploreShare = 0.25;
  for (const e of envIds) {
    const grid = envSpec(e).family === 'gridworld';
    const shared = { ...(grid ? GRIDWORLD_LOOP : {}), ...(ctx.quick ? { evalEpisodes: 2, initialEpisodes: 4 } : {}) };
    const base = resolveConfig({ ...shared, envId: e });
    const batch = base.ppo.numEnvs * base.ppo.numSteps;
    labels[e] = (ctx.values.labels as number | undefined) ?? (ctx.quick ? 20 : base.labels);
    // quick: 4 agent iterations at least, so pre-exploration (a whole iteration) leaves some for the learned reward
    steps[e] = (ctx.values.steps as number | undefined) ?? (ctx.quick ? Math.max(grid ? 2048 : 8192, 4 * batch) : base.agentSteps);
    // an evaluation every few iterations gives the curve its points (measures only; the agent's training is unchanged)
    const iterations = Math.ceil(steps[e] / batch);
    perEnv[e] = { ...shared, evalEvery: Math.max(1, Math.floor(iterations / CURVE_POINTS)) };
    warmStartLabels[e] = Math.round(labels[e] * base.initialShare);
    const episode = base.ppo.numEnvs * (envSpec(e).maxEpisodeSteps ?? 0);
    preExploreSteps[e] = Math.min(Math.floor(steps[e] / 2), Math.max(Math.round(preExploreShare * steps[e]), episode));
    const policy = demonstratorFor(e);
    if (policy) demonstrations[e] = base.demonstrations ?? { policy, episodes: DEMONSTRATION_EPISODES };
  }
  return { envIds, mixes: parseMixes(ctx.values.mixes as string | undefined), seeds, labels, steps, loop: perEnv, demonstrations, preExploreShare, preExploreSteps, warmStartLabels, costs: HUMAN_COSTS };
}

export function resolvedMix(cfg: FeedbackMixConfig, envId: string, seed: number, mix: Mix): RewardModelingConfig {
  return resolveConfig({ ...cfg.loop[envId], envId, seed, labels: cfg.labels[envId], agentSteps: cfg.steps[envId], ...mixOverrides(cfg, envId, mix) });
}

export function ppoTrueReference(cfg: FeedbackMixConfig, envId: string, seeds: number[]): PpoTrueReference {
  const perSeed = seeds.map((seed) => {
    const c = resolvedMix(cfg, envId, seed, 'preferences');
    return ppoTrueReturn(envId, { seed, steps: c.agentSteps, episodes: c.evalEpisodes, ppo: c.ppo });
  });
  const m = median(perSeed);
  const bar = m >= 0 ? 0.9 * m : m / 0.9;
  const episodes = Math.max(4, resolvedMix(cfg, envId, seeds[0] ?? 0, 'preferences').evalEpisodes);
  const space = make(envId).actionSpace;
  const rng = new Rng(streamSeed(seeds[0] ?? 0, 'random-policy'));
  const random = evaluatePolicy(() => make(envId), () => space.sample(rng), episodes, 2_000_000).meanReturn;
  return { envId, perSeed, median: m, bar, random, informative: bar > random };
}

/** Counts the queries a source is asked (what a person spends time on), passing everything through. */
function countingSource(inner: FeedbackSource, asked: { preference: number }): FeedbackSource {
  return { name: inner.name, storesAnswers: inner.storesAnswers, immediate: inner.immediate, ask: (pair) => { asked.preference++; return inner.ask(pair); }, close: () => inner.close?.() };
}
/** What the kinded teacher was asked, per kind, and the steps its answers played (demonstrations cut as the loop cuts them). */
interface Asked { preference: number; rating: number; goal: number; correction: number; demo: number; demoSteps: number; correctionSteps: number }
function countingRater(inner: KindedFeedbackSource, asked: Asked, demoMaxSteps: number): KindedFeedbackSource {
  return {
    name: inner.name, kinds: inner.kinds, storesAnswers: inner.storesAnswers, close: () => inner.close?.(),
    ask: async (q) => {
      if (q.kind === 'rating') asked.rating++;
      else if (q.kind === 'goal') asked.goal++;
      else if (q.kind === 'intervention') asked.correction++;
      else if (q.kind === 'demonstration') asked.demo++;
      const a = await inner.ask(q);
      if (a.kind === 'demonstration') asked.demoSteps += a.trajectories.reduce((n, t) => n + Math.min(t.actions.length, demoMaxSteps), 0);
      if (a.kind === 'intervention') asked.correctionSteps += Math.max(0, a.corrected.actions.length - (a.takeover ?? 0));
      return a;
    },
  };
}

/** Simulated seconds for what was asked so far (see HUMAN_COSTS), plus `upFront` (the scripted demonstrations). */
export function secondsOf(asked: Asked, c: HumanCosts, upFront = 0): number {
  return upFront + asked.preference * c.preference + asked.rating * c.rating + asked.goal * c.goal +
    asked.correction * c.correction + asked.correctionSteps * c.correctionStep + asked.demo * c.demonstrationEpisode + asked.demoSteps * c.demonstrationStep;
}

/** One loop run of one mix: its own labels, its own curve and seconds. */
export async function runMix(cfg: FeedbackMixConfig, envId: string, mix: Mix, seed: number, bar: number, out: string): Promise<MixRun> {
  const dir = ensureDir(join(out, envId, mix, `seed-${seed}`));
  const config = resolvedMix(cfg, envId, seed, mix);
  writeJsonAtomic(join(dir, 'config.json'), config);
  // the loop's demonstrations, recorded again from the same seed stream only to count their steps
  const demos = config.demonstrations
    ? recordDemonstrations(hideReward(make(envId)) as RewardFreeEnv<Float32Array, Action>, config.demonstrations, { seed: streamSeed(config.seed, 'demonstrations'), envId })
    : [];
  const demonstrationSteps = demos.reduce((a, t) => a + t.actions.length, 0);
  const c = cfg.costs;
  const demoSeconds = demos.length * c.demonstrationEpisode + demonstrationSteps * c.demonstrationStep;
  const asked: Asked = { preference: 0, rating: 0, goal: 0, correction: 0, demo: 0, demoSteps: 0, correctionSteps: 0 };
  const rater = makeRater(config);
  const points: MixPoint[] = [];
  const result = await runLoopToEnd(config, dir, {
    feedback: countingSource(makeFeedbackSource(config.feedback, config.seed), asked), ...(rater ? { rater: countingRater(rater, asked, config.demoSteps ?? 4 * config.fragmentLength) } : {}),
    observers: [{
      onMetrics: (m) => void (m.alignment && points.push({
        labels: m.labels, trueReturn: m.alignment.trueReturn, preferencesAsked: asked.preference, ratingsAsked: asked.rating,
        goalsAsked: asked.goal, correctionsAsked: asked.correction, demosAsked: asked.demo, seconds: secondsOf(asked, c, demoSeconds),
      })),
    }],
  });
  const curve = points.map((p): [number, number] => [p.labels, p.trueReturn]);
  const at = points.find((p) => p.trueReturn >= bar);
  const run: MixRun = {
    envId, mix, seed, runDir: dir, labels: result.labels, points, curve, labelsTo90: labelsToBar(curve, bar), secondsTo90: at?.seconds ?? null,
    area: curveArea(curve, cfg.labels[envId]), finalReturn: result.trueReturn ?? NaN,
    demonstrationEpisodes: demos.length + asked.demo, demonstrationSteps: demonstrationSteps + asked.demoSteps, correctionSteps: asked.correctionSteps,
  };
  writeJsonAtomic(join(dir, 'mix.json'), { kind: 'rewardlab-feedback-mix-run', version: 1, ...run });
  return run;
}

/** baseline / mix of two censored means, with what kind of number that is (see Ratio). */
export function ratioOf(base: { mean: number; censored: boolean }, mix: { mean: number; censored: boolean }): Ratio {
  const value = Number.isFinite(base.mean) && Number.isFinite(mix.mean) && mix.mean > 0 ? base.mean / mix.mean : null;
  if (base.censored && mix.censored) return { value, kind: 'unknown' };
  return { value, kind: mix.censored ? 'at most' : base.censored ? 'at least' : 'exact' };
}

export function summariseMixes(runs: MixRun[], cfg: FeedbackMixConfig, envId: string): MixSummary[] {
  const budget = cfg.labels[envId];
  const of = (mix: Mix) => runs.filter((r) => r.envId === envId && r.mix === mix);
  const secondsAtEnd = (r: MixRun) => r.points[r.points.length - 1]?.seconds ?? NaN;
  const partial = mixesFor(cfg, envId).map((mix) => {
    const rs = of(mix);
    const reached = rs.filter((r) => r.labelsTo90 !== null).length;
    return {
      envId, mix, seeds: rs.length, reached,
      labelsTo90: tInterval(rs.map((r) => r.labelsTo90 ?? budget)), secondsTo90: tInterval(rs.map((r) => r.secondsTo90 ?? secondsAtEnd(r))),
      area: tInterval(rs.map((r) => r.area ?? NaN)), finalReturn: tInterval(rs.map((r) => r.finalReturn)),
    };
  });
  const base = partial.find((s) => s.mix === 'preferences');
  return partial.map((s) => {
    const censored = (x: typeof s) => x.reached < x.seeds;
    const ratio = (k: 'labelsTo90' | 'secondsTo90'): Ratio => (base ? ratioOf({ mean: base[k].mean, censored: censored(base) }, { mean: s[k].mean, censored: censored(s) }) : { value: null, kind: 'unknown' });
    return { ...s, labelsRatio: ratio('labelsTo90'), secondsRatio: ratio('secondsTo90') };
  });
}

/** The issue's goal per env: the best mix needs ≥ 3× fewer labels than preferences alone (an exact ratio or a lower bound ≥ 3). */
export function goalHolds(summary: MixSummary[], envId: string, informative = true): { holds: boolean; best: MixSummary | null } {
  if (!informative) return { holds: false, best: null };
  const mixes = summary.filter((s) => s.envId === envId && s.mix !== 'preferences');
  const known = mixes.filter((s) => s.labelsRatio.value !== null && (s.labelsRatio.kind === 'exact' || s.labelsRatio.kind === 'at least'));
  const best = [...known].sort((a, b) => b.labelsRatio.value! - a.labelsRatio.value!)[0] ?? null;
  return { holds: best !== null && best.labelsRatio.value! >= 3, best };
}

const f = (v: number | null | undefined, d = 1) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));

export async function runFeedbackMix(ctx: ExperimentContext): Promise<ExperimentResult> {
  const cfg = feedbackMixConfig(ctx);
  const runs: MixRun[] = [];
  const references: PpoTrueReference[] = [];
  const skipped = skippedMixes(cfg);
  for (const s of skipped) ctx.log(`${s.envId}: ${s.mix} skipped (${s.reason})`);
  for (const envId of cfg.envIds) {
    const ref = ppoTrueReference(cfg, envId, cfg.seeds);
    references.push(ref);
    ctx.log(`${envId}: PPO on the true reward ${ref.perSeed.map((r) => f(r)).join(' / ')}, 90% bar ${f(ref.bar)}, random policy ${f(ref.random)}${ref.informative ? '' : ' — the bar is not above random: labels to 90% say nothing here'}`);
    for (const seed of cfg.seeds) {
      for (const mix of mixesFor(cfg, envId)) {
        const r = await runMix(cfg, envId, mix, seed, ref.bar, ctx.out);
        ctx.log(`  ${mix} seed ${seed}: ${r.labels} labels, final ${f(r.finalReturn)}, labels to 90% ${r.labelsTo90 ?? 'not reached'}, seconds to 90% ${f(r.secondsTo90, 0)}, area ${f(r.area)}`);
        runs.push(r);
      }
    }
  }
  const summary = cfg.envIds.flatMap((e) => summariseMixes(runs, cfg, e));
  const goal = cfg.envIds.map((e) => ({ envId: e, ...goalHolds(summary, e, references.find((r) => r.envId === e)!.informative) }));
  const n = cfg.seeds.length;
  const held = goal.filter((g) => g.holds).length;
  const headline = `feedback-mix (${n} seed${n > 1 ? 's' : ''}; labels to 90% of PPO-true, ratio = preferences alone / mix): ` +
    cfg.envIds.map((e) => `${e}${references.find((r) => r.envId === e)!.informative ? '' : ' (bar not above random)'} ` + summary.filter((s) => s.envId === e).map((s) => `${s.mix} ${s.reached}/${s.seeds} (labels ${s.reached < s.seeds ? '≥' : ''}${f(s.labelsTo90.mean, 0)}${s.mix === 'preferences' ? '' : `, ×${f(s.labelsRatio.value, 2)} ${s.labelsRatio.kind}`})`).join(', ')).join('; ') +
    `. Goal (best mix ≥ 3× fewer labels on ≥ 4 of 6 envs): ${held} of ${cfg.envIds.length} envs run.`;
  const data = { config: cfg, seeds: cfg.seeds, quick: ctx.quick, references, skipped, summary, goal: goal.map((g) => ({ envId: g.envId, holds: g.holds, best: g.best?.mix ?? null, ratio: g.best?.labelsRatio ?? null })), perRun: runs };
  const report = { cfg, summary, references, skipped, runs, headline, quick: ctx.quick };
  writeFileSync(join(ctx.out, 'results.md'), feedbackMixMarkdown(report));
  for (const e of cfg.envIds) writeFileSync(join(ctx.out, `return-vs-labels-${e}.svg`), feedbackMixSvg(runs, e, references.find((r) => r.envId === e)!, ctx.quick));
  return finishExperiment(ctx, 'feedback-mix', { html: feedbackMixReport(report), headline, data });
}

export const feedbackMix: Experiment = {
  name: 'feedback-mix',
  summary: 'how much feedback does intent cost: labels and simulated human seconds to 90% of PPO-true per feedback mix (preferences, + demonstrations, + ratings, + pre-exploration, + goals, + corrections, + demonstrations asked; --mixes picks), seeds with t-intervals',
  run: (ctx) => runFeedbackMix(ctx),
};
