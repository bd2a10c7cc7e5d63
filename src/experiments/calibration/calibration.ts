/**
 * `rewardlab experiment calibration` — uncertainty you can rely on (Leike et al. 2018 §5.9,
 * issue 16 item 2). Per seed, on the lava world:
 *  1. a reward-model ensemble learns from a synthetic user's answers (by the hidden
 *     performance) about random-policy clips of the TRAINING map (predictor.ts; no agent in
 *     the loop, so the study is of the predictor alone);
 *  2. calibration of its P(left ≻ right) on strict pairs it never saw: held-out training-map
 *     pairs (half of them, the validation split, fit the temperatures) and pairs from the two
 *     SHIFTED test maps; one network (every member on its own, metrics averaged over members)
 *     vs the ensemble (mean of the members' probabilities), before and after temperature
 *     scaling (src/analysis/calibration.ts);
 *  3. acting on the learned reward by exact planning (acting.ts): plain, risk-averse
 *     (mean − κ·std) and deferral (ask the user above a spread threshold set on the training
 *     map), lava entries per 100 episodes on the test maps.
 */
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import { streamRng, streamSeed } from '../../core/seed-streams.js';
import { make } from '../../envs/registry.js';
import '../../envs/index.js';
import { applyTemperature, calibrationMetrics, fitTemperature, reliabilityBins } from '../../analysis/calibration.js';
import type { LabeledPair } from '../../rewards/reward-trainer.js';
import { SyntheticTeacher } from '../../preferences/synthetic-teacher.js';
import { ensureDir } from '../../runs/run-dir.js';
import { finishExperiment, type Experiment, type ExperimentContext, type ExperimentResult } from '../kit/experiment.js';
import { CATASTROPHE_CASES } from '../kit/gridworld-cases.js';
import { fixedHorizonMap, learnedTable, quantile, runEpisodes, type ActingMethod } from './acting.js';
import { labelledPairs, memberPreferences, TEACHER_SPEC, trainPredictor } from './predictor.js';
import { calibrationReport } from './report.js';
import type { ActingRow, ActingSummaryRow, BinSums, CalibrationConfig, CalibrationRow, CalibrationSeedResult, CalibrationSummaryRow, PooledReliability, Predictor, Split } from './types.js';

export type { ActingRow, ActingSummaryRow, CalibrationConfig, CalibrationRow, CalibrationSeedResult, CalibrationSummaryRow } from './types.js';

const LAVA = CATASTROPHE_CASES.find((c) => c.game === 'DistributionalShift-v0')!;
const TEST_LEVELS = [1, 2];
const METHODS: ActingMethod[] = ['plain', 'risk-averse', 'deferral'];

export function calibrationConfig(ctx: Pick<ExperimentContext, 'quick' | 'values'>): CalibrationConfig {
  const q = ctx.quick;
  const env = ctx.values.env as string | undefined;
  if (env !== undefined && env !== LAVA.envId && env !== LAVA.game) throw new ConfigError('--env', env, `is not an environment of the calibration experiment; use ${LAVA.envId} (or ${LAVA.game})`);
  return {
    envId: LAVA.envId, plainEnvId: LAVA.game,
    labels: (ctx.values.labels as number | undefined) ?? (q ? 60 : 300),
    episodes: q ? 8 : 40,
    expertNoise: 0.5,
    evalPairs: q ? 200 : 800,
    fragmentLength: 10,
    rounds: q ? 4 : 10,
    rewardModel: { members: 5, useAction: true, useNextObs: false, inputTransform: 'standardize' },
    rewardTrainer: { epochs: 30, maxStepsPerRound: q ? 60 : 200 },
    bins: 10, kappa: 1, deferralQuantile: 0.95, epsilon: 0.1,
    actingEpisodes: q ? 20 : 100,
  };
}

const strict = (pairs: LabeledPair[]) => pairs.filter((p) => p.target !== 0.5);

function binSums(p: ArrayLike<number>, y: ArrayLike<number>, bins: number): BinSums {
  const b = reliabilityBins(p, y, bins);
  return { count: b.map((x) => x.count), sumP: b.map((x) => (x.count ? x.meanPredicted * x.count : 0)), sumY: b.map((x) => (x.count ? x.observedRate * x.count : 0)) };
}

function addBins(a: BinSums, b: BinSums): BinSums {
  return { count: a.count.map((c, i) => c + b.count[i]), sumP: a.sumP.map((c, i) => c + b.sumP[i]), sumY: a.sumY.map((c, i) => c + b.sumY[i]) };
}

function row(split: Split, predictor: Predictor, scaled: boolean, ps: Float64Array[], y: number[], bins: number): CalibrationRow {
  // single: every member on its own, metrics averaged over members, bins pooled
  const ms = ps.map((p) => calibrationMetrics(p, y, bins));
  const avg = (f: (m: (typeof ms)[number]) => number) => ms.reduce((s, m) => s + f(m), 0) / ms.length;
  const accuracy = ps.reduce((s, p) => s + p.reduce((c, v, i) => c + (v > 0.5 === (y[i] === 1) ? 1 : 0), 0) / Math.max(1, y.length), 0) / ps.length;
  return { split, predictor, scaled, n: y.length, ece: avg((m) => m.ece), nll: avg((m) => m.nll), brier: avg((m) => m.brier), accuracy, bins: ps.map((p) => binSums(p, y, bins)).reduce(addBins) };
}

const ensembleMean = (ps: Float64Array[]) => Float64Array.from(ps[0], (_, i) => ps.reduce((s, p) => s + p[i], 0) / ps.length);

export async function runCalibrationSeed(cfg: CalibrationConfig, seed: number, log: (s: string) => void): Promise<CalibrationSeedResult> {
  const teacher = new SyntheticTeacher(TEACHER_SPEC, streamSeed(seed, 'teacher'));
  log(`seed ${seed}: training the ensemble on ${cfg.labels} labelled pairs of the training map`);
  const { model } = trainPredictor({ envId: cfg.envId, plainEnvId: cfg.plainEnvId, expertNoise: cfg.expertNoise, seed, labels: cfg.labels, episodes: cfg.episodes, fragmentLength: cfg.fragmentLength, rounds: cfg.rounds, rewardModel: cfg.rewardModel, rewardTrainer: cfg.rewardTrainer }, teacher);
  const set = (level: number, name: string) => strict(labelledPairs({ envId: cfg.envId, plainEnvId: cfg.plainEnvId, expertNoise: cfg.expertNoise, level, episodes: cfg.episodes, pairs: cfg.evalPairs, fragmentLength: cfg.fragmentLength, seed: streamSeed(seed, name) }, teacher));
  const heldOutAll = set(0, 'calibration/held-out');
  const splits: Record<Split, LabeledPair[]> = {
    validation: heldOutAll.filter((_, i) => i % 2 === 0),
    'held-out': heldOutAll.filter((_, i) => i % 2 === 1),
    shifted: TEST_LEVELS.flatMap((l) => set(l, `calibration/test-map-${l}`)),
  };
  const members = (s: Split) => memberPreferences(model, splits[s]);
  const val = members('validation');
  const yOf = (s: Split) => splits[s].map((p) => p.target);
  const temperatures = { single: val.map((p) => fitTemperature(p, yOf('validation')).temperature), ensemble: fitTemperature(ensembleMean(val), yOf('validation')).temperature };
  const rows: CalibrationRow[] = [];
  for (const split of ['validation', 'held-out', 'shifted'] as Split[]) {
    const ps = split === 'validation' ? val : members(split);
    const y = yOf(split);
    const ens = ensembleMean(ps);
    rows.push(
      row(split, 'single', false, ps, y, cfg.bins),
      row(split, 'single', true, ps.map((p, m) => applyTemperature(p, temperatures.single[m])), y, cfg.bins),
      row(split, 'ensemble', false, [ens], y, cfg.bins),
      row(split, 'ensemble', true, [applyTemperature(ens, temperatures.ensemble)], y, cfg.bins),
    );
  }
  for (const r of rows) log(`  ${r.split} ${r.predictor}${r.scaled ? ' (T)' : ''}: n ${r.n}, ECE ${r.ece.toFixed(3)}, NLL ${r.nll.toFixed(3)}, Brier ${r.brier.toFixed(3)}`);

  // acting on the test maps (and the training map for reference)
  const maps = [0, ...TEST_LEVELS].map((level) => {
    const map = fixedHorizonMap(cfg.plainEnvId, level, model.obsDim, LAVA.isCatastrophe);
    return { level, map, table: learnedTable(map, model) };
  });
  const trainStd = Array.from(maps[0].table.std).filter((_, k) => maps[0].map.feasible[k]);
  const threshold = quantile(trainStd, cfg.deferralQuantile);
  const coverage = maps.map(({ level, map, table }) => {
    const idx = map.feasible.flatMap((f, k) => (f ? [k] : []));
    const lava = idx.filter((k) => map.catastrophic[k]);
    const share = (ks: number[]) => (ks.length ? ks.filter((k) => table.std[k] > threshold).length / ks.length : NaN);
    const A = map.mdp.numActions;
    const abs = (map.mdp.observations.length - 1) * A; // the absorbing state's first action
    return {
      level, aboveThreshold: share(idx), lavaAboveThreshold: share(lava), meanStd: idx.reduce((s, k) => s + table.std[k], 0) / idx.length,
      meanReward: idx.reduce((s, k) => s + table.mean[k], 0) / idx.length, absorbingReward: table.mean[abs], absorbingStd: table.std[abs],
    };
  });
  const acting: ActingRow[] = [];
  for (const { level, map, table } of maps) {
    for (const method of METHODS) {
      const rng = streamRng(seed, `calibration/acting/${level}`); // the same exploration draws for every method
      const out = runEpisodes({ envId: cfg.envId, level, map, table, method, kappa: cfg.kappa, threshold, epsilon: cfg.epsilon, episodes: cfg.actingEpisodes, isCatastrophe: LAVA.isCatastrophe, rng });
      acting.push({ level, method, ...out });
      log(`  level ${level} ${method}: ${out.catastrophes} lava entries in ${out.episodes} episodes, performance ${out.performance.toFixed(1)}${method === 'deferral' ? `, ${out.asksPerEpisode.toFixed(2)} asks/episode` : ''}`);
    }
  }
  return { seed, temperatures, rows, threshold, coverage, acting };
}

const meanOf = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

export function summariseCalibration(runs: CalibrationSeedResult[]): CalibrationSummaryRow[] {
  return runs[0].rows.map((r0, i) => {
    const rs = runs.map((s) => s.rows[i]);
    return {
      split: r0.split, predictor: r0.predictor, scaled: r0.scaled,
      ece: meanOf(rs.map((r) => r.ece)), nll: meanOf(rs.map((r) => r.nll)), brier: meanOf(rs.map((r) => r.brier)), accuracy: meanOf(rs.map((r) => r.accuracy)), n: meanOf(rs.map((r) => r.n)),
      perSeed: rs.map((r) => ({ ece: r.ece, nll: r.nll, brier: r.brier })),
    };
  });
}

export function summariseActing(runs: CalibrationSeedResult[]): ActingSummaryRow[] {
  return METHODS.map((method) => {
    const pick = (s: CalibrationSeedResult, test: boolean) => s.acting.filter((a) => a.method === method && (test ? a.level !== 0 : a.level === 0));
    const pooled = (test: boolean) => {
      const rs = runs.flatMap((s) => pick(s, test));
      const episodes = rs.reduce((s, r) => s + r.episodes, 0);
      return { per100: (100 * rs.reduce((s, r) => s + r.catastrophes, 0)) / episodes, performance: rs.reduce((s, r) => s + r.performance * r.episodes, 0) / episodes, asks: rs.reduce((s, r) => s + r.asksPerEpisode * r.episodes, 0) / episodes };
    };
    const test = pooled(true);
    const train = pooled(false);
    return {
      method, testPer100: test.per100, trainPer100: train.per100, testPerformance: test.performance, trainPerformance: train.performance, testAsksPerEpisode: test.asks,
      perSeed: runs.map((s) => {
        const rs = pick(s, true);
        return (100 * rs.reduce((c, r) => c + r.catastrophes, 0)) / rs.reduce((c, r) => c + r.episodes, 0);
      }),
    };
  });
}

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');

export const calibration: Experiment = {
  name: 'calibration',
  summary: 'calibration of the preference predictor (one network vs ensemble, temperature scaling) on held-out and shifted pairs; lava entries of risk-averse and deferring agents',
  async run(ctx: ExperimentContext): Promise<ExperimentResult> {
    const cfg = calibrationConfig(ctx);
    make(cfg.envId).close();
    ensureDir(join(ctx.out));
    const runs: CalibrationSeedResult[] = [];
    for (const seed of ctx.seeds) runs.push(await runCalibrationSeed(cfg, seed, ctx.log));
    const summary = summariseCalibration(runs);
    const acting = summariseActing(runs);
    const get = (split: Split, predictor: Predictor, scaled: boolean) => summary.find((r) => r.split === split && r.predictor === predictor && r.scaled === scaled)!;
    const ece = (split: Split) => `single ${f3(get(split, 'single', false).ece)}→${f3(get(split, 'single', true).ece)}, ensemble ${f3(get(split, 'ensemble', false).ece)}→${f3(get(split, 'ensemble', true).ece)}`;
    const act = (m: ActingMethod) => acting.find((a) => a.method === m)!;
    const n = ctx.seeds.length;
    const headline =
      `calibration ${cfg.envId} (${cfg.labels} labels, ${n} seed${n > 1 ? 's' : ''}, mean; ECE before→after temperature scaling): held-out ${ece('held-out')}; shifted ${ece('shifted')}; ` +
      `lava entries per 100 test-map episodes (ε ${cfg.epsilon}): plain ${f1(act('plain').testPer100)}, risk-averse κ=${cfg.kappa} ${f1(act('risk-averse').testPer100)}, deferral ${f1(act('deferral').testPer100)} (${act('deferral').testAsksPerEpisode.toFixed(2)} asks/episode)`;
    const reliability: PooledReliability[] = summary.map((r, i) => ({ split: r.split, predictor: r.predictor, scaled: r.scaled, bins: runs.map((s) => s.rows[i].bins).reduce(addBins) }));
    return finishExperiment(ctx, 'calibration', {
      html: calibrationReport({ cfg, summary, acting, reliability, runs, headline, quick: ctx.quick }),
      headline,
      data: { config: cfg, seeds: ctx.seeds, quick: ctx.quick, summary, acting, reliability, perSeed: runs.map(({ rows, ...rest }) => ({ ...rest, rows: rows.map(({ bins: _b, ...r }) => r) })) },
    });
  },
};
