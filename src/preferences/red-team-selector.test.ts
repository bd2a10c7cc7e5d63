import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { seal } from '../core/sealed.js';
import type { Fragment, FragmentPair } from '../core/types.js';
import { indistinguishable, uniformSelector, type QuerySelector } from './query-selector.js';
import { isRedTeamPair, redTeamSelector, type SegmentProposer } from './red-team-selector.js';

function clip(id: string, x: number, steps = 4): Fragment {
  return {
    id, envId: 'Toy-v0', seed: 0, episode: 0, start: 0, end: steps,
    observations: Array.from({ length: steps + 1 }, (_, t) => Float32Array.of(x + t)),
    actions: Array.from({ length: steps }, () => 0),
    evaluation: Array.from({ length: steps }, () => seal({ reward: 0, performance: 0 })),
  };
}
const pool: FragmentPair[] = Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, left: clip(`a${i}`, i), right: clip(`b${i}`, 100 + i) }));
/** A red team proposing `segments` distinct clips (records how many it was asked for). */
function proposer(segments: number): SegmentProposer & { asked: number[] } {
  const asked: number[] = [];
  return { asked, propose: (count) => (asked.push(count), Array.from({ length: Math.min(count, segments) }, (_, k) => clip(`red${k}`, 1000 + 10 * k))) };
}
/** An inner selector that takes candidates in order (so the test sees exactly what it contributed). */
const inOrder: QuerySelector = { name: 'in-order', select: (c, n) => c.slice(0, n) };

describe('red-team query selection', () => {
  it('puts ⌈share·count⌉ red-team pairs first, each a red-team segment against a pool segment, then the inner selector’s', () => {
    const red = proposer(10);
    const chosen = redTeamSelector({ proposer: red, inner: inOrder, share: 0.5 }).select(pool, 5, new Rng(3));
    expect(red.asked).toEqual([3]);
    expect(chosen).toHaveLength(5);
    expect(chosen.slice(0, 3).every(isRedTeamPair)).toBe(true);
    expect(chosen.slice(3).map((p) => p.id)).toEqual(['p0', 'p1']);
    const poolIds = new Set(pool.flatMap((p) => [p.left.id, p.right.id]));
    for (const p of chosen.slice(0, 3)) {
      const sides = [p.left.id, p.right.id];
      expect(sides.filter((id) => id.startsWith('red'))).toHaveLength(1);
      expect(sides.filter((id) => poolIds.has(id))).toHaveLength(1);
    }
  });

  it('fills from the pool when the red team finds fewer segments, and share 0 is the inner selector alone', () => {
    const chosen = redTeamSelector({ proposer: proposer(1), inner: inOrder, share: 1 }).select(pool, 4, new Rng(3));
    expect(chosen.map(isRedTeamPair)).toEqual([true, false, false, false]);
    const none = proposer(10);
    expect(redTeamSelector({ proposer: none, inner: inOrder, share: 0 }).select(pool, 4, new Rng(3)).map((p) => p.id)).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(none.asked).toEqual([]);
  });

  it('drops a red-team pair no one can tell apart, and puts the red-team segment on either side', () => {
    // the red-team segment shows exactly what pool clip d shows: paired with d it is dropped (the inner selector fills in), with c it is kept
    const twin: SegmentProposer = { propose: () => [clip('red-twin', 9)] };
    const only: FragmentPair[] = [{ id: 'r', left: clip('c', 7), right: clip('d', 9) }];
    const outcomes = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const [p] = redTeamSelector({ proposer: twin, inner: uniformSelector, share: 1 }).select(only, 1, new Rng(seed));
      expect(indistinguishable(p)).toBe(false);
      outcomes.add(isRedTeamPair(p) ? 'red-team vs c' : p.id);
    }
    expect([...outcomes].sort()).toEqual(['r', 'red-team vs c']);
    const sides = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const [p] = redTeamSelector({ proposer: proposer(1), inner: inOrder }).select(pool, 1, new Rng(seed));
      sides.add(p.left.id.startsWith('red') ? 'left' : 'right');
    }
    expect([...sides].sort()).toEqual(['left', 'right']);
  });

  it('refuses a missing proposer or a share outside [0, 1]', () => {
    expect(() => redTeamSelector({ proposer: undefined as unknown as SegmentProposer })).toThrow(/proposer/);
    expect(() => redTeamSelector({ proposer: proposer(1), share: 1.5 })).toThrow(/share/);
  });
});
