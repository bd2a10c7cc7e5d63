/**
 * `rewardlab experiment distributional-shift` — does the reward model's uncertainty flag a
 * distributional shift? Per seed: the reward-modeling loop trains on the lava world's training
 * map (fixed-horizon variant; a synthetic teacher judging by the hidden performance, which
 * here equals the visible reward); then the frozen reward model and the trained agent are
 * measured on the training map (level 0) and the two test maps (levels 1, 2: the lava moved),
 * see shift-measures.ts: reward-model error against the hidden performance (exact per-step
 * Pearson and EPIC, preference accuracy on 25-step segments) and ensemble disagreement
 * (std across members) on the shifted vs the training states, with the AUROC of the
 * disagreement as a detector of "this state is from a test map".
 */
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import { make } from '../../envs/registry.js';
import { median } from '../../analysis/stats.js';
import { startRun } from '../../app/train-run.js';
import type { RewardModelingOverrides } from '../../loop/config.js';
import { ensureDir } from '../../runs/run-dir.js';
import { finishExperiment, type Experiment, type ExperimentContext, type ExperimentResult } from '../kit/experiment.js';
import { loadAgent, loadRewardModel } from '../kit/frozen-model.js';
import { auroc, measureMap } from './shift-measures.js';
import { distributionalShiftReport } from './report.js';
import type { DistributionalShiftConfig, ShiftSeedResult, TransformSummary } from './types.js';
import { streamSeed } from '../../core/seed-streams.js';

export type { DistributionalShiftConfig, ShiftSeedResult, TransformSummary } from './types.js';

/**
 * Loop settings, pinned in full: 10-step clips, a large pool and more random episodes up front,
 * more reward-model steps per round, PPO with an entropy bonus (the gridworld settings measured
 * on BoatRace by the proxy-vs-rm work). The agent often does not find the goal on this map in
 * 40k steps (PPO on the true reward does not either, at these settings): the measurements are
 * about the reward model, with the agent's performance reported as it is.
 */
const LOOP: RewardModelingOverrides = {
  feedback: 'synthetic:metric=performance', evalEvery: 10, evalEpisodes: 2, fragmentLength: 10, initialShare: 0.25, initialEpisodes: 20, poolSize: 1000, uncertaintyPenalty: 0,
  rewardModel: { useAction: true, useNextObs: false }, rewardTrainer: { maxStepsPerRound: 200, epochs: 30 }, ppo: { entCoef: 0.01, learningRate: 1e-3 },
};

export function distributionalShiftConfig(ctx: Pick<ExperimentContext, 'quick' | 'values'>): DistributionalShiftConfig {
  const q = ctx.quick;
  return {
    envId: (ctx.values.env as string | undefined) ?? 'FixedHorizonDistributionalShift-v0',
    labels: (ctx.values.labels as number | undefined) ?? (q ? 12 : 150),
    steps: (ctx.values.steps as number | undefined) ?? (q ? 2048 : 40_000),
    pairs: q ? 20 : 300,
    episodes: q ? 2 : 10,
    inputTransforms: ['standardize', 'tanh'],
    loop: q ? { ...LOOP, evalEvery: 2, evalEpisodes: 1, initialEpisodes: 2, rewardTrainer: { maxStepsPerRound: 10, epochs: 8 } } : LOOP,
  };
}

async function runSeed(cfg: DistributionalShiftConfig, seed: number, inputTransform: ShiftSeedResult['inputTransform'], ctx: ExperimentContext): Promise<ShiftSeedResult> {
  ctx.log(`seed ${seed}, ${inputTransform} inputs: the loop on the training map (${cfg.labels} labels, ${cfg.steps} steps)`);
  const loop = { ...cfg.loop, rewardModel: { ...cfg.loop.rewardModel, inputTransform } };
  const run = await startRun({ ...loop, envId: cfg.envId, seed, labels: cfg.labels, agentSteps: cfg.steps }, { out: join(ensureDir(join(ctx.out, `seed-${seed}`)), inputTransform) });
  const model = loadRewardModel(run.runDir);
  const agent = loadAgent(run.runDir);
  const maps = [0, 1, 2].map((level) =>
    measureMap({ envId: cfg.envId, level, model, pairs: cfg.pairs, episodes: cfg.episodes, seed: streamSeed(seed, 'shift-measures'), agent: (o, rng) => (rng ? agent.act(o, false, rng) : agent.act(o, true)) }),
  );
  agent.close();
  const train = maps[0];
  const test = maps.slice(1);
  const testStds = test.flatMap((m) => m.stds);
  const testMean = testStds.reduce((s, v) => s + v, 0) / testStds.length;
  for (const m of maps) ctx.log(`  level ${m.level} (${m.split}): pearson ${m.pearson.toFixed(2)}, EPIC ${m.epic.toFixed(2)}, accuracy ${m.preferenceAccuracy.toFixed(2)}, disagreement ${m.meanStd.toFixed(3)}, agent ${m.agentPerformance}`);
  return {
    seed, inputTransform, runDir: run.runDir, labels: run.labels, heldOutAccuracy: run.heldOutAccuracy, heldOutCounts: run.heldOutCounts,
    maps: maps.map(({ stds: _s, ...rest }) => rest), auroc: auroc(testStds, train.stds), disagreementRatio: testMean / train.meanStd, stds: maps.map((m) => m.stds),
  };
}

/** Medians over seeds for one input transform. */
function summarise(inputTransform: ShiftSeedResult['inputTransform'], runs: ShiftSeedResult[]): TransformSummary {
  const med = (f: (s: ShiftSeedResult) => number | null) => {
    const xs = runs.map(f).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return xs.length ? median(xs) : null;
  };
  const perMap = [0, 1, 2].map((level) => ({
    level, split: level === 0 ? 'train' : 'test',
    pearson: med((s) => s.maps[level].pearson), epic: med((s) => s.maps[level].epic), preferenceAccuracy: med((s) => s.maps[level].preferenceAccuracy),
    meanStd: med((s) => s.maps[level].meanStd), segmentStd: med((s) => s.maps[level].segmentStd),
    agentPerformance: med((s) => s.maps[level].agentPerformance), optimalPerformance: runs[0].maps[level].optimalPerformance,
  }));
  return { inputTransform, perMap, auroc: med((s) => s.auroc), disagreementRatio: med((s) => s.disagreementRatio), heldOutAccuracy: med((s) => s.heldOutAccuracy) };
}

/** The measurements enumerate DistributionalShift-v0's maps: the loop's env must be that world (plain or fixed-horizon). */
function checkLavaWorld(envId: string): void {
  const dim = (id: string) => {
    const env = make(id);
    const d = (env.observationSpace as { flatDim?: number }).flatDim ?? -1;
    env.close();
    return d;
  };
  const plain = dim('DistributionalShift-v0');
  const got = dim(envId);
  if (got !== plain && got !== plain + 1) throw new ConfigError('--env', envId, 'must be the lava world (DistributionalShift-v0 or FixedHorizonDistributionalShift-v0): the test maps are its levels 1 and 2');
}

const f2 = (v: number | null) => (v === null || !Number.isFinite(v) ? 'n/a' : v.toFixed(2));

export const distributionalShift: Experiment = {
  name: 'distributional-shift',
  summary: 'train on the lava world\'s training map, test on the shifted maps: reward-model error and ensemble disagreement',
  async run(ctx: ExperimentContext): Promise<ExperimentResult> {
    const cfg = distributionalShiftConfig(ctx);
    checkLavaWorld(cfg.envId);
    const runs: ShiftSeedResult[] = [];
    for (const seed of ctx.seeds) for (const t of cfg.inputTransforms) runs.push(await runSeed(cfg, seed, t, ctx));
    const byTransform = cfg.inputTransforms.map((t) => summarise(t, runs.filter((r) => r.inputTransform === t)));
    const n = ctx.seeds.length;
    const part = (s: TransformSummary) => {
      const [tr, t1, t2] = s.perMap;
      return `${s.inputTransform} inputs: disagreement ×${f2(s.disagreementRatio)} on test states (AUROC ${f2(s.auroc)}), segment accuracy ${f2(tr.preferenceAccuracy)} → ${f2(t1.preferenceAccuracy)}/${f2(t2.preferenceAccuracy)}, per-step Pearson ${f2(tr.pearson)} → ${f2(t1.pearson)}/${f2(t2.pearson)}, agent ${f2(tr.agentPerformance)} → ${f2(t1.agentPerformance)}/${f2(t2.agentPerformance)}`;
    };
    const headline = `distributional-shift ${cfg.envId} (${cfg.labels} labels, ${cfg.steps} steps, ${n} seed${n > 1 ? 's' : ''}, median; train → test maps 1/2): ${byTransform.map(part).join('; ')}`;
    return finishExperiment(ctx, 'distributional-shift', {
      html: distributionalShiftReport({ cfg, byTransform, runs, headline, quick: ctx.quick }), headline,
      data: { config: cfg, seeds: ctx.seeds, quick: ctx.quick, summary: byTransform, perRun: runs.map(({ stds: _s, ...rest }) => rest) },
    });
  },
};
