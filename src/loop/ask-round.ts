/**
 * The loop's asking and folding (moved out of reward-modeling-loop.ts): which queries a round asks
 * (pairs and, when `config.ask` lists them, clips to rate, taking turns over the budget's query
 * slots), the answers on their way into the store, and the dataset folded FROM the store — in
 * store order, so a resumed run folds the same answers in the same order — with retractions
 * (undo) dropped at the next fold. The loop owns the schedule (when a round asks, when it trains);
 * this part owns what was asked and what was folded, and the checkpoint's part of both.
 */
import type { Rng } from '../core/rng.js';
import { DataFormatError } from '../core/errors.js';
import { streamRng, streamSeed, streamUniform } from '../core/seed-streams.js';
import { preferenceTarget, type Action, type FragmentPair, type PreferenceAnswer, type Trajectory } from '../core/types.js';
import { fragmentBatch } from '../rewards/reward-model.js';
import type { RewardModel } from '../rewards/reward-model.js';
import type { LabeledPair, RewardTrainer } from '../rewards/reward-trainer.js';
import type { RatedSegment } from '../rewards/rating-loss.js';
import { goalExamples } from '../rewards/fold-feedback.js';
import type { GoalExample } from '../rewards/goal-loss.js';
import { checkGoalAnswer, type GoalAnswer } from '../feedback/goal-answer.js';
import { cutFragments, pairFragments } from '../preferences/fragmenter.js';
import type { QuerySelector } from '../preferences/query-selector.js';
import type { FeedbackSource } from '../preferences/feedback-source.js';
import type { KindedFeedbackSource } from '../preferences/kinded-feedback-source.js';
import type { FeedbackStore, NewQuery } from '../feedback/feedback-store.js';
import type { FeedbackRecord, QueryRecord } from '../feedback/records.js';
import { faultPoint } from '../runs/fault.js';
import type { RewardModelingConfig } from './config.js';
import { decodePair, encodePair } from './fragment-codec.js';
import { labelsDue } from './label-schedule.js';
import { DEMO_ID_PREFIX, cutEpisode, decodeDemonstration, demoPairsFor, encodeDemonstration, type DemoRequestPayload } from './demo-queries.js';
import { CORRECTION_ID_PREFIX, correctionObservations, correctionPair, correctionQuery, encodeCorrection } from './correction-queries.js';
import { GOAL_ID_PREFIX, RATING_ID_PREFIX, decodeClip, encodeClip, ratingsAmong, withoutStillTail, type AskKind } from './rating-queries.js';

export interface AskRoundDeps {
  config: RewardModelingConfig;
  store: FeedbackStore;
  feedback: FeedbackSource;
  /** Who answers the non-preference kinds asked for (ratings, demonstrations): the loop's `roles.rater`. */
  rater: KindedFeedbackSource | null;
  selector: (name: RewardModelingConfig['selector']) => QuerySelector;
  trainer: RewardTrainer;
  model: RewardModel;
  /** Candidate sampling and query selection (stream `queries`). */
  queryRng: Rng;
  /** The agent's deterministic policy (correction queries show its clips). */
  policy: (observation: Float32Array) => Action;
  log(text: string): void;
}

/** What a checkpoint keeps of the asking and folding (part of LoopState). */
export interface AskRoundState {
  asked: string[];
  folded: number[];
  retractionUpto: number;
  queriesAsked: number;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class AskRound {
  /** Answered pairs with a preference, in fold order. */
  dataset: LabeledPair[] = [];
  /** The folded ratings, in fold order. */
  rated: RatedSegment[] = [];
  queriesAsked = 0;
  /** Asked and not answered yet (answers not yet durable included). */
  pending = 0;
  private asked = new Set<string>();
  private folded: number[] = [];
  private foldedSet = new Set<number>();
  /** Dataset entries by the seq of the answer they came from (to drop retracted ones). */
  private bySeq = new Map<number, LabeledPair>();
  private ratedBySeq = new Map<number, RatedSegment>();
  /** The folded demonstrations (their record's seq, to drop a retracted one), in fold order. */
  private demos: { seq: number; episodes: Trajectory[] }[] = [];
  /** The folded goal answers as goal examples (by their record's seq), in fold order. */
  private goals: { seq: number; examples: GoalExample[] }[] = [];
  /** The folded corrections as corrected ≻ original pairs (by their record's seq), in fold order. */
  private corrections: { seq: number; pair: LabeledPair }[] = [];
  /** Retractions processed so far (by retraction seq). */
  private retractionUpto = 0;
  /** Answers on their way into the store. */
  private readonly arrivals = new Set<Promise<void>>();
  private storeFailure: Error | null = null;

  constructor(private readonly d: AskRoundDeps) {}

  /** Ask for labels until `labelsDue` is met: pairs (sample candidates from the pool, select) and, when asked for, clips to rate; answers arrive async. */
  async ask(globalStep: number, pool: readonly Trajectory[], demonstrations: readonly Trajectory[]): Promise<void> {
    const c = this.d.config;
    const due = labelsDue(globalStep, { budget: c.labels, initialShare: c.initialShare, totalSteps: c.agentSteps, decay: c.scheduleDecay });
    const need = due - this.queriesAsked;
    if (need <= 0) return;
    // The kinds take turns over the budget's query slots: ratings due so far minus ratings asked.
    const ask = c.ask ?? ['preference'];
    const ratings = this.d.rater && ask.includes('rating') ? Math.min(need, ratingsAmong(ask, 0, due) - [...this.asked].filter((id) => id.startsWith(RATING_ID_PREFIX)).length) : 0;
    /** Queries of `kind` due so far minus those asked (ids start with `prefix`), within what is left of `need`. */
    const dueOf = (kind: AskKind, prefix: string, left: number) => (this.d.rater && ask.includes(kind) ? Math.max(0, Math.min(left, ratingsAmong(ask, 0, due, kind) - [...this.asked].filter((id) => id.startsWith(prefix)).length)) : 0);
    const demos = dueOf('demo', DEMO_ID_PREFIX, need - ratings);
    const goals = dueOf('goal', GOAL_ID_PREFIX, need - ratings - demos);
    const corrections = dueOf('correction', CORRECTION_ID_PREFIX, need - ratings - demos - goals);
    if (need - ratings - demos - goals - corrections > 0) await this.askPairs(need - ratings - demos - goals - corrections, pool, demonstrations);
    if (ratings > 0) await this.askRatings(ratings, pool);
    if (demos > 0) await this.askDemos(demos);
    if (goals > 0) await this.askGoals(goals, pool);
    if (corrections > 0) await this.askCorrections(corrections);
  }

  /** Agent clips to take over ('correction' in config.ask; correction-queries.ts): stored with how to reach their first state, asked of the kinded source; the answer is one 'intervention' record. */
  private async askCorrections(need: number): Promise<void> {
    const c = this.d.config;
    const queries = Array.from({ length: need }, (_, i) => correctionQuery(this.queriesAsked + i, this.d.policy, { envId: c.envId, seed: c.seed, length: c.fragmentLength, recordFrames: c.recordFrames }));
    const source = this.d.rater!;
    await this.storeAndAsk(queries.map((q) => ({ id: q.id, kind: 'intervention' as const, payload: q.payload })), (_q, i) => {
      const { id, payload, clip } = queries[i];
      this.track(id, source.ask({ kind: 'intervention', id, clip, replay: { seed: payload.seed, prefix: payload.prefix, minCorrected: payload.minCorrected } }), async (a) => {
        if (a.kind !== 'intervention') throw new DataFormatError(`${source.name}: answered a ${a.kind} to correction query ${id}`);
        if (!source.storesAnswers) await this.d.store.addFeedback({ queryId: id, labeler: a.labeler, answer: encodeCorrection(a, payload, `${source.name}'s correction ${id}`) }); // durable before we use it
      });
    });
  }

  /** The folded corrections' corrected ≻ original pairs, in fold order. */
  get correctionPairs(): LabeledPair[] { return this.corrections.map((x) => x.pair); }

  private async askPairs(need: number, pool: readonly Trajectory[], demonstrations: readonly Trajectory[]): Promise<void> {
    const c = this.d.config;
    const selector = this.d.selector(this.dataset.length === 0 ? 'uniform' : c.selector);
    // The warm start (no labels yet) draws as many candidates as it asks for, whatever the
    // selector; later rounds draw candidateFactor× as many, 'uniform' too, so that dropping the
    // pairs nobody can tell apart (query-selector.ts) leaves it enough to ask what is due.
    const k = this.dataset.length === 0 ? 1 : c.candidateFactor;
    const rng = this.d.queryRng;
    const fragments = cutFragments(demonstrations.length ? [...pool, ...demonstrations] : [...pool], 2 * need * k, rng, { length: c.fragmentLength });
    const candidates = pairFragments(fragments, need * k, rng);
    const chosen = selector.select(candidates, need, rng, (pairs) => this.d.trainer.predictPreferences(pairs.map((p) => this.toLabeled(p, 0.5))));
    const store = this.d.store;
    const feedback = this.d.feedback;
    await this.storeAndAsk(chosen.map((pair) => ({ id: pair.id, kind: 'preference' as const, payload: encodePair(pair, c.recordFrames) })), (_q, i) => {
      const pair = chosen[i];
      this.track(pair.id, feedback.ask(pair), async (a) => {
        if (!feedback.storesAnswers) await store.addFeedback({ queryId: a.pairId, labeler: a.labeler, answer: a.answer }); // durable before we use it
      });
    });
  }

  /**
   * Store `queries` (re-adding one a crashed run already stored is a no-op), count them as asked,
   * and `ask` each one that has no stored answer yet (a resumed run replays the stored answer).
   */
  private async storeAndAsk(queries: NewQuery[], ask: (q: NewQuery, i: number) => void): Promise<void> {
    await this.d.store.addQueries(queries);
    const answered = new Set((await this.d.store.feedback()).map((f) => f.queryId));
    this.queriesAsked += queries.length;
    queries.forEach((q, i) => {
      this.asked.add(q.id);
      if (!answered.has(q.id)) ask(q, i);
    });
  }

  /**
   * Clips to rate on 1…5 (config.ask includes 'rating'): cut uniformly from the pool's episodes
   * without their still tails (a clip of the absorbing state alone gives a person nothing to
   * judge, issue 12 item 3), stored, asked of the rater.
   */
  private async askRatings(need: number, pool: readonly Trajectory[]): Promise<void> {
    const c = this.d.config;
    const L = c.fragmentLength;
    const clips = cutFragments(pool.map((t) => withoutStillTail(t, L)), need, this.d.queryRng, { length: L });
    const ids = clips.map((clip, i) => `${RATING_ID_PREFIX}${this.queriesAsked + i}/${clip.id}`);
    const store = this.d.store;
    const rater = this.d.rater!;
    await this.storeAndAsk(clips.map((clip, i) => ({ id: ids[i], kind: 'rating' as const, payload: encodeClip(clip, c.recordFrames) })), (_q, i) => {
      const clip = clips[i];
      const id = ids[i];
      this.track(id, rater.ask({ kind: 'rating', id, clip: { ...clip, id } }), async (a) => {
        if (a.kind !== 'rating') throw new DataFormatError(`rater ${rater.name}: answered a ${a.kind} to rating query ${id}`);
        if (!rater.storesAnswers) await store.addFeedback({ queryId: id, labeler: a.labeler, answer: a.rating }); // durable before we use it
      });
    });
  }

  /**
   * Episodes to play ('demo' in config.ask): one query each, reset seed from stream
   * `demonstration/<query number>`, stored, asked of the kinded source (people on the page, or a
   * synthetic demonstrator); the answer is one 'demonstration' record (demo-queries.ts).
   */
  private async askDemos(need: number): Promise<void> {
    const c = this.d.config;
    const store = this.d.store;
    const queries = Array.from({ length: need }, (_, i) => {
      const n = this.queriesAsked + i;
      const payload: DemoRequestPayload = { kind: 'demonstration-request', version: 1, envId: c.envId, seed: streamSeed(c.seed, `demonstration/${n}`), maxSteps: c.demoSteps ?? 4 * c.fragmentLength, minSteps: c.fragmentLength };
      return { id: `${DEMO_ID_PREFIX}${n}`, kind: 'demonstration' as const, payload };
    });
    const source = this.d.rater!;
    await this.storeAndAsk(queries, (_q, i) => {
      const q = queries[i];
      this.track(q.id, source.ask({ kind: 'demonstration', id: q.id, episodes: 1, seed: q.payload.seed }), async (a) => {
        if (a.kind !== 'demonstration') throw new DataFormatError(`${source.name}: answered a ${a.kind} to demonstration query ${q.id}`);
        if (!source.storesAnswers) await store.addFeedback({ queryId: q.id, labeler: a.labeler, answer: encodeDemonstration(a.trajectories.map((t) => cutEpisode(t, q.payload.maxSteps))) }); // durable before we use it
      });
    });
  }

  /**
   * Clips to mark ('goal' in config.ask): cut as rating clips are (without still tails), stored as
   * 'fragment-clip' payloads, asked of the kinded source; the answer is the clip's steps that look
   * like "done" (src/feedback/goal-answer.ts), none included.
   */
  private async askGoals(need: number, pool: readonly Trajectory[]): Promise<void> {
    const c = this.d.config;
    const L = c.fragmentLength;
    const clips = cutFragments(pool.map((t) => withoutStillTail(t, L)), need, this.d.queryRng, { length: L });
    const ids = clips.map((clip, i) => `${GOAL_ID_PREFIX}${this.queriesAsked + i}/${clip.id}`);
    const store = this.d.store;
    const source = this.d.rater!;
    await this.storeAndAsk(clips.map((clip, i) => ({ id: ids[i], kind: 'goal' as const, payload: encodeClip(clip, c.recordFrames) })), (_q, i) => {
      const clip = clips[i];
      const id = ids[i];
      const trajectory = { envId: clip.envId, seed: clip.seed, episode: clip.episode, observations: clip.observations, actions: clip.actions, evaluation: clip.evaluation, terminated: false, truncated: false };
      this.track(id, source.ask({ kind: 'goal', id, trajectory }), async (a) => {
        if (a.kind !== 'goal') throw new DataFormatError(`${source.name}: answered a ${a.kind} to goal query ${id}`);
        const answer: GoalAnswer = { goalSteps: [...new Set(a.goalSteps)].sort((x, y) => x - y) };
        if (!source.storesAnswers) await store.addFeedback({ queryId: id, labeler: a.labeler, answer }); // durable before we use it
      });
    });
  }

  /** The folded goal examples (marked steps vs the clip's other steps), in fold order. */
  get goalExamples(): GoalExample[] { return this.goals.flatMap((g) => g.examples); }

  /** Goal records folded (each one label). */
  get goalRecords(): number { return this.goals.length; }

  /** Demonstration records folded (each one label). */
  get demonstrationRecords(): number { return this.demos.length; }

  /** The folded demonstrations' episodes, in fold order. */
  get demonstrations(): Trajectory[] { return this.demos.flatMap((d) => d.episodes); }

  /**
   * The demonstration term's pairs for a round: DEMO_SEGMENTS segments of every folded
   * demonstration episode, each preferred to a random segment of the pool's episodes (demo ≻
   * agent); stream `demo-pairs/<round>`, so a resumed run draws the same pairs. Empty without
   * demonstrations (or a pool with no episode as long as a segment).
   */
  demonstrationPairs(pool: readonly Trajectory[], round: number): LabeledPair[] {
    return demoPairsFor(this.demonstrations, pool, this.d.config.fragmentLength, streamRng(this.d.config.seed, `demo-pairs/${round}`));
  }

  /** One outstanding answer: pending until `keep` has stored it (a failed answer is logged; a failed store write fails the run at its next step, with a checkpoint intact). */
  private track<A>(queryId: string, answer: Promise<A>, keep: (a: A) => Promise<void>): void {
    this.pending++;
    const arrival = answer.then(
      async (a) => {
        await keep(a);
        faultPoint('answer-stored');
      },
      (err) => this.d.log(`feedback for ${queryId} failed: ${(err as Error).message}`),
    ).catch((err: Error) => {
      this.storeFailure ??= err; // the store refused a write (disk full, …)
    }).finally(() => {
      this.pending--;
      this.arrivals.delete(arrival);
    });
    this.arrivals.add(arrival);
  }

  /** Until every answer on its way is durable (synthetic teachers answer at once). */
  async settleAll(): Promise<void> {
    while (this.arrivals.size > 0) await Promise.all([...this.arrivals]);
  }

  /** Synthetic teachers answer at once: wait until their answers are durable, so every run folds the same answers at the same round whatever the store's latency. */
  async settleImmediateAnswers(): Promise<void> {
    await tick();
    if (this.d.feedback.storesAnswers || this.d.feedback.immediate === false) return;
    await this.settleAll();
  }

  toLabeled(pair: { id: string; left: { observations: Float32Array[]; actions: Action[] }; right: { observations: Float32Array[]; actions: Action[] } }, target: number): LabeledPair {
    return { id: pair.id, left: fragmentBatch(pair.left.observations, pair.left.actions), right: fragmentBatch(pair.right.observations, pair.right.actions), target, heldOut: this.isHeldOut(pair.id) };
  }

  /** Held-out membership is a property of the query (stream `held-out/<id>`), not of when it was folded. */
  private isHeldOut(queryId: string): boolean {
    return streamUniform(this.d.config.seed, `held-out/${queryId}`) < this.d.config.heldOutShare;
  }

  /**
   * Fold the answers that have arrived, to queries this loop asked, into the dataset (from the
   * store: what is there is durable). Answers a crashed run stored for queries this run has not
   * asked yet wait until it asks them, so a resumed run folds what the uninterrupted one did.
   * Returns the answers added and removed, and records the fold in the store when there were any.
   */
  async fold(round: number): Promise<{ added: number; removed: number }> {
    if (this.storeFailure) throw this.storeFailure;
    const store = this.d.store;
    let added = 0;
    let removed = 0;
    for (const rec of await store.feedback()) {
      if (this.foldedSet.has(rec.seq) || !this.asked.has(rec.queryId)) continue;
      if (await this.foldRecord(rec, true)) added++;
    }
    // Undo after training used an answer: a retraction drops it from the dataset at this round (nothing is deleted).
    for (const r of await store.retractions({ sinceSeq: this.retractionUpto })) {
      this.retractionUpto = Math.max(this.retractionUpto, r.seq);
      if (this.dropRetracted(r.feedbackSeq)) removed++;
    }
    if (added > 0 || removed > 0) {
      const feedbackUpto = Math.max(...this.folded);
      await store.recordFold({ round, feedbackUpto, retractionUpto: this.retractionUpto }); // also: these answers count as used
    }
    return { added, removed };
  }

  /** Removes a retracted answer's pair from the dataset; false when it was not in it. */
  private dropRetracted(feedbackSeq: number): boolean {
    const corr = this.corrections.find((x) => x.seq === feedbackSeq);
    if (corr) {
      this.corrections = this.corrections.filter((x) => x !== corr);
      return true;
    }
    const goal = this.goals.find((g) => g.seq === feedbackSeq);
    if (goal) {
      this.goals = this.goals.filter((g) => g !== goal);
      return true;
    }
    const demo = this.demos.find((d) => d.seq === feedbackSeq);
    if (demo) {
      this.demos = this.demos.filter((d) => d !== demo);
      return true;
    }
    const rated = this.ratedBySeq.get(feedbackSeq);
    if (rated) {
      this.ratedBySeq.delete(feedbackSeq);
      this.rated = this.rated.filter((r) => r !== rated);
      return true;
    }
    const pair = this.bySeq.get(feedbackSeq);
    if (!pair) return false;
    this.bySeq.delete(feedbackSeq);
    this.dataset = this.dataset.filter((p) => p !== pair);
    return true;
  }

  /** Adds one stored answer to the dataset; false when it carries no training target (can't tell, skip). */
  private async foldRecord(rec: FeedbackRecord, observe: boolean): Promise<boolean> {
    this.folded.push(rec.seq);
    this.foldedSet.add(rec.seq);
    if (rec.kind === 'rating') return this.foldRating(rec, observe);
    if (rec.kind === 'goal') return this.foldGoal(rec, observe);
    if (rec.kind === 'intervention') {
      const query = await this.queryOf(rec);
      this.corrections.push({ seq: rec.seq, pair: correctionPair(rec.queryId, query.payload, rec.answer, `feedback store ${this.d.store.location}: answer ${rec.seq}`) });
      if (observe) this.d.model.observe(correctionObservations(query.payload, rec.answer));
      return true;
    }
    if (rec.kind === 'demonstration') {
      const episodes = decodeDemonstration(rec.answer, `feedback store ${this.d.store.location}: answer ${rec.seq}`);
      if (observe) this.d.model.observe(episodes.flatMap((t) => t.observations));
      this.demos.push({ seq: rec.seq, episodes });
      return true;
    }
    const target = preferenceTarget(rec.answer as PreferenceAnswer);
    if (target === null) return false;
    const query = await this.queryOf(rec);
    const pair = decodePair(query.payload, `query ${rec.queryId}`);
    if (observe) this.d.model.observe([...pair.left.observations, ...pair.right.observations]);
    const labeled = this.toLabeled({ id: rec.queryId, ...pair }, target);
    this.dataset.push(labeled);
    this.bySeq.set(rec.seq, labeled);
    return true;
  }

  /** The stored query an answer names. */
  private async queryOf(rec: FeedbackRecord): Promise<QueryRecord> {
    const query = await this.d.store.query(rec.queryId);
    if (!query) throw new DataFormatError(`feedback store ${this.d.store.location}: answer ${rec.seq} names query ${rec.queryId}, which is not stored`);
    return query;
  }

  /** A goal answer: the clip's marked steps as one goal example, its other steps as one negative (src/rewards/fold-feedback.ts). */
  private async foldGoal(rec: FeedbackRecord, observe: boolean): Promise<boolean> {
    const query = await this.queryOf(rec);
    const clip = decodeClip(query.payload, `query ${rec.queryId}`);
    const { goalSteps } = checkGoalAnswer(rec.answer, clip.actions.length, `feedback store ${this.d.store.location}: answer ${rec.seq}`);
    if (observe) this.d.model.observe(clip.observations);
    const t = { envId: '', seed: 0, episode: 0, observations: clip.observations, actions: clip.actions, evaluation: [], terminated: false, truncated: false };
    this.goals.push({ seq: rec.seq, examples: goalExamples(t, goalSteps, rec.queryId) });
    return true;
  }

  private async foldRating(rec: FeedbackRecord, observe: boolean): Promise<boolean> {
    const query = await this.queryOf(rec);
    const clip = decodeClip(query.payload, `query ${rec.queryId}`);
    if (observe) this.d.model.observe(clip.observations);
    const rated: RatedSegment = { id: rec.queryId, segment: fragmentBatch(clip.observations, clip.actions), rating: rec.answer as number };
    this.rated.push(rated);
    this.ratedBySeq.set(rec.seq, rated);
    return true;
  }

  state(): AskRoundState {
    return { asked: [...this.asked], folded: this.folded, retractionUpto: this.retractionUpto, queriesAsked: this.queriesAsked };
  }

  /** The dataset as it was at a checkpoint: its answers folded again in order (input statistics come from the checkpoint), then its retractions. */
  async restore(state: AskRoundState, where: string): Promise<void> {
    const store = this.d.store;
    this.asked = new Set(state.asked);
    this.queriesAsked = state.queriesAsked;
    if (this.d.feedback.storesAnswers) {
      // People answered queries asked after this checkpoint (the stop or kill came before the
      // next one): keep those answers — the queries count as asked and their answers fold —
      // instead of asking others in their place. (A synthetic run re-asks the same queries and
      // replays their stored answers, so it resumes exactly; people's runs cannot.)
      // Unanswered ones stay on the page, so they are asked again (of the same people) too.
      const answered = new Set((await store.feedback()).map((f) => f.queryId));
      const pairs = new Set(await store.queryIds({ kind: 'preference' }));
      const feedback = this.d.feedback;
      for (const id of await store.queryIds()) {
        if (this.asked.has(id)) continue;
        this.asked.add(id);
        this.queriesAsked++;
        const q = answered.has(id) || !pairs.has(id) ? undefined : await store.query(id);
        // a source that stores answers offers the stored payload itself; it waits on the pair's id
        if (q) this.track(id, feedback.ask({ id, ...decodePair(q.payload, `query ${id}`) } as unknown as FragmentPair), async () => {});
      }
    }
    this.dataset = [];
    this.folded = [];
    this.foldedSet = new Set();
    this.bySeq = new Map();
    this.rated = [];
    this.ratedBySeq = new Map();
    this.demos = [];
    this.goals = [];
    this.corrections = [];
    const bySeq = new Map((await store.feedback({ withRetracted: true })).map((r) => [r.seq, r]));
    for (const seq of state.folded) {
      const rec = bySeq.get(seq);
      if (!rec) throw new DataFormatError(`${where}: answer seq ${seq} is not in the feedback store ${store.location}`);
      await this.foldRecord(rec, false);
    }
    this.retractionUpto = 0;
    for (const r of await store.retractions()) {
      if (r.seq > state.retractionUpto) break;
      this.retractionUpto = r.seq;
      this.dropRetracted(r.feedbackSeq);
    }
  }
}
