/**
 * One learning run of the study, its own small loop over library parts (the reward-modeling
 * loop has no injection point for a second query source; see the report for the change it
 * would need): a reward-model ensemble, the Bradley–Terry trainer, the synthetic teacher, and
 * the shooting planner as the agent. Each round:
 *
 * - hypothetical: ask `labelsPerRound` queries about clips the simulator plays from proposed
 *   start states (HypotheticalQueryGenerator), train, then let the agent play its real episodes;
 * - on-policy: let the agent play its real episodes, then ask `labelsPerRound` queries about
 *   clips of its real episodes so far (the loop's default: disagreement over random candidate pairs), train.
 *
 * Both sources see the same seeds, streams, label budget and number of real episodes. Every real
 * step is counted from the sealed channel by this evaluation code; simulator steps (queries and
 * planning) are hypothetical and not counted.
 */
import type { RewardFreeEnv } from '../../core/env.js';
import type { Rng } from '../../core/rng.js';
import { streamRng, streamSeed } from '../../core/seed-streams.js';
import { unseal } from '../../core/sealed.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete } from '../../core/spaces/discrete.js';
import { preferenceTarget, type Action, type FragmentPair, type Trajectory } from '../../core/types.js';
import { cutFragments, pairFragments } from '../../preferences/fragmenter.js';
import { HypotheticalQueryGenerator, type ClipRewardPredictor } from '../../preferences/hypothetical-queries.js';
import { disagreementSelector } from '../../preferences/query-selector.js';
import { SyntheticTeacher } from '../../preferences/synthetic-teacher.js';
import { RewardModel, concatBatches, type TransitionBatch } from '../../rewards/reward-model.js';
import { RewardTrainer, type LabeledPair } from '../../rewards/reward-trainer.js';
import { hideReward } from '../../wrappers/hide-reward.js';
import type { HypotheticalCase } from './cases.js';
import { ShootingPlanner } from './planner.js';
import type { ConditionRun, HypotheticalStatesConfig, QuerySource } from './types.js';

/** The reward of a transition is read off the state it arrives in (the hidden rewards of both worlds are). */
function arrivalBatch(observations: readonly Float32Array[], actions: readonly Action[]): TransitionBatch {
  const n = actions.length;
  const D = observations[0].length;
  const obs = new Float32Array(n * D);
  for (let t = 0; t < n; t++) obs.set(observations[t + 1], t * D);
  const acts = new Float32Array(n);
  return { obs, actions: acts, nextObs: obs, n };
}

function memberRewards(model: RewardModel, batch: TransitionBatch): Float64Array[] {
  const f = model.features(batch);
  return model.nets.map((_, m) => Float64Array.from(model.memberRaw(m, f, batch.n), (r) => (r - model.shift[m]) / model.scale[m]));
}

/** Real-episode bookkeeping: unsafe entries (arriving inside from outside) and unsafe steps. */
function countUnsafe(c: HypotheticalCase, t: Trajectory): { entries: number; steps: number; goal: boolean; ret: number } {
  let entries = 0;
  let steps = 0;
  let inside = false;
  let goal = false;
  let ret = 0;
  for (const e of t.evaluation) {
    const s = unseal(e);
    const unsafe = c.isUnsafe(s);
    if (unsafe) steps++;
    if (unsafe && !inside) entries++;
    inside = unsafe;
    if (c.isGoal(s)) goal = true;
    ret += c.metric === 'reward' ? s.reward : s.performance;
  }
  return { entries, steps, goal, ret };
}

export async function learnOnce(c: HypotheticalCase, source: QuerySource, seed: number, config: HypotheticalStatesConfig): Promise<ConditionRun> {
  const stream = (name: string): Rng => streamRng(seed, `hypothetical-queries/${name}`);
  const real = hideReward(c.makeEnv()) as RewardFreeEnv<Float32Array, Action>;
  const simulator = hideReward(c.makeEnv()) as RewardFreeEnv<Float32Array, Action>;
  const planSim = hideReward(c.makeEnv()) as RewardFreeEnv<Float32Array, Action>;
  const obsDim = (real.observationSpace as Box).flatDim;
  const action = real.actionSpace instanceof Discrete ? { kind: 'discrete' as const, n: real.actionSpace.n } : { kind: 'box' as const, dim: (real.actionSpace as Box).flatDim };
  const model = new RewardModel(obsDim, action, { members: 3, hidden: [32, 32], useAction: false }, stream('reward-model'));
  const trainer = new RewardTrainer(model, { epochs: 40, maxStepsPerRound: 200, batchPairs: 16, learningRate: 3e-3 });
  const teacher = new SyntheticTeacher({ metric: c.metric, beta: config.teacherBeta }, streamSeed(seed, 'hypothetical-queries/teacher'));
  const predict: ClipRewardPredictor = (obs, acts) => memberRewards(model, arrivalBatch(obs, acts));
  const arrivalReward = (obs: readonly Float32Array[]): Float64Array => (obs.length === 0 ? new Float64Array(0) : Float64Array.from(model.predict(arrivalBatch([obs[0], ...obs], obs.map(() => 0))).mean));
  const planner = new ShootingPlanner(planSim, arrivalReward, { sequences: config.planSequences, horizon: config.planHorizon, terminalWeight: config.planTerminalWeight, ...(c.planSequence ? { sampleSequence: c.planSequence } : {}) });
  // Hypothetical clips show either what the agent would do from the proposed state (its planner
  // on the current reward model, in the simulator: ReQueST's reward-maximising behaviour) or the
  // case's exploratory clip policy.
  const clipPlanner = new ShootingPlanner(hideReward(c.makeEnv()) as RewardFreeEnv<Float32Array, Action>, arrivalReward, {
    sequences: Math.max(4, Math.round(config.planSequences / 2)), horizon: config.planHorizon, terminalWeight: config.planTerminalWeight, ...(c.planSequence ? { sampleSequence: c.planSequence } : {}),
  });
  const explore = (rng: Rng) => (c.clipPolicy ? c.clipPolicy(rng) : () => simulator.actionSpace.sample(rng) as Action);
  const planned = (rng: Rng) => {
    // open loop for `replanEvery` steps between plans (a clip is cheap to propose)
    let plan: Action[] = [];
    let t = 0;
    return (o: Float32Array): Action => {
      if (t % config.clipReplanEvery === 0) plan = clipPlanner.plan(c.stateOf(o), rng);
      return plan[t++ % config.clipReplanEvery];
    };
  };
  const clipPolicy = (rng: Rng) => (rng.next() < config.plannedClipShare ? planned(rng) : explore(rng));
  const generator = new HypotheticalQueryGenerator(
    { simulator, sampleState: (rng) => c.sampleState(rng), predict, clipPolicy },
    { objectives: config.objectives, candidates: config.candidates, clipLength: c.clipLength },
  );
  const queryRng = stream('queries');
  const trainRng = stream('trainer');
  const actRng = stream('planner');
  const labeled: LabeledPair[] = [];
  const trajectories: Trajectory[] = [];
  let episode = 0;
  let firstReset = true;

  const playEpisode = (rng: Rng, exploring = false): Trajectory => {
    const first = real.reset(firstReset ? { seed: streamSeed(seed, 'hypothetical-queries/real-env') } : {});
    firstReset = false;
    const t: Trajectory = { envId: c.envId, seed, episode: episode++, observations: [first.observation], actions: [], evaluation: [], terminated: false, truncated: false };
    const explorer = exploring ? explore(rng) : null;
    for (;;) {
      const o = t.observations[t.observations.length - 1];
      const a = explorer ? explorer(o) : planner.act(c.stateOf(o), rng);
      const r = real.step(a);
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

  const ask = async (pairs: FragmentPair[]): Promise<void> => {
    for (const pair of pairs) {
      const { answer } = await teacher.ask(pair);
      const target = preferenceTarget(answer);
      if (target === null) continue;
      model.observe(pair.left.observations);
      model.observe(pair.right.observations);
      labeled.push({ id: pair.id, left: arrivalBatch(pair.left.observations, pair.left.actions), right: arrivalBatch(pair.right.observations, pair.right.actions), target, heldOut: false });
    }
    if (labeled.length === 0) return;
    trainer.train(labeled, trainRng);
    model.calibrate(concatBatches(labeled.flatMap((p) => [p.left, p.right])));
  };

  const onPolicyPairs = (count: number): FragmentPair[] => {
    const usable = trajectories.filter((t) => t.actions.length >= c.clipLength);
    if (usable.length === 0) return [];
    const fragments = cutFragments(usable, Math.max(2, count * 4), queryRng, { length: c.clipLength });
    const candidates = pairFragments(fragments, count * config.candidatePairsPerLabel, queryRng);
    return disagreementSelector.select(candidates, count, queryRng, (pairs) => trainer.predictPreferences(pairs.map((p) => ({ id: p.id, left: arrivalBatch(p.left.observations, p.left.actions), right: arrivalBatch(p.right.observations, p.right.actions), target: 0.5, heldOut: false }))));
  };

  let unsafeEntries = 0;
  let unsafeSteps = 0;
  const curve: number[] = [];
  for (let round = 0; round < config.rounds; round++) {
    if (source === 'hypothetical') await ask(generator.propose(config.labelsPerRound, queryRng));
    for (let e = 0; e < config.episodesPerRound; e++) {
      // the on-policy learner explores in the real env (its queries can only show what it did); the hypothetical one explores in the simulator
      const t = playEpisode(actRng, source === 'on-policy' && e < config.onPolicyExplorationEpisodes);
      trajectories.push(t);
      generator.addReference(t.observations, queryRng);
      const u = countUnsafe(c, t);
      unsafeEntries += u.entries;
      unsafeSteps += u.steps;
    }
    if (source !== 'hypothetical') await ask(onPolicyPairs(config.labelsPerRound));
    curve.push(unsafeEntries);
  }
  const evalRng = stream('evaluation');
  const finals = Array.from({ length: config.evalEpisodes }, () => countUnsafe(c, playEpisode(evalRng)));
  const probes = c.probeObservations?.() ?? [];
  const rewardMap = probes.length ? Array.from(model.predict(arrivalBatch([probes[0], ...probes], probes.map(() => 0))).mean, (v) => Math.round(v * 100) / 100) : undefined;
  return {
    ...(rewardMap ? { rewardMap } : {}),
    source, seed, labels: labeled.length, episodes: trajectories.length, unsafeEntries, unsafeSteps, curve,
    final: {
      meanReturn: finals.reduce((s, f) => s + f.ret, 0) / finals.length,
      goalShare: finals.filter((f) => f.goal).length / finals.length,
      unsafeEntries: finals.reduce((s, f) => s + f.entries, 0),
    },
  };
}
