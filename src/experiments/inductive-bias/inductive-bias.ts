/**
 * `rewardlab experiment inductive-bias` — the reward model's inductive biases compared (Leike et
 * al. 2018 §5.10; issue 16 item 7). Each variant changes one thing of the pinned base settings:
 * bounded (tanh) outputs, standardised instead of tanh-squashed inputs, no next-observation
 * features, the action as an input, one ensemble member instead of three. Per variant × env ×
 * seed one ordinary loop run (startRun, observer hooks only), then: held-out accuracy (k/n, exact
 * 95% interval), on gridworlds exact EPIC(learned mean, hidden performance), and the last
 * evaluation's hidden performance and visible return. The table shows medians over seeds.
 */
import { join } from 'node:path';
import { make } from '../../envs/registry.js';
import { startRun } from '../../app/train-run.js';
import type { RewardModelingOverrides } from '../../loop/config.js';
import { enumerateStates, type TabularMdp } from '../../analysis/exact/enumerate.js';
import { envReward, epicDistance, learnedReward } from '../../analysis/exact/epic.js';
import { isGridworld } from '../../analysis/reward-map.js';
import { median } from '../../analysis/stats.js';
import { ConfigError } from '../../core/errors.js';
import { ensureDir } from '../../runs/run-dir.js';
import { formatAccuracy } from '../../report/accuracy-format.js';
import { finishExperiment, type Experiment, type ExperimentContext, type ExperimentResult } from '../kit/experiment.js';
import { loadRewardModel } from '../kit/frozen-model.js';
import { inductiveBiasReport } from './report.js';
import type { InductiveBiasConfig, InductiveBiasVariant, VariantRun, VariantSummary } from './types.js';

export type { InductiveBiasConfig, InductiveBiasVariant, VariantRun, VariantSummary } from './types.js';

/**
 * The base reward model, pinned in full (not left to env presets): tanh inputs, (s, s′) features
 * without the action, three members, unbounded output — the gridworld settings of
 * src/app/presets/gridworld-presets.ts, which frozen-hacking measured.
 */
const BASE_MODEL = { inputTransform: 'tanh', useAction: false, useNextObs: true, members: 3, bounded: false } as const;

/** Gridworld loop settings (as frozen-hacking's LOOP); other envs keep their presets but the base model. */
const GRID_LOOP: RewardModelingOverrides = {
  feedback: 'synthetic:metric=performance', evalEvery: 10, evalEpisodes: 2, fragmentLength: 10, initialShare: 0.75, initialEpisodes: 20, poolSize: 1000, uncertaintyPenalty: 0,
  rewardTrainer: { maxStepsPerRound: 200, epochs: 100 }, ppo: { entCoef: 0.01, learningRate: 1e-3 },
};

/** The variants of §5.10, each one change on the base; baseline first. */
export const VARIANTS: InductiveBiasVariant[] = [
  { name: 'baseline', description: 'tanh inputs, (s, s′) features, no action, 3 members, unbounded output', delta: {} },
  { name: 'bounded-output', description: 'each member’s raw output through tanh (rewardModel.bounded)', delta: { rewardModel: { bounded: true } } },
  { name: 'standardized-inputs', description: 'running mean/std inputs clipped at ±10 instead of tanh (inputTransform standardize)', delta: { rewardModel: { inputTransform: 'standardize' } } },
  { name: 'no-next-obs', description: 'features of s only, no s′ (useNextObs false)', delta: { rewardModel: { useNextObs: false } } },
  { name: 'with-action', description: 'the action as an input too: (s, a, s′) (useAction true)', delta: { rewardModel: { useAction: true } } },
  { name: 'ensemble-1', description: 'one member instead of three (no spread)', delta: { rewardModel: { members: 1 } } },
];

const DEFAULT_ENVS = ['BoatRace-v0', 'FixedHorizonCartPole-v0'];

export function inductiveBiasConfig(ctx: Pick<ExperimentContext, 'quick' | 'values'>, variants: InductiveBiasVariant[] = VARIANTS): InductiveBiasConfig {
  const q = ctx.quick;
  const envIds = ((ctx.values.env as string | undefined) ?? DEFAULT_ENVS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  if (!envIds.length) throw new ConfigError('--env', ctx.values.env, 'names no env; give one id or a comma list');
  const flagSteps = ctx.values.steps as number | undefined;
  const steps = Object.fromEntries(envIds.map((id) => [id, flagSteps ?? (q ? 1024 : isGridworld(id) ? 30_000 : 60_000)]));
  return { envIds, labels: (ctx.values.labels as number | undefined) ?? (q ? 12 : 100), steps, variants };
}

/** The loop options of one variant on one env: base ← env loop settings ← the variant's delta. */
function variantOptions(v: InductiveBiasVariant, envId: string, grid: boolean, quick: boolean): RewardModelingOverrides & { envId: string } {
  const loop: RewardModelingOverrides = grid ? (quick ? { ...GRID_LOOP, evalEvery: 2, evalEpisodes: 1, initialEpisodes: 2, rewardTrainer: { maxStepsPerRound: 30, epochs: 20 } } : GRID_LOOP) : quick ? { evalEvery: 2, evalEpisodes: 1, initialEpisodes: 2 } : {};
  return { ...loop, ...v.delta, envId, rewardModel: { ...BASE_MODEL, ...v.delta.rewardModel } };
}

async function runVariant(cfg: InductiveBiasConfig, v: InductiveBiasVariant, envId: string, seed: number, mdp: TabularMdp | null, ctx: ExperimentContext): Promise<VariantRun> {
  const out = join(ensureDir(join(ctx.out, envId, v.name)), `seed-${seed}`);
  let last: { performance: number; trueReturn: number } | null = null;
  const run = await startRun(
    { ...variantOptions(v, envId, mdp !== null, ctx.quick), seed, labels: cfg.labels, agentSteps: cfg.steps[envId] },
    { out, hooks: { onMetrics: (m) => void (m.alignment && (last = { performance: m.alignment.performance, trueReturn: m.alignment.trueReturn })) } },
  );
  const epic = mdp ? epicDistance(mdp, learnedReward(mdp, loadRewardModel(run.runDir)), envReward(mdp, 'hidden')) : null;
  const final = last as { performance: number; trueReturn: number } | null;
  const r: VariantRun = { variant: v.name, envId, seed, runDir: run.runDir, labels: run.labels, heldOut: run.heldOutCounts, heldOutAccuracy: run.heldOutAccuracy, epic, finalPerformance: final?.performance ?? null, finalTrueReturn: final?.trueReturn ?? null };
  ctx.log(`${envId} ${v.name} seed ${seed}: held-out ${r.heldOut ? formatAccuracy(r.heldOut.correct, r.heldOut.scored) : 'n/a'}, EPIC ${fmt(epic, 3)}, performance ${fmt(r.finalPerformance)}`);
  return r;
}

const fmt = (v: number | null | undefined, d = 1) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));

function medianOf(runs: VariantRun[], f: (r: VariantRun) => number | null): number | null {
  const xs = runs.map(f).filter((x): x is number => x !== null && Number.isFinite(x));
  return xs.length ? median(xs) : null;
}

export function summarise(runs: VariantRun[], variant: string, envId: string): VariantSummary {
  const rs = runs.filter((r) => r.variant === variant && r.envId === envId);
  const heldOutPooled = rs.reduce((a, r) => ({ correct: a.correct + (r.heldOut?.correct ?? 0), scored: a.scored + (r.heldOut?.scored ?? 0) }), { correct: 0, scored: 0 });
  return { variant, envId, seeds: rs.length, heldOutAccuracy: medianOf(rs, (r) => r.heldOutAccuracy), heldOutPooled, epic: medianOf(rs, (r) => r.epic), finalPerformance: medianOf(rs, (r) => r.finalPerformance), finalTrueReturn: medianOf(rs, (r) => r.finalTrueReturn) };
}

/** The experiment over a chosen set of variants (the CLI runs all of VARIANTS; tests a few). */
export async function runInductiveBias(ctx: ExperimentContext, variants: InductiveBiasVariant[] = VARIANTS): Promise<ExperimentResult> {
  const cfg = inductiveBiasConfig(ctx, variants);
  const runs: VariantRun[] = [];
  for (const envId of cfg.envIds) {
    const mdp = isGridworld(envId) ? enumerateStates(() => make(envId)) : null;
    for (const v of cfg.variants) for (const seed of ctx.seeds) runs.push(await runVariant(cfg, v, envId, seed, mdp, ctx));
  }
  const summary = cfg.envIds.flatMap((e) => cfg.variants.map((v) => summarise(runs, v.name, e)));
  const n = ctx.seeds.length;
  const headline =
    `inductive-bias (${cfg.labels} labels, ${n} seed${n > 1 ? 's' : ''}, median): ` +
    cfg.envIds.map((e) => `${e} ${cfg.steps[e]} steps — ` + summary.filter((s) => s.envId === e).map((s) => `${s.variant} acc ${fmt(s.heldOutAccuracy, 2)}${s.epic !== null ? ` EPIC ${fmt(s.epic, 2)}` : ''} perf ${fmt(s.finalPerformance)}`).join(', ')).join('; ');
  const data = { config: cfg, seeds: ctx.seeds, quick: ctx.quick, summary, perRun: runs };
  return finishExperiment(ctx, 'inductive-bias', { html: inductiveBiasReport({ cfg, summary, runs, headline, quick: ctx.quick }), headline, data });
}

export const inductiveBias: Experiment = {
  name: 'inductive-bias',
  summary: 'reward-model inductive biases compared: bounded output, tanh vs standardised inputs, (s, s′), action, ensemble size (Leike et al. 2018 §5.10)',
  run: (ctx) => runInductiveBias(ctx),
};
