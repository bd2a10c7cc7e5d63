/**
 * One reward-modeling run with the side-constraint blocker (Saunders et al. 2017) in the
 * agent's envs, through the loop's roles only: the `agent` role is PPO whose envs are wrapped
 * in `Blocker` and whose training reward is the learned reward minus the blocks' penalties.
 * Phases, at loop-iteration boundaries:
 *   1. oversight — the synthetic overseer watches every step and stops catastrophic actions;
 *      each stop is stored in the run's FeedbackStore as an `intervention`;
 *   2. handover — once the agent has taken `oversightSteps` steps, the blocker classifier is
 *      trained on the interventions (read back from the store) and the overseen steps that were
 *      let through, its threshold set so no labelled catastrophe passes;
 *   3. blocker only — the classifier blocks; the overseer only scores what happens.
 * With `protect: false` the same run goes unprotected (nothing is blocked, the overseer only
 * scores): the baseline, identical to the protected run until its first stop.
 */
import { join } from 'node:path';
import type { Env } from '../../core/env.js';
import type { Trajectory } from '../../core/types.js';
import { unseal, type EvaluationSignal } from '../../core/sealed.js';
import { streamRng } from '../../core/seed-streams.js';
import { PpoAgent } from '../../agents/ppo-agent.js';
import { make } from '../../envs/registry.js';
import type { RewardModelingOverrides } from '../../loop/config.js';
import { RewardModelingLoop } from '../../loop/reward-modeling-loop.js';
import { SqliteFeedbackStore } from '../../feedback/sqlite-store.js';
import type { FeedbackStore } from '../../feedback/feedback-store.js';
import { Blocker, type BlockerStep } from '../../wrappers/blocker.js';
import { BlockPenaltyLedger } from '../../wrappers/block-penalty.js';
import { BlockerClassifier, type BlockerClassifierOptions, type BlockerExample } from '../../rewards/blocker-classifier.js';
import { clopperPearsonUpper } from '../../analysis/confidence.js';
import { makeFeedbackSource, resolveConfig } from '../../app/train-run.js';
import { ensureDir, writeJsonAtomic } from '../../runs/run-dir.js';
import { PERFORMANCE_TEACHER, evaluateGreedy } from '../kit/gridworld-agents.js';
import type { Overseer } from './overseers.js';
import type { PhaseCounts, ProtectedRunResult } from './types.js';

export interface ProtectedRunOptions {
  envId: string;
  seed: number;
  steps: number;
  labels: number;
  /**
   * Handover rule: at the first iteration boundary with at least `oversightSteps` agent steps
   * overseen and `minInterventions` stops stored — or, failing those stops, at `maxOversightSteps`.
   */
  oversightSteps: number;
  minInterventions: number;
  maxOversightSteps: number;
  /** Penalty of a blocked action in the agent's training reward (the learned reward is standardised). */
  penalty: number;
  loop: RewardModelingOverrides;
  dir: string;
  overseer: Overseer;
  isCatastrophe: (s: EvaluationSignal) => boolean;
  /** false: the unprotected baseline. */
  protect: boolean;
  classifier?: Partial<BlockerClassifierOptions>;
  /** At most this many let-through steps are kept as safe examples (reservoir sample). */
  maxSafeExamples: number;
  log?: (text: string) => void;
}

const emptyPhase = (): PhaseCounts => ({ steps: 0, catastrophicProposals: 0, blocked: 0, blockedCatastrophic: 0, falseBlocks: 0, unsafeReplacements: 0, catastrophes: 0 });
const pairKey = (obs: Float32Array, a: number) => `${a}|${Buffer.from(obs.buffer, obs.byteOffset, obs.byteLength).toString('base64')}`;

export async function protectedRun(o: ProtectedRunOptions): Promise<ProtectedRunResult> {
  const config = resolveConfig({ ...o.loop, envId: o.envId, seed: o.seed, labels: o.labels, agentSteps: o.steps, feedback: PERFORMANCE_TEACHER });
  const dir = ensureDir(o.dir);
  writeJsonAtomic(join(dir, 'config.json'), config);
  const store: FeedbackStore = await SqliteFeedbackStore.open(join(dir, 'feedback.sqlite'));
  const ledger = new BlockPenaltyLedger();
  const rng = streamRng(o.seed, 'blocker');
  let classifier: BlockerClassifier | null = null;
  let phase: 'oversight' | 'blocker' = 'oversight';
  const counts = { oversight: emptyPhase(), blocker: emptyPhase() };
  const safeExamples: BlockerExample[] = [];
  const seenSafe = new Set<string>();
  let safeSeen = 0;
  const pending: (BlockerStep & { step: number })[] = [];
  let interventions = 0;
  let unmatched = 0;
  let step = 0;
  const curve: [number, number, number][] = [[0, 0, 0]];

  const shouldBlock = (obs: Float32Array, a: number) => (!o.protect ? false : classifier ? classifier.blocks(obs, a) : o.overseer.catastrophic(obs, a));
  /**
   * After handover the replacement is a designated safe action: one the overseer let through or
   * chose itself in this very observation, else the classifier's lowest-scored action (its lowest
   * score can still be a catastrophe it never saw labelled).
   */
  const knownSafe = new Map<string, number>();
  const obsKey = (obs: Float32Array) => Buffer.from(obs.buffer, obs.byteOffset, obs.byteLength).toString('base64');
  const safeAction = (obs: Float32Array, a: number) => (classifier ? (knownSafe.get(obsKey(obs)) ?? classifier.safest(obs)) : o.overseer.safeAction(obs, a));
  const onStep = (s: BlockerStep) => {
    step++;
    const c = counts[phase];
    const catastrophic = o.overseer.catastrophic(s.observation, s.proposedAction);
    c.steps++;
    if (catastrophic) c.catastrophicProposals++;
    if (s.blocked) {
      c.blocked++;
      if (catastrophic) c.blockedCatastrophic++;
      else c.falseBlocks++;
      if (o.overseer.catastrophic(s.observation, s.executedAction)) c.unsafeReplacements++;
    }
    if (s.result.evaluation && o.isCatastrophe(unseal(s.result.evaluation))) c.catastrophes++;
    if (phase !== 'oversight' || !o.protect) return;
    if (s.blocked) {
      pending.push({ ...s, observation: Float32Array.from(s.observation), step });
      keepSafe(s.observation, s.executedAction); // the overseer's replacement: labelled safe by its choice
    } else keepSafe(s.observation, s.proposedAction);
    if (!knownSafe.has(obsKey(s.observation))) knownSafe.set(obsKey(s.observation), s.executedAction);
  };
  const keepSafe = (obs: Float32Array, action: number) => {
    const key = pairKey(obs, action);
    if (seenSafe.has(key)) return;
    seenSafe.add(key);
    const e = { observation: Float32Array.from(obs), action, catastrophe: false };
    safeSeen++;
    if (safeExamples.length < o.maxSafeExamples) safeExamples.push(e);
    else {
      const j = rng.int(safeSeen);
      if (j < o.maxSafeExamples) safeExamples[j] = e;
    }
  };

  const warmStart = { episodes: 0, catastrophes: 0 };
  const countWarmStart = (trajectories: readonly Trajectory[]) => {
    for (const t of trajectories) {
      warmStart.episodes++;
      for (const e of t.evaluation) if (e && o.isCatastrophe(unseal(e))) warmStart.catastrophes++;
    }
  };

  const loop = await RewardModelingLoop.open(config, dir, {
    feedback: makeFeedbackSource(config.feedback, config.seed),
    store,
    agent: (rt) => new PpoAgent(config.ppo, {
      ...rt,
      makeEnv: (i) => new Blocker(rt.makeEnv(i) as Env<Float32Array, number>, { shouldBlock, safeAction, penalty: o.penalty, ledger, onStep }),
      reward: (batch) => {
        const r = rt.reward!(batch);
        const p = ledger.take(batch);
        unmatched += ledger.unmatched;
        for (let k = 0; k < batch.n; k++) r[k] -= p[k];
        return r;
      },
    }),
    observers: [{ onWarmStart: (e) => countWarmStart(e.trajectories) }],
  });
  /** Every stop becomes an intervention record in the run's store (durable before the run goes on). */
  const storeInterventions = async () => {
    const batch = pending.splice(0);
    if (!batch.length) return;
    const first = interventions;
    await store.addQueries(batch.map((s, k) => ({
      id: `intervention-${first + k}`, kind: 'intervention' as const,
      payload: { envId: o.envId, step: s.step, observation: Array.from(s.observation), action: s.proposedAction },
    })));
    for (const [k, s] of batch.entries()) await store.addFeedback({ queryId: `intervention-${first + k}`, labeler: 'synthetic-overseer', answer: { stop: true, safeAction: s.executedAction } });
    interventions += batch.length;
  };

  /** The labelled catastrophes, as the store holds them. */
  const storedCatastrophes = async (): Promise<BlockerExample[]> => {
    const out: BlockerExample[] = [];
    for (const f of await store.feedback({ kind: 'intervention' })) {
      const q = await store.query(f.queryId);
      const p = q?.payload as { observation: number[]; action: number } | undefined;
      if (p) out.push({ observation: Float32Array.from(p.observation), action: p.action, catastrophe: true });
    }
    return out;
  };

  let handover: ProtectedRunResult['handover'] = null;
  let handoverStep: number | null = null;
  let labels = 0;
  try {
    await loop.warmStart();
    while (!loop.done) {
      const m = await loop.step();
      labels = m.labels;
      await storeInterventions();
      const total = counts.oversight.catastrophes + counts.blocker.catastrophes;
      curve.push([loop.agent.globalStep, counts.oversight.catastrophicProposals + counts.blocker.catastrophicProposals, total]);
      const at = loop.agent.globalStep;
      if (phase === 'oversight' && at >= o.oversightSteps && (interventions >= o.minInterventions || at >= o.maxOversightSteps || !o.protect)) {
        phase = 'blocker';
        handoverStep = at;
        if (!o.protect) continue;
        const positives = await storedCatastrophes();
        const examples = [...positives, ...safeExamples];
        classifier = new BlockerClassifier(examples[0].observation.length, numActions(o.envId), rng, o.classifier);
        const fit = classifier.fit(examples, rng);
        handover = { step: loop.agent.globalStep, examples: examples.length, catastropheExamples: positives.length, safeExamples: safeExamples.length, safeSeen, ...fit };
        o.log?.(`  handover at step ${loop.agent.globalStep}: ${positives.length} interventions, ${safeExamples.length} safe examples, threshold ${fit.threshold.threshold.toPrecision(3)} (set by ${fit.threshold.setBy})`);
      }
    }
    const final = evaluateGreedy(o.envId, (x) => loop.agent.act(x, true), config.evalEpisodes, o.seed);
    const b = counts.blocker;
    // Every catastrophic action the blocker judged: the agent's proposals, and the replacements it chose itself.
    const misses = b.catastrophicProposals - b.blockedCatastrophic + b.unsafeReplacements;
    const judged = b.catastrophicProposals + b.unsafeReplacements;
    return {
      protect: o.protect, steps: loop.agent.globalStep, labels, handoverStep, warmStart, oversight: counts.oversight, afterHandover: b, handover,
      interventions, overseenSteps: o.protect ? counts.oversight.steps : 0,
      missRate: { misses, catastrophic: judged, upper95: clopperPearsonUpper(misses, judged, 0.95) },
      final, ledgerUnmatched: unmatched, overseerUnknown: o.overseer.unknown, curve,
    };
  } finally {
    await loop.close();
  }
}

function numActions(envId: string): number {
  const space = make(envId).actionSpace as { n?: number };
  return space.n ?? 0;
}
