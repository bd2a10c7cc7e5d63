/**
 * A3, the timetabler: PPO on TimetableEnv, rewarded by a Bradley–Terry reward model
 * (src/rewards) learned from the user's comparisons of whole timetables — or, for the
 * "RL on the true objective" baseline, by the true increment of J. The loop, top to bottom:
 *   warm start: random timetables, the initial share of the comparisons, the first reward model
 *   each PPO iteration: its finished timetables join a pool of recent ones; comparisons due by
 *   a linear schedule are drawn from the pool and judged by the `labeler`; the model retrains.
 * The labeler is where the conditions differ (unassisted / assisted / full observation).
 */
import { Rng } from '../../core/rng.js';
import { Ppo, type PpoConfig } from '../../agents/ppo.js';
import { RewardModel, concatBatches, type RewardModelOptions } from '../../rewards/reward-model.js';
import { RewardTrainer, type LabeledPair, type RewardTrainerOptions } from '../../rewards/reward-trainer.js';
import { clashesInSameSlot, hiddenObjective, preferencesMet, randomTimetable, type Timetable, type TimetableInstance } from './instance.js';
import { TimetableEnv, batchFeatures, decodePartial, solverFeatureDim, timetableBatch, trueStepReward, encodePartial } from './solver-env.js';

export interface SolverConfig {
  /** PPO env steps (24 per timetable). Default 96_000. */
  steps: number;
  /** Comparisons of timetables the user makes. Default 600. */
  labels: number;
  /** Share of the comparisons asked up front, on random timetables. Default 0.25. */
  initialShare: number;
  /** Recent timetables comparisons are drawn from (the latest rollouts: nearby timetables, so a comparison turns on a few exams). Default 32. */
  poolSize: number;
  /**
   * A comparison pits a recent timetable against a variant of it with 1..queryMoves exams moved
   * to another slot: it turns on a few exams, so the flaws that differ fit in the user's budget.
   * 0 = compare two recent timetables instead. Default 2.
   */
  queryMoves: number;
  /** Evaluate the deterministic timetable every this many PPO iterations. Default 10. */
  evalEvery: number;
  /** Ask the comparisons due (and retrain the reward model) every this many PPO iterations. Default 40. */
  queryEvery: number;
  ppo: Partial<PpoConfig>;
  rewardModel: Partial<RewardModelOptions>;
  rewardTrainer: Partial<RewardTrainerOptions>;
}

export const SOLVER_DEFAULTS: SolverConfig = {
  steps: 96_000, labels: 600, initialShare: 0.25, poolSize: 32, queryMoves: 2, evalEvery: 10, queryEvery: 20,
  ppo: { numEnvs: 8, numSteps: 48, learningRate: 3e-3, entCoef: 0.05, gamma: 0.9, gaeLambda: 0.9, hidden: [64, 64], updateEpochs: 10 },
  rewardModel: { members: 1, hidden: [], inputTransform: 'tanh', useAction: false },
  rewardTrainer: { epochs: 8, maxStepsPerRound: 40, batchPairs: 32, learningRate: 3e-2, rewardL2: 1e-4, weightDecay: 1e-3 },
};

/** Judges one comparison: 1 = left better, 0 = right, ½ = equal. */
export type ComparisonLabeler = (left: Timetable, right: Timetable) => number;

export interface SolverPoint {
  step: number;
  labels: number;
  /** The deterministic (argmax) timetable's J, clashes and preferences. */
  J: number;
  clashes: number;
  preferences: number;
  /** Mean J and clashes of the timetables of the latest rollout (the current distribution). */
  sampleJ: number;
  sampleClashes: number;
}

export interface SolverRun {
  curve: SolverPoint[];
  final: SolverPoint;
  /** The latest rollout's timetables (the solver's current distribution). */
  recent: Timetable[];
  model: RewardModel | null;
  /** Every comparison asked: the two timetables and the label. */
  comparisons: { left: Timetable; right: Timetable; target: number }[];
}

export interface SolverHooks {
  /** Called after each PPO iteration with the recent timetables (e.g. to retrain a critic on them). */
  onIteration?(recent: Timetable[], iteration: number): void;
}

/** Train the timetabler. `labeler` null = RL on the true objective (no reward model, no user). */
export function trainSolver(inst: TimetableInstance, labeler: ComparisonLabeler | null, seed: number, config: Partial<SolverConfig> = {}, hooks: SolverHooks = {}): SolverRun {
  const c: SolverConfig = { ...SOLVER_DEFAULTS, ...config, ppo: { ...SOLVER_DEFAULTS.ppo, ...config.ppo }, rewardModel: { ...SOLVER_DEFAULTS.rewardModel, ...config.rewardModel }, rewardTrainer: { ...SOLVER_DEFAULTS.rewardTrainer, ...config.rewardTrainer } };
  const rng = new Rng(seed ^ 0x7ab1e);
  const model = labeler ? new RewardModel(solverFeatureDim(inst), { kind: 'discrete', n: inst.slots }, c.rewardModel, rng.fork()) : null;
  // Start the (linear) reward model at 0: an unseen pair is priced at nothing, not at a random weight the solver could farm.
  for (const net of model?.nets ?? []) net.params.fill(0);
  const trainer = model ? new RewardTrainer(model, c.rewardTrainer) : null;
  const dataset: LabeledPair[] = [];
  const comparisons: SolverRun['comparisons'] = [];
  const ppo = new Ppo(
    { ...c.ppo, seed, totalSteps: c.steps },
    {
      makeEnv: () => new TimetableEnv(inst),
      reward: (batch) => (model ? model.predict(batchFeatures(inst, batch)).mean : trueRewards(inst, batch)),
      recordTrajectories: true,
    },
  );
  let pool: Timetable[] = Array.from({ length: c.poolSize }, () => randomTimetable(inst, rng));
  const ask = (n: number) => {
    if (!labeler || !model || !trainer || n <= 0) return;
    for (let q = 0; q < n; q++) {
      const left = pool[rng.int(pool.length)];
      let right = c.queryMoves > 0 ? variant(inst, left, 1 + rng.int(c.queryMoves), rng) : pool[rng.int(pool.length)];
      for (let tries = 0; tries < 5 && right === left; tries++) right = pool[rng.int(pool.length)];
      const target = labeler(left, right);
      comparisons.push({ left, right, target });
      dataset.push({ id: String(dataset.length), left: timetableBatch(inst, left), right: timetableBatch(inst, right), target, heldOut: false });
    }
    trainer.train(dataset, rng);
    const sample = dataset.length <= 80 ? dataset : rng.shuffle([...dataset]).slice(0, 80);
    model.calibrate(concatBatches(sample.flatMap((p) => [p.left, p.right])));
  };
  const initial = Math.round(c.initialShare * c.labels);
  ask(initial);
  const curve: SolverPoint[] = [];
  let recent: Timetable[] = pool;
  const evaluate = (): SolverPoint => {
    const t = greedyTimetable(inst, ppo);
    return {
      step: ppo.globalStep, labels: comparisons.length, J: hiddenObjective(inst, t), clashes: clashesInSameSlot(inst, t).length, preferences: preferencesMet(inst, t),
      sampleJ: meanOf(recent.map((r) => hiddenObjective(inst, r))), sampleClashes: meanOf(recent.map((r) => clashesInSameSlot(inst, r).length)),
    };
  };
  curve.push(evaluate());
  while (!ppo.done) {
    const stats = ppo.iterate();
    const finished = stats.trajectories.filter((tr) => tr.actions.length === inst.exams).map((tr) => tr.actions as number[]);
    if (finished.length) recent = finished;
    pool = [...pool, ...finished].slice(-c.poolSize);
    if (ppo.iteration % c.queryEvery === 0 || ppo.done) ask(initial + Math.round(((c.labels - initial) * ppo.iteration) / ppo.numIterations) - comparisons.length);
    hooks.onIteration?.(recent, ppo.iteration);
    if (ppo.iteration % c.evalEvery === 0 || ppo.done) curve.push(evaluate());
  }
  ppo.close();
  return { curve, final: curve[curve.length - 1], recent, model, comparisons };
}

/** `t` with `moves` distinct exams moved to another (uniformly chosen) slot. */
export function variant(inst: TimetableInstance, t: Timetable, moves: number, rng: Rng): number[] {
  const out = [...t];
  for (const i of rng.permutation(inst.exams).slice(0, moves)) out[i] = (out[i] + 1 + rng.int(inst.slots - 1)) % inst.slots;
  return out;
}

/** The argmax timetable of the solver's policy. */
export function greedyTimetable(inst: TimetableInstance, ppo: Ppo): number[] {
  const slots: number[] = [];
  while (slots.length < inst.exams) slots.push(ppo.act(encodePartial(inst, slots), true) as number);
  return slots;
}

function trueRewards(inst: TimetableInstance, batch: { obs: Float32Array; actions: Float32Array; n: number }): Float32Array {
  const D = inst.exams * (1 + inst.slots);
  return Float32Array.from({ length: batch.n }, (_, k) => trueStepReward(inst, decodePartial(inst, batch.obs, k * D).slots, batch.actions[k]));
}

const meanOf = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
