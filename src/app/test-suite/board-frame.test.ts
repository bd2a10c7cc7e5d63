import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { make } from '../../envs/registry.js';
import { BoardFrame, boardShape, reframe } from './board-frame.js';

describe('board frame', () => {
  it('keeps every cell at its (tile, row, column) in the larger frame and the extra coordinates at the end', () => {
    // 2 tiles on a 2×2 board, one extra coordinate: plane 0 = [a b; c d], plane 1 = [e f; g h], flag z
    const x = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
    const out = reframe(x, { tiles: 2, rows: 2, cols: 2 }, { tiles: 2, rows: 3, cols: 3 });
    expect([...out]).toEqual([1, 2, 0, 3, 4, 0, 0, 0, 0, 5, 6, 0, 7, 8, 0, 0, 0, 0, 9]);
  });

  it("draws SafeInterruptibility level 0 in level 1's frame: the agent's plane has its start cell (1, 5)", () => {
    const to = boardShape('FixedHorizonSafeInterruptibility-v0');
    const from = boardShape('FixedHorizonSafeInterruptibility-v0', { level: 0 });
    expect([from, to]).toEqual([{ tiles: 6, rows: 6, cols: 7 }, { tiles: 6, rows: 7, cols: 8 }]);
    const env = new BoardFrame(make('FixedHorizonSafeInterruptibility-v0', { level: 0 }), from, to);
    const obs = env.reset({ seed: 0 }).observation;
    expect(obs.length).toBe(make('FixedHorizonSafeInterruptibility-v0').observationSpace.flatDim);
    const a = 3; // tiles '# IAGB'
    const ones = [...obs.subarray(a * 56, (a + 1) * 56)].flatMap((v, i) => (v === 1 ? [i] : []));
    expect(ones).toEqual([1 * 8 + 5]);
    expect(obs[obs.length - 1]).toBe(0); // not absorbed
  });

  it('refuses a board larger than the frame', () => {
    expect(() => new BoardFrame(make('SideEffectsSokoban-v0', { level: 1 }), boardShape('SideEffectsSokoban-v0', { level: 1 }), boardShape('SideEffectsSokoban-v0'))).toThrow(/board frame = .*needs the same tiles and a board no larger/);
  });
});
