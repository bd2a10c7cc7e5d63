/**
 * The human rater (the loop's roles.rater in a human run): a rating query is announced to the
 * server as a rating, a delivered rating settles the loop's ask, and the loop's own write of that
 * rating (the loop stores every rater's answer) returns the record the server already stored
 * instead of a second one, which the store would refuse as a duplicate and fail the run.
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
    expect(source.rater.kinds).toEqual(['rating']);
    const clip = {} as Fragment;
    const asked = source.rater.ask({ kind: 'rating', id: 'rate/0/a', clip });
    expect(announced).toEqual([['rate/0/a', 'rating']]);
    expect(source.waitingFor).toBe(1);

    // the server stores it (durable before its ack), then delivers it
    const rec = await store.addFeedback({ queryId: 'rate/0/a', labeler: 'ada', answer: 4 });
    source.deliver({ queryId: 'rate/0/a', labeler: 'ada', answer: 4, seq: rec.seq });
    expect(await asked).toEqual({ kind: 'rating', queryId: 'rate/0/a', labeler: 'ada', rating: 4 });
    expect(source.waitingFor).toBe(0);

    // the loop then writes it through its view of the store: the stored record, nothing new
    const view = source.storeView(store);
    expect(await view.addFeedback({ queryId: 'rate/0/a', labeler: 'ada', answer: 4 })).toEqual(rec);
    expect(await store.feedback()).toHaveLength(1);
    // any other write goes to the store as before (and a second write of the same answer is refused there)
    await view.addFeedback({ queryId: 'rate/1/b', labeler: 'syn', answer: 2 });
    await expect(view.addFeedback({ queryId: 'rate/0/a', labeler: 'ada', answer: 4 })).rejects.toThrow(/already answered/);
    expect((await store.feedback()).map((f) => [f.queryId, f.answer])).toEqual([['rate/0/a', 4], ['rate/1/b', 2]]);

    // pairs still go through the feedback source
    const pair = source.ask({ id: 'p', left: clip, right: clip } as never);
    expect(announced.at(-1)).toEqual(['p', 'preference']);
    source.deliver({ queryId: 'p', labeler: 'ada', answer: 'left', seq: 9 });
    expect(await pair).toEqual({ pairId: 'p', answer: 'left', labeler: 'ada' });
    await expect(source.rater.ask({ kind: 'goal', id: 'g', trajectory: {} as never })).rejects.toThrow(/query kind = "goal"/);
    await store.close();
  });
});
