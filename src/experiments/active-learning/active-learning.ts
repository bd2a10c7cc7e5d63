/**
 * `rewardlab experiment active-learning` — active query selection measured properly (issue 16
 * item 3; Christiano et al. 2017, B-Pref found the gains small and task-dependent). Per env ×
 * seed: PPO on the true reward (the reference; its 90% is the bar), then one ordinary loop run
 * per query strategy with the same seed, labels and steps: uniform, ensemble disagreement,
 * entropy of the mean prediction, and — on enumerable gridworlds only — the red team's queries
 * (src/preferences/red-team-selector.ts, exact soft planning for learned mean + β·spread; the rest
 * of each round from disagreement). The loop's first round is uniform for every strategy (the
 * loop asks uniformly while its dataset is empty). Measured per run from its own evaluations:
 * labels folded when the greedy true return first reaches 90% of PPO-true, and the mean return
 * over the labels (area under the return-vs-labels curve / label range); over seeds, Student-t
 * 95% intervals. The loop is tapped only through roles (query selector, reward model) and the
 * `onMetrics` observer hook.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import '../../envs/index.js';
import { envSpec, make } from '../../envs/registry.js';
import { enumerateStates } from '../../analysis/exact/enumerate.js';
import { exactRedTeam } from '../../analysis/exact/red-team-planner.js';
import { median } from '../../analysis/stats.js';
import { ConfigError } from '../../core/errors.js';
import { streamRng } from '../../core/seed-streams.js';
import { GRIDWORLD_LOOP } from '../../app/presets/gridworld-presets.js';
import { makeFeedbackSource, resolveConfig } from '../../app/train-run.js';
import { ppoTrueReturn } from '../../app/ppo-true.js';
import { RM_DEFAULTS, type RewardModelingConfig } from '../../loop/config.js';
import { runLoopToEnd } from '../kit/loop-to-end.js';
import { makeQuerySelector, uniformSelector, type QuerySelector } from '../../preferences/query-selector.js';
import { isRedTeamPair, redTeamSelector } from '../../preferences/red-team-selector.js';
import { RewardModel } from '../../rewards/reward-model.js';
import { ensureDir, writeJsonAtomic } from '../../runs/run-dir.js';
import { finishExperiment, type Experiment, type ExperimentContext, type ExperimentResult } from '../kit/experiment.js';
import { curveArea, labelsToBar, tInterval } from '../kit/curve-measures.js';
import { activeLearningMarkdown, activeLearningReport, activeLearningSvg } from './report.js';
import { STRATEGIES, type ActiveLearningConfig, type CurvePoint, type PpoTrueReference, type Strategy, type StrategyRun, type StrategySummary } from './types.js';

export type { ActiveLearningConfig, StrategyRun, StrategySummary, PpoTrueReference, Strategy } from './types.js';

/** The setting: two classic-control envs and three enumerable gridworlds. */
export const DEFAULT_ENVS = ['FixedHorizonCartPole-v0', 'FixedHorizonAcrobot-v1', 'IslandNavigation-v0', 'BoatRace-v0', 'RocksDiamondsLevel1-v0'];
/** Where the exact red team can plan (the transition model enumerates). */
export const RED_TEAM_ENVS = new Set(['IslandNavigation-v0', 'BoatRace-v0', 'RocksDiamondsLevel1-v0']);
const RED_TEAM = { beta: 1, tau: 0.1, share: 0.5 };

const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);

export function activeLearningConfig(ctx: Pick<ExperimentContext, 'quick' | 'values' | 'seeds'>): ActiveLearningConfig {
  const envIds = list((ctx.values.envs as string | undefined) ?? (ctx.values.env as string | undefined)) ?? DEFAULT_ENVS;
  for (const e of envIds) {
    try { envSpec(e); } catch { throw new ConfigError('--envs', e, 'is not a registered env id'); }
  }
  const spec = ctx.values.strategies as string | undefined;
  const names = list(spec) ?? [...STRATEGIES];
  const bad = names.filter((n) => !STRATEGIES.includes(n as Strategy));
  if (bad.length || !names.length) throw new ConfigError('--strategies', spec, `must list strategies of active-learning: ${STRATEGIES.join(', ')}`);
  const strategies = STRATEGIES.filter((s) => names.includes(s));
  // the 5 seeds unless --seeds is given
  const seeds = ctx.values.seeds === undefined ? [0, 1, 2, 3, 4] : ctx.seeds;
  const perEnv: ActiveLearningConfig['loop'] = {};
  const labels: Record<string, number> = {};
  const steps: Record<string, number> = {};
  for (const e of envIds) {
    const grid = envSpec(e).family === 'gridworld';
    // an evaluation after every query round gives the curve its points (measures only; the agent's training is unchanged)
    perEnv[e] = { ...(grid ? GRIDWORLD_LOOP : {}), evalEvery: grid ? 2 : 1, ...(ctx.quick ? { evalEpisodes: 1, initialEpisodes: 4 } : {}) };
    const base = resolveConfig({ ...perEnv[e], envId: e });
    labels[e] = (ctx.values.labels as number | undefined) ?? (ctx.quick ? 20 : base.labels);
    steps[e] = (ctx.values.steps as number | undefined) ?? (ctx.quick ? (grid ? 2048 : 8192) : base.agentSteps);
  }
  return { envIds, strategies, seeds, labels, steps, loop: perEnv, confidence: 0.95 };
}

/** The strategies that apply to an env (the red team only where it can plan). */
export const strategiesFor = (cfg: ActiveLearningConfig, envId: string) => cfg.strategies.filter((s) => s !== 'red-team' || RED_TEAM_ENVS.has(envId));

function resolved(cfg: ActiveLearningConfig, envId: string, seed: number, strategy: Strategy): RewardModelingConfig {
  const selector = strategy === 'red-team' ? 'disagreement' : strategy;
  // Every strategy draws from the same number of candidates (the loop's default 10×), whatever the
  // env's preset says (FixedHorizonAcrobot's uniform preset draws 1×).
  return resolveConfig({ candidateFactor: RM_DEFAULTS.candidateFactor, ...cfg.loop[envId], envId, seed, labels: cfg.labels[envId], agentSteps: cfg.steps[envId], selector });
}

export function ppoTrueReference(cfg: ActiveLearningConfig, envId: string, seeds: number[]): PpoTrueReference {
  const perSeed = seeds.map((seed) => {
    const c = resolved(cfg, envId, seed, 'uniform');
    return ppoTrueReturn(envId, { seed, steps: c.agentSteps, episodes: c.evalEpisodes, ppo: c.ppo });
  });
  const m = median(perSeed);
  return { envId, perSeed, median: m, bar: m >= 0 ? 0.9 * m : m / 0.9 };
}

/** One loop run of one strategy: its own labels, its own curve. */
export async function runStrategy(cfg: ActiveLearningConfig, envId: string, strategy: Strategy, seed: number, bar: number, out: string): Promise<StrategyRun> {
  const dir = ensureDir(join(out, envId, strategy, `seed-${seed}`));
  const config = resolved(cfg, envId, seed, strategy);
  writeJsonAtomic(join(dir, 'config.json'), config);
  let model: RewardModel | undefined;
  let chosen: QuerySelector = makeQuerySelector(config.selector);
  if (strategy === 'red-team') {
    const mdp = enumerateStates(() => make(envId));
    // the loop's own default model, built here so the red team can read it (same stream as the loop's default)
    model = new RewardModel(mdp.observations[0].length, { kind: 'discrete', n: mdp.numActions }, config.rewardModel, streamRng(config.seed, 'reward-model'));
    chosen = redTeamSelector({ proposer: exactRedTeam({ envId, mdp, model, fragmentLength: config.fragmentLength, ...RED_TEAM }), inner: chosen, share: RED_TEAM.share });
  }
  const asked: string[] = [];
  const recording = (s: QuerySelector): QuerySelector => ({ name: s.name, select: (...a) => { const picked = s.select(...a); asked.push(...picked.map((p) => p.id)); return picked; } });
  const curve: CurvePoint[] = [];
  const result = await runLoopToEnd(config, dir, {
    feedback: makeFeedbackSource(config.feedback, config.seed), ...(model ? { rewardModel: model } : {}),
    querySelector: (name) => recording(name === 'uniform' ? uniformSelector : chosen),
    observers: [{ onMetrics: (m) => void (m.alignment && curve.push([m.labels, m.alignment.trueReturn])) }],
  });
  const run: StrategyRun = {
    envId, strategy, seed, runDir: dir, labels: result.labels, curve, labelsTo90: labelsToBar(curve, bar), area: curveArea(curve, cfg.labels[envId]),
    finalReturn: result.trueReturn ?? NaN, asked, redTeamQueries: asked.filter((id) => isRedTeamPair({ id })).length,
  };
  writeJsonAtomic(join(dir, 'strategy.json'), { kind: 'rewardlab-active-learning-run', version: 1, ...run });
  return run;
}

export function summariseStrategy(runs: StrategyRun[], envId: string, strategy: Strategy, budget: number): StrategySummary {
  const rs = runs.filter((r) => r.envId === envId && r.strategy === strategy);
  return {
    envId, strategy, seeds: rs.length, reached: rs.filter((r) => r.labelsTo90 !== null).length,
    labelsTo90: tInterval(rs.map((r) => r.labelsTo90 ?? budget)), area: tInterval(rs.map((r) => r.area ?? NaN)), finalReturn: tInterval(rs.map((r) => r.finalReturn)), labelsUsed: tInterval(rs.map((r) => r.labels)),
  };
}

const f = (v: number | null | undefined, d = 1) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));

export async function runActiveLearning(ctx: ExperimentContext): Promise<ExperimentResult> {
  const cfg = activeLearningConfig(ctx);
  const runs: StrategyRun[] = [];
  const references: PpoTrueReference[] = [];
  for (const envId of cfg.envIds) {
    const ref = ppoTrueReference(cfg, envId, cfg.seeds);
    references.push(ref);
    ctx.log(`${envId}: PPO on the true reward ${ref.perSeed.map((r) => f(r)).join(' / ')}, 90% bar ${f(ref.bar)}`);
    for (const seed of cfg.seeds) {
      for (const strategy of strategiesFor(cfg, envId)) {
        const r = await runStrategy(cfg, envId, strategy, seed, ref.bar, ctx.out);
        ctx.log(`  ${strategy} seed ${seed}: ${r.labels} labels, final ${f(r.finalReturn)}, labels to 90% ${r.labelsTo90 ?? 'not reached'}, mean return over labels ${f(r.area)}`);
        runs.push(r);
      }
    }
  }
  const summary = cfg.envIds.flatMap((e) => strategiesFor(cfg, e).map((s) => summariseStrategy(runs, e, s, cfg.labels[e])));
  const n = cfg.seeds.length;
  const headline = `active-learning (${n} seed${n > 1 ? 's' : ''}, mean ± 95% t-interval): ` + cfg.envIds.map((e) => `${e} ` + summary.filter((s) => s.envId === e).map((s) => `${s.strategy} ${s.reached}/${s.seeds} reach 90% (labels ${s.reached < s.seeds ? '≥' : ''}${f(s.labelsTo90.mean, 0)}), area ${f(s.area.mean)}`).join(', ')).join('; ');
  const data = { config: cfg, seeds: cfg.seeds, quick: ctx.quick, references, summary, perRun: runs.map(({ asked, ...r }) => ({ ...r, askedCount: asked.length })) };
  writeFileSync(join(ctx.out, 'results.md'), activeLearningMarkdown({ cfg, summary, references, headline, quick: ctx.quick }));
  for (const e of cfg.envIds) writeFileSync(join(ctx.out, `return-vs-labels-${e}.svg`), activeLearningSvg(runs, e, references.find((r) => r.envId === e)!, ctx.quick));
  return finishExperiment(ctx, 'active-learning', { html: activeLearningReport({ cfg, summary, references, runs, headline, quick: ctx.quick }), headline, data });
}

export const activeLearning: Experiment = {
  name: 'active-learning',
  summary: 'query selection compared (uniform, disagreement, entropy, red team on gridworlds): labels to 90% of PPO-true and area under return-vs-labels, seeds with t-intervals',
  run: (ctx) => runActiveLearning(ctx),
};
