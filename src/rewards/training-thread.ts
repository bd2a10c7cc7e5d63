/**
 * Reward-model rounds on a second thread, so they overlap the agent's update (issue 18 item 2:
 * both cores). Stateless jobs: each round the caller's model weights, trainer state and random
 * stream go to the worker with the round's data; the worker rebuilds the same model and trainer,
 * runs `trainRound` (the function the in-thread path runs) and sends everything back, which the
 * caller loads. So a round gives the same model bit for bit on either thread, checkpoints and
 * resumes need nothing new, and a worker that dies loses nothing but the round in flight.
 *
 * Only the trainers this module can rebuild from their options go to the thread: `RewardTrainer`
 * (Bradley–Terry) and `MixedTrainerRole`; `canTrainInThread` says which.
 */
import { Worker } from 'node:worker_threads';
import { Rng, type RngState } from '../core/rng.js';
import { workerEntry } from '../core/worker-entry.js';
import { MixedTrainerRole } from './mixed-trainer-role.js';
import type { MixedDataset } from './mixed-trainer.js';
import type { RatedSegment } from './rating-loss.js';
import { RewardModel, type ActionEncoding, type RewardModelMeta, type TransitionBatch } from './reward-model.js';
import { RewardTrainer, type LabeledPair, type RewardTrainerOptions, type RewardTrainingStats } from './reward-trainer.js';
import { trainRound } from './train-round.js';

type TrainerState = { steps: number[]; tensors: Record<string, Float32Array> };

/** One round, as sent to the worker. */
export interface TrainingJob {
  model: { obsDim: number; action: ActionEncoding; meta: RewardModelMeta; tensors: Record<string, Float32Array> };
  trainer: { kind: 'bradley-terry'; options: Partial<RewardTrainerOptions>; state: TrainerState } | { kind: 'mixed'; options: Partial<RewardTrainerOptions>; mixed: MixedTrainerRole['roleOptions']['mixed']; extra: Omit<MixedDataset, 'preference'>; state: TrainerState };
  rng: RngState;
  pairs: LabeledPair[];
  rated: RatedSegment[];
  /** More segments to standardise over (`trainRound`'s `alsoCalibrateOn`). */
  calibrateOn: TransitionBatch[];
}

/** What the worker sends back: the round's stats and every state it changed. */
export interface TrainingResult {
  stats: RewardTrainingStats;
  meta: RewardModelMeta;
  tensors: Record<string, Float32Array>;
  trainer: TrainerState;
  rng: RngState;
}

/** Is this trainer one the thread can rebuild (and is it training `model`)? */
export function canTrainInThread(trainer: RewardTrainer, model: RewardModel): boolean {
  return trainer.model === model && (trainer.constructor === RewardTrainer || trainer.constructor === MixedTrainerRole);
}

const own = (a: Float32Array) => a.slice(); // views into WASM memory or a trajectory would clone their whole buffer
const ownTensors = (t: Record<string, Float32Array>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, own(v)]));
const ownBatch = (b: TransitionBatch): TransitionBatch => ({ obs: own(b.obs), actions: own(b.actions), nextObs: own(b.nextObs), n: b.n });
const ownPairs = (pairs: readonly LabeledPair[]) => pairs.map((p) => ({ ...p, left: ownBatch(p.left), right: ownBatch(p.right) }));

/** The job for one round of `trainer` on `model` (call `extra()` here, once, as `train` would). */
export function trainingJob(model: RewardModel, trainer: RewardTrainer, pairs: readonly LabeledPair[], rated: readonly RatedSegment[], rng: Rng, calibrateOn: readonly TransitionBatch[] = []): TrainingJob {
  const state = trainer.state();
  const trainerState = { steps: [...state.steps], tensors: ownTensors(state.tensors) };
  let spec: TrainingJob['trainer'];
  if (trainer instanceof MixedTrainerRole) {
    const extra = trainer.extra();
    spec = {
      kind: 'mixed', options: trainer.roleOptions.trainer, mixed: trainer.roleOptions.mixed, state: trainerState,
      extra: { ...extra, demonstration: extra.demonstration && ownPairs(extra.demonstration), correction: extra.correction && ownPairs(extra.correction), rating: extra.rating?.map((r) => ({ ...r, segment: ownBatch(r.segment) })), goal: extra.goal?.map((g) => ({ ...g, states: ownBatch(g.states) })) },
    };
  } else spec = { kind: 'bradley-terry', options: trainer.options, state: trainerState };
  return {
    model: { obsDim: model.obsDim, action: model.action, meta: model.meta(), tensors: ownTensors(model.tensors()) },
    trainer: spec, rng: rng.getState(), pairs: ownPairs(pairs), rated: rated.map((r) => ({ ...r, segment: ownBatch(r.segment) })), calibrateOn: calibrateOn.map(ownBatch),
  };
}

/** The model and trainer a thread last rebuilt, reused while jobs come from the same loop (building fused networks per round cost more than the round). */
let built: { key: string; model: RewardModel; trainer: RewardTrainer; extra: { now: Omit<MixedDataset, 'preference'> } } | null = null;

function rebuild(job: TrainingJob): NonNullable<typeof built> {
  const t = job.trainer;
  const key = JSON.stringify([job.model.obsDim, job.model.action, job.model.meta.options, t.kind, t.options, t.kind === 'mixed' ? t.mixed ?? null : null]);
  if (built?.key === key) return built;
  const model = new RewardModel(job.model.obsDim, job.model.action, job.model.meta.options, new Rng(0));
  const extra = { now: {} as Omit<MixedDataset, 'preference'> };
  const trainer = t.kind === 'mixed' ? new MixedTrainerRole(model, t.options, { extra: () => extra.now, mixed: t.mixed }) : new RewardTrainer(model, t.options);
  return (built = { key, model, trainer, extra });
}

/** Run a job where it is (the worker calls this; so can a test). Every state the round reads is loaded from the job. */
export function runTrainingJob(job: TrainingJob): TrainingResult {
  const { model, trainer, extra } = rebuild(job);
  model.load(job.model.meta, job.model.tensors);
  trainer.load(job.trainer.state);
  extra.now = job.trainer.kind === 'mixed' ? job.trainer.extra : {};
  const rng = Rng.fromState(job.rng);
  const stats = trainRound(model, trainer, job.pairs, job.rated, rng, job.calibrateOn);
  const state = trainer.state();
  return { stats, meta: model.meta(), tensors: ownTensors(model.tensors()), trainer: { steps: [...state.steps], tensors: ownTensors(state.tensors) }, rng: rng.getState() };
}

/** Load a round's result into the caller's model, trainer and random stream. */
export function applyTrainingResult(r: TrainingResult, model: RewardModel, trainer: RewardTrainer, rng: Rng): RewardTrainingStats {
  model.load(r.meta, r.tensors);
  trainer.load(r.trainer);
  rng.setState(r.rng);
  return r.stats;
}

/** The worker that runs the rounds: one at a time, in order. */
export class RewardTrainingThread {
  private worker: Worker | null = null;
  private next = 0;
  private readonly waiting = new Map<number, { resolve(r: TrainingResult): void; reject(e: Error): void }>();

  /** Start a round; resolves with its result (reject: the worker's error, or the worker died). */
  run(job: TrainingJob): Promise<TrainingResult> {
    const worker = this.start();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref(); // a round in flight keeps the process alive; an idle thread does not
      worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(workerEntry(import.meta.url, 'training-worker'));
    w.unref();
    w.on('message', (m: { id: number; result?: TrainingResult; error?: { name: string; message: string; stack?: string } }) => {
      const p = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) w.unref();
      if (!p) return;
      if (m.result) p.resolve(m.result);
      else p.reject(Object.assign(new Error(m.error!.message), { name: m.error!.name, stack: m.error!.stack }));
    });
    const fail = (e: Error) => {
      if (this.worker === w) this.worker = null;
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the reward-training thread exited (code ${code}) with a round in flight`)));
    this.worker = w;
    return w;
  }
}
