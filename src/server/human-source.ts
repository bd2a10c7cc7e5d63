/**
 * People as a feedback source: `ask` returns a Promise that resolves when someone answers the
 * query in the browser. The server writes the answer to SQLite before acknowledging it, so
 * this source `storesAnswers` and the loop does not write it again.
 */
import type { FragmentPair } from '../core/types.js';
import type { FeedbackAnswer, FeedbackSource } from '../preferences/feedback-source.js';

export class HumanFeedbackSource implements FeedbackSource {
  readonly name = 'human';
  readonly storesAnswers = true;
  private readonly waiting = new Map<string, (a: FeedbackAnswer) => void>();
  private readonly askListeners: ((queryId: string) => void)[] = [];

  ask(pair: FragmentPair): Promise<FeedbackAnswer> {
    const answer = new Promise<FeedbackAnswer>((resolve) => this.waiting.set(pair.id, resolve));
    for (const l of this.askListeners) l(pair.id);
    return answer;
  }

  /** The server listens here to offer a query as soon as the loop asks it (the loop stores it first). */
  onAsk(listener: (queryId: string) => void): void {
    this.askListeners.push(listener);
  }

  /** Called by the server after an answer is durable. */
  deliver(a: { queryId: string; labeler: string; answer: FeedbackAnswer['answer'] }): void {
    const resolve = this.waiting.get(a.queryId);
    this.waiting.delete(a.queryId);
    resolve?.({ pairId: a.queryId, answer: a.answer, labeler: a.labeler });
  }

  get waitingFor(): number {
    return this.waiting.size;
  }
}
