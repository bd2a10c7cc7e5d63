/**
 * The preference predictor under test: a reward-model ensemble trained by Bradley–Terry on a
 * synthetic user's answers about clips of the training map, and its per-member
 * P(left ≻ right) on labelled pairs of any map. Evaluation code: the user judges by the hidden
 * performance (sealed channel), as in the loop's `synthetic:metric=performance`.
 *
 * Clips come from two behaviours on the map at hand, equally many episodes each: the uniform
 * random policy, and a NOISY EXPERT (the hidden-performance-optimal policy of the enumerated
 * map, replaced by a uniformly random action with probability `expertNoise` per step). Random
 * clips alone almost never reach the goal (6 cells away past the lava), and a predictor that has
 * never seen it learns that lava (−51 once, then 0 per step in the absorbing state) beats
 * walking (−1 per step): planning on it then heads for the lava on every map. The noisy expert
 * stands in for the agent's own improving rollouts in the loop.
 *
 * The probabilities are σ(Σ r̂_left − Σ r̂_right) on each member's raw outputs, the Bradley–Terry
 * term the member was trained with. The trainer's likelihood also mixes in random answers,
 * P = ε/2 + (1 − ε)·σ(Δ) with ε = 0.1, which pushes σ(Δ) itself towards 0 and 1: part of the
 * overconfidence measured here (fitted T > 1) is that term left out, as
 * RewardTrainer.predictPreferences leaves it out. predictPreferences also divides Δ by the
 * member's output scale, so after `calibrate` it returns a rescaled probability, not the
 * trained one; we compute the trained one here.
 */
import type { RewardFreeEnv } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import { streamRng, streamSeed } from '../../core/seed-streams.js';
import type { Action, FragmentPair } from '../../core/types.js';
import { preferenceTarget } from '../../core/types.js';
import { make } from '../../envs/registry.js';
import { rolloutTrajectories } from '../../core/rollout.js';
import { cutFragments, pairFragments } from '../../preferences/fragmenter.js';
import { SyntheticTeacher } from '../../preferences/synthetic-teacher.js';
import { concatBatches, fragmentBatch, RewardModel, type RewardModelOptions } from '../../rewards/reward-model.js';
import { RewardTrainer, type LabeledPair, type RewardTrainerOptions } from '../../rewards/reward-trainer.js';
import { hideReward } from '../../wrappers/hide-reward.js';
import { rewardOf, valueIteration } from '../../analysis/exact/value-iteration.js';
import { fixedHorizonMap, HORIZON } from './acting.js';

export interface PairSetOptions {
  envId: string;
  /** The plain map the noisy expert plans on. */
  plainEnvId: string;
  level: number;
  /** Episodes of each behaviour (random, noisy expert) the clips are cut from. */
  episodes: number;
  /** Probability that the noisy expert takes a uniformly random action. */
  expertNoise: number;
  pairs: number;
  fragmentLength: number;
  /** Seed of this set (episodes, cuts, pairing). */
  seed: number;
}

/** The noisy expert of one map: the hidden-optimal first action of the enumerated (fixed-horizon) map, or with probability `noise` a random one. */
function noisyExpert(o: PairSetOptions, obsDim: number, nActions: number): (obs: Float32Array) => Action {
  const map = fixedHorizonMap(o.plainEnvId, o.level, obsDim, () => false);
  const plan = valueIteration(map.mdp, rewardOf(map.mdp, 'hidden'), HORIZON);
  const rng = streamRng(o.seed, 'calibration/expert-noise');
  return (obs) => {
    const s = map.index.get(Array.prototype.join.call(obs, ','));
    if (s === undefined) throw new ConfigError('observation', `level ${o.level}`, 'is not a state of the enumerated map');
    return rng.next() < o.expertNoise ? rng.int(nActions) : plan.policy[s];
  };
}

/** Labelled pairs of clips of one map (random and noisy-expert episodes); 'equal' answers are kept as target ½. */
export function labelledPairs(o: PairSetOptions, teacher: SyntheticTeacher): LabeledPair[] {
  const env = hideReward(make(o.envId, { level: o.level })) as RewardFreeEnv<Float32Array, Action>;
  const envId = `${o.envId}@level${o.level}`;
  const obsDim = (env.observationSpace as unknown as { flatDim: number }).flatDim;
  const nActions = (env.actionSpace as unknown as { n: number }).n;
  const trajs = [
    ...rolloutTrajectories(env, { episodes: o.episodes, seed: o.seed, envId }),
    ...rolloutTrajectories(env, { episodes: o.episodes, seed: streamSeed(o.seed, 'calibration/expert'), envId, policy: noisyExpert(o, obsDim, nActions), firstEpisode: o.episodes }),
  ];
  env.close();
  const rng = streamRng(o.seed, 'calibration/pairs');
  const pairs: FragmentPair[] = pairFragments(cutFragments(trajs, 2 * o.pairs, rng, { length: o.fragmentLength }), o.pairs, rng);
  return pairs.flatMap((p) => {
    const target = preferenceTarget(teacher.decide(p));
    if (target === null) return [];
    return [{ id: p.id, left: fragmentBatch(p.left.observations, p.left.actions), right: fragmentBatch(p.right.observations, p.right.actions), target, heldOut: false }];
  });
}

export interface PredictorOptions {
  envId: string;
  plainEnvId: string;
  seed: number;
  labels: number;
  episodes: number;
  expertNoise: number;
  fragmentLength: number;
  /** Training rounds over all labels (each warm-starts from the last, as the loop's do). */
  rounds: number;
  rewardModel: Partial<RewardModelOptions>;
  rewardTrainer: Partial<RewardTrainerOptions>;
}

export const TEACHER_SPEC = { metric: 'performance' } as const;

/** A trained ensemble, output-standardised over its training segments as the loop does. */
export function trainPredictor(o: PredictorOptions, teacher: SyntheticTeacher): { model: RewardModel; train: LabeledPair[] } {
  const train = labelledPairs({ envId: o.envId, plainEnvId: o.plainEnvId, level: 0, episodes: o.episodes, expertNoise: o.expertNoise, pairs: o.labels, fragmentLength: o.fragmentLength, seed: streamSeed(o.seed, 'calibration/train') }, teacher);
  const probe = make(o.envId);
  const obsDim = (probe.observationSpace as { flatDim: number }).flatDim;
  const nActions = (probe.actionSpace as unknown as { n: number }).n;
  probe.close();
  const model = new RewardModel(obsDim, { kind: 'discrete', n: nActions }, o.rewardModel, streamRng(o.seed, 'reward-model'));
  for (const p of train) {
    for (const b of [p.left, p.right]) for (let t = 0; t < b.n; t++) model.inputStats.update(b.obs.subarray(t * obsDim, (t + 1) * obsDim));
  }
  const trainer = new RewardTrainer(model, o.rewardTrainer);
  const rng = streamRng(o.seed, 'reward-training');
  for (let r = 0; r < o.rounds; r++) trainer.train(train, rng);
  model.calibrate(concatBatches(train.flatMap((p) => [p.left, p.right])));
  return { model, train };
}

/** P(left ≻ right) per member (rows) and pair (columns): σ of the difference of raw segment sums. */
export function memberPreferences(model: RewardModel, pairs: readonly LabeledPair[]): Float64Array[] {
  if (!pairs.length) return model.nets.map(() => new Float64Array(0));
  const parts = pairs.flatMap((p) => [p.left, p.right]);
  const offsets = [0];
  for (const b of parts) offsets.push(offsets[offsets.length - 1] + b.n);
  const batch = concatBatches(parts);
  const features = model.features(batch);
  return model.nets.map((_, m) => {
    const out = model.memberRaw(m, features, batch.n);
    const sums = parts.map((_, i) => {
      let s = 0;
      for (let k = offsets[i]; k < offsets[i + 1]; k++) s += out[k];
      return s;
    });
    return Float64Array.from(pairs, (_, i) => {
      const d = sums[2 * i] - sums[2 * i + 1];
      return d >= 0 ? 1 / (1 + Math.exp(-d)) : Math.exp(d) / (1 + Math.exp(d));
    });
  });
}
