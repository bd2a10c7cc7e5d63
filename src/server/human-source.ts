/**
 * People as a feedback source: `ask` returns a Promise that resolves when someone answers the
 * query in the browser. The server writes the answer to SQLite before acknowledging it, so
 * this source `storesAnswers` and the loop does not write it again.
 *
 * People also rate single clips (`config.ask` includes 'rating') and play demonstrations ('demo'):
 * `source.rater` is the loop's `roles.rater` of a human run; it `storesAnswers` too (the server
 * wrote the rating, or the demonstration record, before its ack). A demonstration's answer reaches
 * the loop as a settled ask only: the loop folds the episode from the store.
 */
import { ConfigError } from '../core/errors.js';
import type { FragmentPair, PreferenceAnswer } from '../core/types.js';
import type { FeedbackAnswer, FeedbackSource } from '../preferences/feedback-source.js';
import type { FeedbackQuery, KindedAnswer, KindedFeedbackSource, TrainableKind } from '../preferences/kinded-feedback-source.js';

type AskListener = (queryId: string, kind: 'preference' | 'rating' | 'demonstration' | 'goal' | 'correction') => void;
type RaterKind = 'rating' | 'demonstration' | 'goal' | 'correction';

/** Stands for an answer too large to pass around (a demonstration's episode): the loop reads it from the store. */
export interface StoredMarker {
  stored: 'demonstration' | 'correction';
}

/** An answer the server stored durably, as it reaches the loop's side. */
export interface DeliveredAnswer {
  queryId: string;
  labeler: string;
  /** A pair's answer, a clip's rating, a clip's marked frames, or the marker of a stored demonstration. */
  answer: PreferenceAnswer | number | StoredMarker | { goalFrames: number[] };
  /** Its seq in the store. */
  seq?: number;
}


/** People rating clips and playing demonstrations in the browser (the labeling page's rating and demonstration modes). */
export class HumanRater implements KindedFeedbackSource {
  readonly name = 'human';
  readonly kinds: readonly TrainableKind[] = ['rating', 'demonstration', 'goal', 'intervention'];
  /** The server stores each rating and demonstration before its ack: the loop does not write it again. */
  readonly storesAnswers = true;
  private readonly waiting = new Map<string, { kind: RaterKind; resolve: (a: KindedAnswer) => void }>();

  constructor(private readonly announce: (queryId: string, kind: RaterKind) => void) {}

  ask(query: FeedbackQuery): Promise<KindedAnswer> {
    if (query.kind === 'preference') return Promise.reject(new ConfigError('query kind', query.kind, 'the human rater answers rating, demonstration, goal and correction queries only (pairs go to the human feedback source)'));
    const kind: RaterKind = query.kind === 'intervention' ? 'correction' : query.kind; // the page's name for a correction
    const answer = new Promise<KindedAnswer>((resolve) => this.waiting.set(query.id, { kind, resolve }));
    this.announce(query.id, kind);
    return answer;
  }

  /** True when a rating or demonstration query was waiting for this answer (it is then settled). */
  deliver(a: DeliveredAnswer): boolean {
    const w = this.waiting.get(a.queryId);
    if (!w) return false; // answered again after an undo: the loop folds it from the store
    if (w.kind === 'rating' && typeof a.answer !== 'number') return false;
    this.waiting.delete(a.queryId);
    const base = { queryId: a.queryId, labeler: a.labeler };
    // a demonstration's episode and a goal answer's steps are in the store (the loop folds them from there), not in this message
    if (w.kind === 'rating') w.resolve({ ...base, kind: 'rating', rating: a.answer as number });
    else if (w.kind === 'goal') w.resolve({ ...base, kind: 'goal', goalSteps: [] });
    else if (w.kind === 'correction') w.resolve({ ...base, kind: 'intervention', corrected: { observations: [], actions: [] } });
    else w.resolve({ ...base, kind: 'demonstration', trajectories: [] });
    return true;
  }

  get waitingFor(): number {
    return this.waiting.size;
  }
}

export class HumanFeedbackSource implements FeedbackSource {
  readonly name = 'human';
  readonly storesAnswers = true;
  /** The loop's `roles.rater` for runs that ask people for ratings. */
  readonly rater: HumanRater;
  private readonly waiting = new Map<string, (a: FeedbackAnswer) => void>();
  private readonly askListeners: AskListener[] = [];

  constructor() {
    this.rater = new HumanRater((id, kind) => this.askListeners.forEach((l) => l(id, kind)));
  }

  ask(pair: FragmentPair): Promise<FeedbackAnswer> {
    const answer = new Promise<FeedbackAnswer>((resolve) => this.waiting.set(pair.id, resolve));
    for (const l of this.askListeners) l(pair.id, 'preference');
    return answer;
  }

  /** The server listens here to offer a query (a pair, or a clip to rate) as soon as the loop asks it (the loop stores it first). */
  onAsk(listener: AskListener): void {
    this.askListeners.push(listener);
  }

  /** Called by the server after an answer is durable. */
  deliver(a: DeliveredAnswer): void {
    if (this.rater.deliver(a) || typeof a.answer === 'number' || typeof a.answer === 'object') return;
    const resolve = this.waiting.get(a.queryId);
    this.waiting.delete(a.queryId);
    resolve?.({ pairId: a.queryId, answer: a.answer, labeler: a.labeler });
  }

  get waitingFor(): number {
    return this.waiting.size + this.rater.waitingFor;
  }
}
