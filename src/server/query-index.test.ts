/**
 * The index when another server writes to the same store: answers it learns late fill a query
 * that one of its own labelers still holds; that labeler is then offered something else, not the
 * filled query again (which they could only retry until the lease ran out).
 */
import { describe, expect, it } from 'vitest';
import { QueryIndex } from './query-index.js';

describe('QueryIndex with answers written elsewhere', () => {
  it('a claim on a query filled meanwhile is dropped when its answer is refused, and the next claim offers another query', () => {
    const index = new QueryIndex({ redundancy: 2, leaseMs: 60_000 });
    index.addQuery('q1');
    index.addQuery('q2');
    expect(index.claim('ann', 0)).toBe('q1');
    // two other people answered q1 through another server; a sync records them here
    index.recordAnswer('q1', 'bob', 'left');
    index.recordAnswer('q1', 'cy', 'left');
    expect(index.reserve('q1', 'ann', 1)).toBe('full');
    expect(index.claim('ann', 2)).toBe('q2');
  });

  it('a labeler whose answer the store refused (they answered it through another server) is not offered it again once it is known', () => {
    const index = new QueryIndex({ redundancy: 2, leaseMs: 60_000 });
    index.addQuery('q1');
    index.addQuery('q2');
    expect(index.claim('ann', 0)).toBe('q1');
    expect(index.reserve('q1', 'ann', 1)).toBeNull();
    index.abandon('q1', 'ann'); // the store said DuplicateAnswerError
    index.recordAnswer('q1', 'ann', 'right'); // the sync found ann's answer from the other server
    expect(index.hasAnswer('q1', 'ann')).toBe(true);
    expect(index.claim('ann', 2)).toBe('q2');
    expect(index.claim('bob', 3)).toBe('q1'); // one slot is still free for someone else
  });
});
