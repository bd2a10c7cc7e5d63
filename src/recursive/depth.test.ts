import { describe, expect, it } from 'vitest';
import { parseDepth } from './depth.js';

describe('parseDepth', () => {
  it('reads ranges, single levels and lists; defaults to all levels', () => {
    expect(parseDepth(undefined, 3)).toEqual([0, 1, 2, 3]);
    expect(parseDepth('0..3', 3)).toEqual([0, 1, 2, 3]);
    expect(parseDepth('1..2', 3)).toEqual([1, 2]);
    expect(parseDepth('2', 3)).toEqual([2]);
    expect(parseDepth('3,0,3', 3)).toEqual([0, 3]);
  });

  it('rejects levels out of range and junk with a ConfigError naming --depth', () => {
    expect(() => parseDepth('0..4', 3)).toThrow(/--depth = "0..4": must be a level/);
    expect(() => parseDepth('3..1', 3)).toThrow(/--depth/);
    expect(() => parseDepth('deep', 3)).toThrow(/--depth = "deep"/);
    expect(() => parseDepth('-1', 3)).toThrow(/--depth/);
  });
});
