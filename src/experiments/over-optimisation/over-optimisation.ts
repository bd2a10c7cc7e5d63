/**
 * `rewardlab experiment over-optimisation` — adversarial training (Leike et al. 2018 §5.8; issue
 * 16 item 4), measured by exact over-optimisation curves (Gao et al. 2022). Per gridworld × seed,
 * two ordinary loop runs at equal labels and steps, the same seed and the same initial reward
 * model: the BASELINE asks the disagreement selector's pairs; the RED-TEAM arm asks, in every
 * round after the warm start, ⌈share·count⌉ pairs of red-team segments first (exact soft planning
 * for learned mean + β·ensemble spread on the known transition model) and the rest from the
 * disagreement selector. Then, for each arm's final reward model, the exact curves of true
 * (hidden) return as pressure on the learned reward grows — KL-regularised planning and
 * best-of-n from the uniform policy — with Gao's forms fitted, and where true return turns over.
 * The loop is tapped through roles (reward model, query selector) and observer hooks only.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import '../../envs/index.js';
import { make } from '../../envs/registry.js';
import { enumerateStates, type TabularMdp } from '../../analysis/exact/enumerate.js';
import { logTaus } from '../../analysis/exact/over-optimisation.js';
import { exactRedTeam, transitionPredictions } from '../../analysis/exact/red-team-planner.js';
import { median } from '../../analysis/stats.js';
import { ConfigError } from '../../core/errors.js';
import { streamRng } from '../../core/seed-streams.js';
import { GRIDWORLD_LOOP } from '../../app/presets/gridworld-presets.js';
import { makeFeedbackSource, resolveConfig } from '../../app/train-run.js';
import { runLoopToEnd } from '../kit/loop-to-end.js';
import { makeQuerySelector, uniformSelector, type QuerySelector } from '../../preferences/query-selector.js';
import { isRedTeamPair, redTeamSelector } from '../../preferences/red-team-selector.js';
import { RewardModel } from '../../rewards/reward-model.js';
import { ensureDir, writeJsonAtomic } from '../../runs/run-dir.js';
import { finishExperiment, type Experiment, type ExperimentContext, type ExperimentResult } from '../kit/experiment.js';
import { PERFORMANCE_TEACHER } from '../kit/gridworld-agents.js';
import { overOptimisationCurves } from './curves.js';
import { overOptimisationMarkdown, overOptimisationReport, overOptimisationSvgs } from './report.js';
import { ARMS, type Arm, type ArmRun, type ArmSummary, type OverOptCase, type OverOptConfig } from './types.js';

export type { Arm, ArmRun, ArmSummary, OverOptCase, OverOptConfig } from './types.js';

/**
 * Gridworlds whose exact model enumerates (the fixed-horizon variants do not: their absorbing
 * steps carry no evaluation signal, so enumerateStates cannot read the hidden reward there).
 */
export const OVER_OPT_CASES: OverOptCase[] = [
  { name: 'island', envId: 'IslandNavigation-v0', note: 'water (hidden −50) and the goal end the episode' },
  { name: 'boat-race', envId: 'BoatRace-v0', note: 'hidden performance rewards clockwise laps, the visible reward also back-and-forth over an arrow' },
  { name: 'rocks-diamonds', envId: 'RocksDiamondsLevel1-v0', note: 'the switch tampers with the visible reward; hidden performance counts only the diamonds' },
];

/** Loop settings of both arms: the gridworld preset with half the labels asked after the warm start (where the red team acts). */
const LOOP = { ...GRIDWORLD_LOOP, initialShare: 0.5, uncertaintyPenalty: 0 };
const QUICK_LOOP = { ...LOOP, initialEpisodes: 4, evalEvery: 2, evalEpisodes: 1, rewardTrainer: { maxStepsPerRound: 60, epochs: 30 } };

function selectCases(ctx: Pick<ExperimentContext, 'values'>): OverOptCase[] {
  const name = ctx.values.case as string | undefined;
  const envs = ((ctx.values.envs as string | undefined) ?? (ctx.values.env as string | undefined))?.split(',').map((s) => s.trim()).filter(Boolean);
  let cases = OVER_OPT_CASES;
  if (name !== undefined) {
    cases = cases.filter((c) => c.name === name);
    if (!cases.length) throw new ConfigError('--case', name, `is not a case of over-optimisation; use one of ${OVER_OPT_CASES.map((c) => c.name).join(', ')}`);
  }
  if (envs?.length) {
    const unknown = envs.filter((e) => !OVER_OPT_CASES.some((c) => c.envId === e));
    if (unknown.length) throw new ConfigError('--envs', unknown.join(','), `must name enumerable gridworlds of this experiment: ${OVER_OPT_CASES.map((c) => c.envId).join(', ')}`);
    cases = cases.filter((c) => envs.includes(c.envId));
  }
  return cases;
}

function selectArms(ctx: Pick<ExperimentContext, 'values'>): Arm[] {
  const spec = ctx.values.strategies as string | undefined;
  if (spec === undefined) return ARMS;
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !ARMS.includes(n as Arm));
  if (bad.length || !names.length) throw new ConfigError('--strategies', spec, `must list arms of over-optimisation: ${ARMS.join(', ')}`);
  return ARMS.filter((a) => names.includes(a));
}

/** The red team's search settings per arm (the control arm searches nothing: nearly uniform segments). */
const CONTROL_SEARCH = { beta: 0, tau: 100 };

export function overOptimisationConfig(ctx: Pick<ExperimentContext, 'quick' | 'values'>): OverOptConfig {
  const q = ctx.quick;
  return {
    cases: selectCases(ctx),
    arms: selectArms(ctx),
    labels: (ctx.values.labels as number | undefined) ?? (q ? 24 : 80),
    steps: (ctx.values.steps as number | undefined) ?? (q ? 1024 : 15_000),
    loop: q ? QUICK_LOOP : LOOP,
    redTeam: { beta: 1, tau: 0.1, share: 0.5 },
    taus: logTaus(100, 0.01, q ? 13 : 25),
    bestOfN: { episodes: q ? 1000 : 4000, ns: q ? [1, 2, 4, 8, 16, 32, 64, 128] : [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] },
  };
}

/** One loop run of one arm; returns its final reward model's curves and what the run used. */
async function runArm(cfg: OverOptConfig, c: OverOptCase, arm: Arm, seed: number, mdp: TabularMdp, ctx: ExperimentContext): Promise<ArmRun> {
  const dir = ensureDir(join(ctx.out, c.name, arm, `seed-${seed}`));
  const config = resolveConfig({ ...cfg.loop, envId: c.envId, seed, labels: cfg.labels, agentSteps: cfg.steps, feedback: PERFORMANCE_TEACHER });
  writeJsonAtomic(join(dir, 'config.json'), config);
  // the loop's own default model, built here so the red team can read it (same stream, so both arms start equal)
  const model = new RewardModel(mdp.observations[0].length, { kind: 'discrete', n: mdp.numActions }, config.rewardModel, streamRng(config.seed, 'reward-model'));
  let redTeamQueries = 0;
  const ordinary = makeQuerySelector(config.selector);
  const search = arm === 'control' ? CONTROL_SEARCH : cfg.redTeam;
  const red = redTeamSelector({ proposer: exactRedTeam({ envId: c.envId, mdp, model, fragmentLength: config.fragmentLength, beta: search.beta, tau: search.tau }), inner: ordinary, share: cfg.redTeam.share });
  const counted: QuerySelector = { name: red.name, select: (...a) => { const out = red.select(...a); redTeamQueries += out.filter(isRedTeamPair).length; return out; } };
  const querySelector = (name: string) => (name === 'uniform' ? uniformSelector : arm === 'baseline' ? ordinary : counted);
  let agentPerformance: number | null = null;
  const result = await runLoopToEnd(config, dir, {
    feedback: makeFeedbackSource(config.feedback, config.seed), rewardModel: model, querySelector,
    observers: [{ onMetrics: (m) => void (m.alignment && (agentPerformance = m.alignment.performance)) }],
  });
  writeJsonAtomic(join(dir, 'arm.json'), { kind: 'rewardlab-over-optimisation-arm', version: 1, arm, redTeam: arm === 'baseline' ? null : { ...cfg.redTeam, ...search }, redTeamQueries });
  const curves = overOptimisationCurves(mdp, transitionPredictions(mdp, model).mean, cfg, streamRng(seed, `over-optimisation/best-of-n/${c.name}`));
  const run: ArmRun = { case: c.name, envId: c.envId, arm, seed, runDir: dir, labels: result.labels, redTeamQueries, heldOutAccuracy: result.heldOutAccuracy, agentPerformance, curves };
  ctx.log(`${c.name} ${arm} seed ${seed}: ${run.labels} labels (${redTeamQueries} red-team), KL curve peak true ${f(curves.klTurnover.peakTrue)} at d ${f(curves.klTurnover.d, 2)}, at max pressure ${f(curves.klTurnover.finalTrue)}; best-of-n peak at n ${curves.bestOfNTurnover.pressure}`);
  return run;
}

const f = (v: number | null | undefined, d = 1) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));

function med(runs: ArmRun[], get: (r: ArmRun) => number | null | undefined): number | null {
  const xs = runs.map(get).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return xs.length ? median(xs) : null;
}

export function summariseArm(runs: ArmRun[], caseName: string, arm: Arm): ArmSummary {
  const rs = runs.filter((r) => r.case === caseName && r.arm === arm);
  return {
    case: caseName, envId: rs[0]?.envId ?? '', arm, seeds: rs.length,
    klTurnsOver: rs.filter((r) => r.curves.klTurnover.turnsOver).length,
    klPeakD: med(rs, (r) => r.curves.klTurnover.d), klPeakTrue: med(rs, (r) => r.curves.klTurnover.peakTrue), klFinalTrue: med(rs, (r) => r.curves.klTurnover.finalTrue),
    learnedOptimumTrue: med(rs, (r) => r.curves.learnedOptimumTrue),
    klFitTurnoverD: med(rs, (r) => r.curves.klFit?.turnoverD), klFitNoTurnover: rs.filter((r) => r.curves.klFit?.turnoverD == null).length,
    bestOfNTurnsOver: rs.filter((r) => r.curves.bestOfNTurnover.turnsOver).length,
    bestOfNPeakN: med(rs, (r) => r.curves.bestOfNTurnover.pressure), bestOfNFinalTrue: med(rs, (r) => r.curves.bestOfNTurnover.finalTrue),
    bestOfNFitTurnoverD: med(rs, (r) => r.curves.bestOfNFit?.turnoverD),
    redTeamQueries: med(rs, (r) => r.redTeamQueries), heldOutAccuracy: med(rs, (r) => r.heldOutAccuracy), agentPerformance: med(rs, (r) => r.agentPerformance),
  };
}

export async function runOverOptimisation(ctx: ExperimentContext): Promise<ExperimentResult> {
  const cfg = overOptimisationConfig(ctx);
  const runs: ArmRun[] = [];
  for (const c of cfg.cases) {
    const mdp = enumerateStates(() => make(c.envId));
    for (const seed of ctx.seeds) for (const arm of cfg.arms) runs.push(await runArm(cfg, c, arm, seed, mdp, ctx));
  }
  const summary = cfg.cases.flatMap((c) => cfg.arms.map((arm) => summariseArm(runs, c.name, arm)));
  const n = ctx.seeds.length;
  const headline =
    `over-optimisation (${cfg.labels} labels, ${cfg.steps} steps, ${n} seed${n > 1 ? 's' : ''}, median; true return at the highest KL-planning pressure, and the d = √KL of its peak): ` +
    cfg.cases.map((c) => `${c.name} ` + summary.filter((s) => s.case === c.name).map((s) => `${s.arm} ${f(s.klFinalTrue)} (peak ${f(s.klPeakTrue)} at d ${f(s.klPeakD, 2)}, turns over ${s.klTurnsOver}/${n})`).join(' vs ')).join('; ');
  const data = { config: cfg, seeds: ctx.seeds, quick: ctx.quick, summary, perRun: runs };
  writeFileSync(join(ctx.out, 'results.md'), overOptimisationMarkdown({ cfg, summary, headline, quick: ctx.quick }));
  for (const [name, svg] of Object.entries(overOptimisationSvgs(runs, cfg.cases.map((c) => c.name), ctx.quick))) writeFileSync(join(ctx.out, `curves-${name}.svg`), svg);
  return finishExperiment(ctx, 'over-optimisation', { html: overOptimisationReport({ cfg, summary, runs, headline, quick: ctx.quick }), headline, data });
}

export const overOptimisation: Experiment = {
  name: 'over-optimisation',
  summary: 'adversarial training (Leike et al. 2018 §5.8): exact over-optimisation curves (best-of-n, KL planning; Gao et al. 2022 forms) of reward models learned with and without red-team queries, at equal labels',
  run: (ctx) => runOverOptimisation(ctx),
};
