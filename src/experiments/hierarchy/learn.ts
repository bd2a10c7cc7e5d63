/**
 * One learning run of the study, its own small loop over library parts (the reward-modeling loop
 * asks one kind of preference; a second level of queries would need a second query role there):
 * the reward-model ensemble, the hierarchical trainer (src/rewards/hierarchical-trainer.ts), the
 * synthetic teachers, and the exact planner on the learned reward as the agent. Each round:
 *
 *   play episodes (random before the first round, then the ε-greedy planner) → ask this round's
 *   labels about the pool of episodes so far → train → replan → evaluate the greedy planner.
 *
 * Every condition sees the same seeds, streams, label budget, episodes per round, reward model,
 * trainer settings and agent; only what is asked (and so how it is answered) differs. The flat
 * conditions train the same trainer with their labels at the task level and the subgoal weight 0.
 */
import '../../envs/index.js';
import { make } from '../../envs/registry.js';
import type { RewardFreeEnv } from '../../core/env.js';
import type { Rng } from '../../core/rng.js';
import { streamRng, streamSeed } from '../../core/seed-streams.js';
import { unseal } from '../../core/sealed.js';
import type { Box } from '../../core/spaces/box.js';
import { preferenceTarget, type Action, type Fragment, type FragmentPair, type PreferenceAnswer, type Trajectory } from '../../core/types.js';
import { KEY_DOOR_SUBGOALS, readKeyDoor, type KeyDoorSubgoal } from '../../envs/gridworlds/games/key-door-subgoals.js';
import { cutFragments, pairFragments } from '../../preferences/fragmenter.js';
import { HierarchicalRewardTrainer, type HierarchicalDataset } from '../../rewards/hierarchical-trainer.js';
import { RewardModel, type TransitionBatch } from '../../rewards/reward-model.js';
import type { LabeledPair } from '../../rewards/reward-trainer.js';
import { hideReward } from '../../wrappers/hide-reward.js';
import { TabularPlanner } from './planner.js';
import { activeSubgoal, subgoalAnswer, taskTeacher } from './teachers.js';
import type { Condition, ConditionRun, HierarchyConfig, RoundPoint } from './types.js';

/** A segment's rows: the observations its transitions arrive in (the reward is read off them). */
export function arrivalBatch(observations: readonly Float32Array[]): TransitionBatch {
  const n = observations.length - 1;
  const D = observations[0].length;
  const obs = new Float32Array(n * D);
  for (let t = 0; t < n; t++) obs.set(observations[t + 1], t * D);
  return { obs, actions: new Float32Array(n), nextObs: obs, n };
}

/** Rows for single observations (the planner's reward table). */
function stateBatch(observations: readonly Float32Array[]): TransitionBatch {
  return arrivalBatch([observations[0], ...observations]);
}

/** The furthest subgoal an episode finished: 0 none … 3 the goal. */
export function subgoalsDone(observations: readonly Float32Array[]): number {
  let done = 0;
  for (const o of observations) {
    const g = readKeyDoor(o).subgoal;
    done = Math.max(done, g === null ? KEY_DOOR_SUBGOALS.length : KEY_DOOR_SUBGOALS.indexOf(g));
  }
  return done;
}

const wholeEpisode = (t: Trajectory): Fragment => ({
  id: `${t.envId}/${t.seed}/${t.episode}/0`, envId: t.envId, seed: t.seed, episode: t.episode, start: 0, end: t.actions.length,
  observations: t.observations, actions: t.actions, evaluation: t.evaluation,
});

export async function learnOnce(condition: Condition, seed: number, config: HierarchyConfig): Promise<ConditionRun> {
  const stream = (name: string): Rng => streamRng(seed, `hierarchy/${name}`);
  const env = hideReward(make(config.envId)) as RewardFreeEnv<Float32Array, Action>;
  const planner = new TabularPlanner(config.planEnvId);
  const obsDim = (env.observationSpace as Box).flatDim;
  const model = new RewardModel(obsDim, { kind: 'discrete', n: planner.mdp.numActions }, { members: config.members, hidden: config.hidden, useAction: false, inputTransform: config.inputTransform }, stream('reward-model'));
  const hierarchical = condition === 'hierarchical' || condition === 'subgoals-only';
  const taskShare = condition === 'subgoals-only' ? 0 : config.taskLabelShare;
  const trainer = new HierarchicalRewardTrainer(model, {
    weights: hierarchical ? config.weights : { task: 1, subgoal: 0 },
    stepsPerRound: config.stepsPerRound, batch: config.batch, learningRate: config.learningRate,
  });
  const task = taskTeacher(streamSeed(seed, 'hierarchy/teacher'));
  const queryRng = stream('queries');
  const trainRng = stream('trainer');
  const actRng = stream('agent');
  const pool: Trajectory[] = [];
  const data: HierarchicalDataset = { subgoal: {}, task: [] };
  const labelsByLevel: Record<string, number> = {};
  const asked = new Set<string>();
  let labels = 0;
  let ties = 0;
  let seconds = 0;
  let episode = 0;
  let planned = false;

  const playEpisode = (epsilon: number): Trajectory => {
    const first = env.reset(episode === 0 ? { seed: streamSeed(seed, 'hierarchy/env') } : {});
    const t: Trajectory = { envId: config.envId, seed, episode: episode++, observations: [first.observation], actions: [], evaluation: [], terminated: false, truncated: false };
    for (let step = 0; ; step++) {
      const o = t.observations[step];
      const a = !planned || actRng.next() < epsilon ? actRng.int(planner.mdp.numActions) : planner.act(o, planner.horizon - step);
      const r = env.step(a);
      t.actions.push(a);
      t.observations.push(r.observation);
      t.evaluation.push(r.evaluation);
      if (r.terminated || r.truncated) {
        t.terminated = r.terminated;
        t.truncated = r.truncated;
        return t;
      }
    }
  };
  const outcome = (t: Trajectory) => {
    const performance = t.evaluation.reduce((s, e) => s + unseal(e).performance, 0);
    const done = subgoalsDone(t.observations);
    return { performance, success: done === KEY_DOOR_SUBGOALS.length, subgoalsDone: done };
  };

  const record = (level: string, pair: FragmentPair, answer: PreferenceAnswer) => {
    asked.add(pair.id);
    labels++;
    labelsByLevel[level] = (labelsByLevel[level] ?? 0) + 1;
    seconds += config.costs.perQuery + config.costs.perStep * (pair.left.actions.length + pair.right.actions.length);
    const target = preferenceTarget(answer);
    if (target === null) return;
    if (target === 0.5) ties++;
    model.observe(pair.left.observations);
    model.observe(pair.right.observations);
    const labeled: LabeledPair = { id: pair.id, left: arrivalBatch(pair.left.observations), right: arrivalBatch(pair.right.observations), target, heldOut: false };
    if (level === 'task') data.task.push(labeled);
    else (data.subgoal[level.slice('subgoal:'.length)] ??= []).push(labeled);
  };
  const fresh = (pairs: FragmentPair[]) => pairs.filter((p) => !asked.has(p.id));
  const episodePairs = (count: number): FragmentPair[] => (pool.length < 2 ? [] : fresh(pairFragments(pool.map(wholeEpisode), count * 3, queryRng)).slice(0, count));
  const clipPairs = (count: number): FragmentPair[] => fresh(pairFragments(cutFragments(pool, Math.max(2, count * 4), queryRng, { length: config.clipLength }), count * 3, queryRng)).slice(0, count);
  /** Pairs of clips that start with the same subgoal active, from candidates `rng` cuts; the subgoals take turns (those with two clips). */
  let turn = 0;
  const sameSubgoalPairs = (count: number, rng: Rng): { pair: FragmentPair; subgoal: KeyDoorSubgoal }[] => {
    const clips = cutFragments(pool, count * 8, rng, { length: config.clipLength });
    const groups = new Map<KeyDoorSubgoal, Fragment[]>();
    for (const c of clips) {
      const g = activeSubgoal(c.observations);
      if (g !== null && !groups.get(g)?.some((x) => x.id === c.id)) groups.set(g, [...(groups.get(g) ?? []), c]);
    }
    const usable = KEY_DOOR_SUBGOALS.filter((g) => (groups.get(g)?.length ?? 0) >= 2);
    const out: { pair: FragmentPair; subgoal: KeyDoorSubgoal }[] = [];
    for (let tries = 0; out.length < count && usable.length > 0 && tries < count * 20; tries++) {
      const subgoal = usable[turn++ % usable.length];
      const [pair] = fresh(pairFragments(groups.get(subgoal)!, 1, rng));
      if (pair && !out.some((x) => x.pair.id === pair.id)) out.push({ pair, subgoal });
    }
    return out;
  };
  const subgoalPairs = (count: number) => sameSubgoalPairs(count, queryRng);

  const ask = (count: number) => {
    if (condition === 'flat-clips') for (const p of clipPairs(count)) record('task', p, task(p));
    else if (condition === 'flat-episodes') for (const p of episodePairs(count)) record('task', p, task(p));
    else {
      const nTask = taskShare > 0 ? Math.max(1, Math.round(count * taskShare)) : 0;
      const episodes = episodePairs(nTask);
      for (const p of episodes) record('task', p, task(p));
      for (const { pair, subgoal } of subgoalPairs(count - episodes.length)) record(`subgoal:${subgoal}`, pair, subgoalAnswer(pair, subgoal));
    }
  };

  const curve: RoundPoint[] = [];
  let trainingEpisodes = 0;
  let trainingSuccesses = 0;
  for (let round = 0; round < config.rounds; round++) {
    for (let e = 0; e < (round === 0 ? config.warmEpisodes : config.episodesPerRound); e++) {
      const t = playEpisode(config.explorationEpsilon);
      pool.push(t);
      trainingEpisodes++;
      if (outcome(t).success) trainingSuccesses++;
    }
    ask(config.labelsPerRound);
    trainer.train(data, trainRng);
    planner.plan((obs) => model.predict(stateBatch(obs)).mean);
    planned = true;
    const greedy = outcome(playEpisode(0));
    episode--; // the evaluation episode is not part of the pool
    curve.push({ labels, seconds, ...greedy });
  }
  // does the final reward know the subgoals? its agreement with the subgoal teacher on clip pairs never asked
  const segmentReturn = (obs: readonly Float32Array[]) => model.predict(arrivalBatch(obs)).mean.reduce((a, v) => a + v, 0);
  let agree = 0;
  let strict = 0;
  for (const { pair, subgoal } of sameSubgoalPairs(config.probePairs, stream('probe'))) {
    const answer = subgoalAnswer(pair, subgoal);
    if (answer === 'equal') continue;
    strict++;
    if ((segmentReturn(pair.left.observations) > segmentReturn(pair.right.observations)) === (answer === 'left')) agree++;
  }
  const reached = curve.find((p) => p.success);
  return {
    condition, seed, labels, labelsByLevel, ties, seconds, curve,
    final: curve[curve.length - 1],
    labelsToGoal: reached ? reached.labels : null,
    goalRoundShare: curve.filter((p) => p.success).length / curve.length,
    subgoalAgreement: strict ? agree / strict : null,
    probePairs: strict,
    trainingSuccess: trainingEpisodes ? trainingSuccesses / trainingEpisodes : 0,
  };
}
