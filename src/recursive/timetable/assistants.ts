/**
 * The learned assistants, each trained by reward modeling with the limited user in the loop.
 * Each is a pointer assistant: it outputs an address, the user verifies it with its own checks.
 *
 *   A1 witness finder: given exams (i, j), names a student. The user compares two candidate
 *      students for the same pair by checking both enrolments of each (4 look-ups per judgement):
 *      the one with more confirmed enrolments wins. Reward model: linear over one-hot
 *      (student, exam) features, so a candidate's score is w[u,i] + w[u,j].
 *   A2 critic: given a timetable, names up to 3 same-slot pairs it claims clash. The user compares
 *      two candidate claims on one timetable by verifying each (1 slot look-up + a witness: from A1
 *      when there is one, else by probing students itself): a confirmed claim wins. Reward model:
 *      linear over one-hot pair features (a learned "this pair clashes and can be shown to").
 *
 * A one-step choice among 90 students (or ≤ 276 pairs) is optimised exactly: the assistant takes
 * the argmax of its reward model (softmax sampling while it collects its own training data),
 * instead of running PPO on a bandit.
 */
import { Rng } from '../../core/rng.js';
import { RewardModel, type TransitionBatch } from '../../rewards/reward-model.js';
import { RewardTrainer, type LabeledPair } from '../../rewards/reward-trainer.js';
import { pairIndex, randomTimetable, sameSlotPairs, type Timetable, type TimetableInstance } from './instance.js';
import { differingPairs } from './oracle.js';
import { confirmWitness, timetableLookups, type Critic, type TimetableUser, type WitnessFinder } from './user.js';

export interface AssistantConfig {
  /** Comparisons the user makes to train the assistant. */
  labels: number;
  /** Training rounds (labels split evenly; the reward model retrains after each). Default 5. */
  rounds: number;
  /** Softmax temperature over reward-model scores while collecting data. Default 0.5. */
  temperature: number;
}

export const ASSISTANT_DEFAULTS: AssistantConfig = { labels: 300, rounds: 5, temperature: 0.5 };

const RM_OPTIONS = { members: 1, hidden: [], inputTransform: 'tanh' as const, useAction: false };
const TRAINER_OPTIONS = { epochs: 10, maxStepsPerRound: 100, batchPairs: 32, learningRate: 5e-2, rewardL2: 1e-4, weightDecay: 1e-3 };

/** A linear reward model over `dim` one-hot features, starting at 0 (an untried address scores nothing). */
function pointerModel(dim: number, rng: Rng): { model: RewardModel; trainer: RewardTrainer } {
  const model = new RewardModel(dim, { kind: 'discrete', n: 1 }, RM_OPTIONS, rng.fork());
  for (const net of model.nets) net.params.fill(0);
  return { model, trainer: new RewardTrainer(model, TRAINER_OPTIONS) };
}

const oneRow = (obs: Float32Array): TransitionBatch => ({ obs, actions: new Float32Array(1), nextObs: obs, n: 1 });

/** Scores of many one-hot rows (each row given by its active feature indices). */
function scores(model: RewardModel, dim: number, rows: readonly (readonly number[])[]): Float32Array {
  const obs = new Float32Array(rows.length * dim);
  rows.forEach((r, k) => r.forEach((f) => (obs[k * dim + f] = 1)));
  return model.predict({ obs, actions: new Float32Array(rows.length), nextObs: obs, n: rows.length }).mean;
}

function softmaxSample(s: Float32Array, temperature: number, rng: Rng, exclude = -1): number {
  let max = -Infinity;
  for (let k = 0; k < s.length; k++) if (k !== exclude) max = Math.max(max, s[k]);
  const w = Array.from(s, (v, k) => (k === exclude ? 0 : Math.exp((v - max) / temperature)));
  let r = rng.next() * w.reduce((a, b) => a + b, 0);
  for (let k = 0; k < w.length; k++) if ((r -= w[k]) <= 0 && k !== exclude) return k;
  return s.length - 1 === exclude ? 0 : s.length - 1;
}

function onehot(dim: number, features: readonly number[]): Float32Array {
  const x = new Float32Array(dim);
  for (const f of features) x[f] = 1;
  return x;
}

export interface LearnedFinder {
  finder: WitnessFinder;
  /** Collect `labels` more comparisons on pairs drawn by `pairs` and retrain (purpose 'witness-finder'). */
  train(pairs: () => readonly [number, number], labels: number): void;
  /** The finder's current answer for each pair index. */
  answers(): Int16Array;
  labels(): number;
}

/** A uniformly random pair of exams (A1's warm-up queries). */
export const uniformPairs = (inst: TimetableInstance, rng: Rng) => () => inst.pairs[rng.int(inst.pairs.length)];

/**
 * A1. Each training judgement: a pair (i, j), two candidate students sampled from the finder's
 * scores, both enrolments of each checked by the user (4 look-ups); more confirmed enrolments wins.
 */
export function learnedFinder(inst: TimetableInstance, user: TimetableUser, seed: number, config: Partial<AssistantConfig> = {}): LearnedFinder {
  const c = { ...ASSISTANT_DEFAULTS, ...config };
  const rng = new Rng(seed ^ 0xa1);
  const E = inst.exams;
  const dim = inst.students * E;
  const { model, trainer } = pointerModel(dim, rng);
  const feats = (u: number, i: number, j: number) => [u * E + i, u * E + j];
  // The model is linear, so a candidate's score is s(u, i) + s(u, j) − s(nothing): one pass over
  // the 90 × 24 single features (refreshed after each training round) scores every pair.
  let single: Float32Array = new Float32Array(dim);
  let none = 0;
  const refreshSingles = () => {
    single = scores(model, dim, Array.from({ length: dim }, (_, f) => [f]));
    none = scores(model, dim, [[]])[0];
  };
  const candidates = (i: number, j: number) => Float32Array.from({ length: inst.students }, (_, u) => single[u * E + i] + single[u * E + j] - none);
  const dataset: LabeledPair[] = [];
  const answers = new Int16Array(inst.pairs.length);
  const refresh = () =>
    inst.pairs.forEach(([i, j], k) => {
      const s = candidates(i, j);
      let best = 0;
      for (let u = 1; u < s.length; u++) if (s[u] > s[best]) best = u;
      answers[k] = best;
    });
  const train = (pairs: () => readonly [number, number], labels: number) => {
    if (labels <= 0) return;
    user.setLookups(timetableLookups(inst, new Array<number>(E).fill(0)));
    const rounds = Math.max(1, Math.min(c.rounds, labels));
    for (let round = 0, done = 0; round < rounds; round++) {
      const n = Math.round(((round + 1) * labels) / rounds) - done;
      done += n;
      for (let q = 0; q < n; q++) {
        const [i, j] = pairs();
        const s = candidates(i, j);
        const a = softmaxSample(s, c.temperature, rng);
        const b = softmaxSample(s, c.temperature, rng, a);
        const [ca, cb] = user.judge('witness-finder', (check) => [a, b].map((u) => Number(check('enrolled', u, i)) + Number(check('enrolled', u, j))));
        dataset.push({ id: String(dataset.length), left: oneRow(onehot(dim, feats(a, i, j))), right: oneRow(onehot(dim, feats(b, i, j))), target: ca > cb ? 1 : ca < cb ? 0 : 0.5, heldOut: false });
      }
      trainer.train(dataset, rng);
      refreshSingles();
    }
    refresh();
  };
  return { finder: (i, j) => (i === j ? null : answers[pairIndex(i, j, E)]), train, answers: () => answers, labels: () => dataset.length };
}

/** A1 trained once, on `labels` uniformly random pairs. */
export function trainWitnessFinder(inst: TimetableInstance, user: TimetableUser, seed: number, config: Partial<AssistantConfig> = {}): LearnedFinder {
  const f = learnedFinder(inst, user, seed, config);
  f.train(uniformPairs(inst, new Rng(seed ^ 0xa11)), config.labels ?? ASSISTANT_DEFAULTS.labels);
  return f;
}

export interface LearnedCritic {
  critic: Critic;
  /** Collect `labels` more comparisons on these timetables and retrain (purpose 'critic'). */
  train(timetables: readonly Timetable[], labels: number): void;
  /** Comparisons made so far. */
  labels(): number;
}

/**
 * A2. Each training judgement: one timetable, two candidate claims sampled from the critic's
 * scores over its same-slot pairs, each verified by the user (1 slot look-up + a witness: A1's
 * student, or — without A1 — up to 3 probing look-ups of its own).
 */
export function learnedCritic(inst: TimetableInstance, user: TimetableUser, finder: WitnessFinder | undefined, seed: number, config: Partial<AssistantConfig> = {}): LearnedCritic {
  const c = { ...ASSISTANT_DEFAULTS, ...config };
  const rng = new Rng(seed ^ 0xa2);
  const dim = inst.pairs.length;
  const { model, trainer } = pointerModel(dim, rng);
  const dataset: LabeledPair[] = [];
  let table: Float32Array = new Float32Array(dim);
  const refresh = () => (table = scores(model, dim, inst.pairs.map((_, k) => [k])));
  const train = (timetables: readonly Timetable[], labels: number) => {
    if (labels <= 0 || timetables.length === 0) return;
    for (let q = 0; q < labels; q++) {
      const t = timetables[rng.int(timetables.length)];
      const candidates = sameSlotPairs(inst, t);
      if (candidates.length < 2) continue;
      const s = Float32Array.from(candidates, (k) => table[k]);
      const a = softmaxSample(s, c.temperature, rng);
      const b = softmaxSample(s, c.temperature, rng, a);
      user.setLookups(timetableLookups(inst, t));
      const [ca, cb] = user.judge('critic', (check) =>
        [candidates[a], candidates[b]].map((k) => {
          const [i, j] = inst.pairs[k];
          return check('sameSlot', i, j) && confirmWitness(check, inst, i, j, finder, rng, 3);
        }),
      );
      dataset.push({ id: String(dataset.length), left: oneRow(onehot(dim, [candidates[a]])), right: oneRow(onehot(dim, [candidates[b]])), target: ca === cb ? 0.5 : ca ? 1 : 0, heldOut: false });
    }
    trainer.train(dataset, rng);
    refresh();
  };
  const critic: Critic = (t, other) =>
    differingPairs(inst, sameSlotPairs(inst, t), other)
      .sort((x, y) => table[y] - table[x])
      .map((k) => [...inst.pairs[k]] as [number, number]);
  return { critic, train, labels: () => dataset.length };
}

/** Warm-up data for the critic: random timetables (every pair shares a slot in about 1 of 6). */
export function randomTimetables(inst: TimetableInstance, n: number, seed: number): number[][] {
  const rng = new Rng(seed ^ 0x7a);
  return Array.from({ length: n }, () => randomTimetable(inst, rng));
}
