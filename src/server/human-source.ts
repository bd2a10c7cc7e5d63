/**
 * People as a feedback source: `ask` returns a Promise that resolves when someone answers the
 * query in the browser. The server writes the answer to SQLite before acknowledging it, so
 * this source `storesAnswers` and the loop does not write it again.
 *
 * People also rate single clips (`config.ask` includes 'rating'): `source.rater` is the loop's
 * `roles.rater` of a human run; it `storesAnswers` too (the server wrote the rating before its ack).
 */
import { ConfigError } from '../core/errors.js';
import type { FragmentPair, PreferenceAnswer } from '../core/types.js';
import type { FeedbackAnswer, FeedbackSource } from '../preferences/feedback-source.js';
import type { FeedbackQuery, KindedAnswer, KindedFeedbackSource, TrainableKind } from '../preferences/kinded-feedback-source.js';

type AskListener = (queryId: string, kind: 'preference' | 'rating') => void;

/** An answer the server stored durably, as it reaches the loop's side. */
export interface DeliveredAnswer {
  queryId: string;
  labeler: string;
  /** A pair's answer, or a clip's rating. */
  answer: PreferenceAnswer | number;
  /** Its seq in the store. */
  seq?: number;
}


/** People rating clips in the browser (the labeling page's rating mode). */
export class HumanRater implements KindedFeedbackSource {
  readonly name = 'human';
  readonly kinds: readonly TrainableKind[] = ['rating'];
  /** The server stores each rating before its ack: the loop does not write it again. */
  readonly storesAnswers = true;
  private readonly waiting = new Map<string, (a: KindedAnswer) => void>();

  constructor(private readonly announce: (queryId: string) => void) {}

  ask(query: FeedbackQuery): Promise<KindedAnswer> {
    if (query.kind !== 'rating') return Promise.reject(new ConfigError('query kind', query.kind, 'the human rater answers rating queries only (pairs go to the human feedback source)'));
    const answer = new Promise<KindedAnswer>((resolve) => this.waiting.set(query.id, resolve));
    this.announce(query.id);
    return answer;
  }

  /** True when a rating query was waiting for this answer (it is then settled). */
  deliver(a: DeliveredAnswer & { answer: number }): boolean {
    const resolve = this.waiting.get(a.queryId);
    if (!resolve) return false; // answered again after an undo: the loop folds it from the store
    this.waiting.delete(a.queryId);
    resolve({ kind: 'rating', queryId: a.queryId, labeler: a.labeler, rating: a.answer });
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
    this.rater = new HumanRater((id) => this.askListeners.forEach((l) => l(id, 'rating')));
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
    if (typeof a.answer === 'number') {
      this.rater.deliver({ ...a, answer: a.answer });
      return;
    }
    const resolve = this.waiting.get(a.queryId);
    this.waiting.delete(a.queryId);
    resolve?.({ pairId: a.queryId, answer: a.answer, labeler: a.labeler });
  }

  get waitingFor(): number {
    return this.waiting.size + this.rater.waitingFor;
  }
}
