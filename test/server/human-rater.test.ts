/**
 * The human rater (the loop's roles.rater in a human run): a rating query is announced to the
 * server as a rating, a delivered rating settles the loop's ask, and the rater says it
 * `storesAnswers` (the server stored the rating before its ack), so the loop does not write it
 * a second time, which the store would refuse as a duplicate and fail the run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { HumanFeedbackSource } from '../../src/server/human-source.js';
import type { Fragment } from '../../src/core/types.js';

describe('the human rater', () => {
  it('announces rating queries, settles the ask with the rating, and the loop does not store it twice', async () => {
    const store = await SqliteFeedbackStore.open(join(mkdtempSync(join(tmpdir(), 'rl-rater-')), 'f.sqlite'));
    await store.addQueries([{ id: 'rate/0/a', kind: 'rating', payload: {} }, { id: 'rate/1/b', kind: 'rating', payload: {} }]);
    const source = new HumanFeedbackSource();
    const announced: [string, string][] = [];
    source.onAsk((id, kind) => announced.push([id, kind]));
    expect(source.rater.kinds).toEqual(['rating', 'demonstration', 'goal', 'intervention']);
    const clip = {} as Fragment;
    const asked = source.rater.ask({ kind: 'rating', id: 'rate/0/a', clip });
    expect(announced).toEqual([['rate/0/a', 'rating']]);
    expect(source.waitingFor).toBe(1);

    // the server stores it (durable before its ack), then delivers it
    const rec = await store.addFeedback({ queryId: 'rate/0/a', labeler: 'ada', answer: 4 });
    source.deliver({ queryId: 'rate/0/a', labeler: 'ada', answer: 4, seq: rec.seq });
    expect(await asked).toEqual({ kind: 'rating', queryId: 'rate/0/a', labeler: 'ada', rating: 4 });
    expect(source.waitingFor).toBe(0);

    // the server wrote it before its ack: the loop, told so, does not write it again (src/loop/rating-queries.test.ts)
    expect(source.rater.storesAnswers).toBe(true);
    expect(await store.feedback()).toHaveLength(1);

    // pairs still go through the feedback source
    const pair = source.ask({ id: 'p', left: clip, right: clip } as never);
    expect(announced.at(-1)).toEqual(['p', 'preference']);
    source.deliver({ queryId: 'p', labeler: 'ada', answer: 'left', seq: 9 });
    expect(await pair).toEqual({ pairId: 'p', answer: 'left', labeler: 'ada' });
    // goal marks and demonstrations: announced with their kind, settled by the server's delivery (the loop folds them from the store)
    const marked = source.rater.ask({ kind: 'goal', id: 'goal/3/x', trajectory: {} as never });
    const played = source.rater.ask({ kind: 'demonstration', id: 'demo/4', episodes: 1, seed: 1 });
    expect(announced.slice(-2)).toEqual([['goal/3/x', 'goal'], ['demo/4', 'demonstration']]);
    source.deliver({ queryId: 'goal/3/x', labeler: 'ada', answer: { goalFrames: [2] }, seq: 10 });
    source.deliver({ queryId: 'demo/4', labeler: 'ada', answer: { stored: 'demonstration' }, seq: 11 });
    expect(await marked).toMatchObject({ kind: 'goal', queryId: 'goal/3/x', labeler: 'ada' });
    expect(await played).toMatchObject({ kind: 'demonstration', queryId: 'demo/4', labeler: 'ada' });
    // corrections: announced as the page's 'correction' kind, settled by the delivery of the stored marker
    const corrected = source.rater.ask({ kind: 'intervention', id: 'correct/5', clip: {} as never });
    expect(announced.at(-1)).toEqual(['correct/5', 'correction']);
    source.deliver({ queryId: 'correct/5', labeler: 'ada', answer: { stored: 'correction' }, seq: 12 });
    expect(await corrected).toMatchObject({ kind: 'intervention', queryId: 'correct/5', labeler: 'ada' });
    expect(source.waitingFor).toBe(0);
    await expect(source.rater.ask({ kind: 'preference', id: 'g', pair: {} as never })).rejects.toThrow(/query kind = "preference"/);
    await store.close();
  });
});
