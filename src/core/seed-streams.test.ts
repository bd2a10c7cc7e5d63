import { describe, expect, it } from 'vitest';
import { streamRng, streamSeed, streamUniform } from './seed-streams.js';

describe('named seed streams', () => {
  it('are a pure function of (seed, name)', () => {
    expect(streamSeed(7, 'agent')).toBe(streamSeed(7, 'agent'));
    expect(streamRng(7, 'agent').next()).toBe(streamRng(7, 'agent').next());
  });

  it('differ across names and seeds, with no collisions over many pairs', () => {
    const seen = new Set<number>();
    const names = ['agent', 'reward-model', 'queries', 'teacher', 'warm-start', 'evaluation', 'demonstrations', 'held-out'];
    for (let seed = 0; seed < 500; seed++) for (const n of names) seen.add(streamSeed(seed, n));
    expect(seen.size).toBe(500 * names.length);
    expect(streamSeed(0, 'a')).not.toBe(streamSeed(0, 'b'));
    expect(streamSeed(2 ** 32, 'agent')).not.toBe(streamSeed(0, 'agent')); // high bits count
  });

  it('give roughly uniform one-draw streams', () => {
    let below = 0;
    for (let i = 0; i < 4000; i++) if (streamUniform(3, `held-out/${i}`) < 0.2) below++;
    expect(below / 4000).toBeGreaterThan(0.17);
    expect(below / 4000).toBeLessThan(0.23);
  });

  it('refuse bad seeds and names', () => {
    expect(() => streamSeed(-1, 'x')).toThrow(/seed/);
    expect(() => streamSeed(1.5, 'x')).toThrow(/seed/);
    expect(() => streamSeed(1, '')).toThrow(/name/);
  });
});
