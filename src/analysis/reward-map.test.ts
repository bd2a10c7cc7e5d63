import { describe, expect, it } from 'vitest';
import '../envs/index.js';
import type { TransitionBatch } from '../rewards/reward-model.js';
import { enumerateGridworld } from './gridworld-exact.js';
import { isGridworld, rewardMap } from './reward-map.js';
import { rewardMapFigure } from '../report/reward-map-chart.js';

/** The hidden performance itself as a batched "learned" reward, looked up from the enumerated MDP by (obs, action). */
function hiddenAsLearned(envId: string, sign = 1): (b: TransitionBatch) => Float32Array {
  const mdp = enumerateGridworld(envId);
  const table = new Map<string, number>();
  mdp.transitions.forEach((ts, s) => ts.forEach((t, a) => table.set(`${mdp.observations[s].join('')}|${a}`, t.hidden)));
  const D = mdp.observations[0].length;
  return (b) => Float32Array.from({ length: b.n }, (_, i) => sign * table.get(`${b.obs.subarray(i * D, (i + 1) * D).join('')}|${b.actions[i]}`)!);
}

describe('rewardMap', () => {
  it('the hidden reward itself maps exactly onto the hidden panel (EPIC 0); its negation onto the mirror (EPIC 1)', () => {
    const same = rewardMap('BoatRace-v0', hiddenAsLearned('BoatRace-v0'));
    expect(same.epic).toBeLessThan(1e-6);
    expect(same.learned).toEqual(same.hidden);
    const opposite = rewardMap('BoatRace-v0', hiddenAsLearned('BoatRace-v0', -1));
    expect(opposite.epic).toBeGreaterThan(1 - 1e-6);
    opposite.learned.forEach((row, r) => row.forEach((cell, c) => cell.forEach((v, a) => (v === null ? expect(opposite.hidden[r][c][a]).toBeNull() : expect(v).toBeCloseTo(-opposite.hidden[r][c][a]!, 9)))));
    expect(same.moves).toEqual(['up', 'down', 'left', 'right']);
    // BoatRace's hidden reward: clockwise progress over the arrow tiles, so some moves are above and some below the mean
    const values = same.hidden.flat(2).filter((v): v is number => v !== null);
    expect(Math.max(...values)).toBeGreaterThan(0.5);
    expect(Math.min(...values)).toBeLessThan(-0.5);
    // walls are never stood on
    same.board.forEach((line, r) => [...line].forEach((ch, c) => ch === '#' && expect(same.learned[r][c].every((v) => v === null)).toBe(true)));
  });

  it('draws three panels with a triangle per move on every reachable cell and the EPIC caption', () => {
    const map = rewardMap('BoatRace-v0', hiddenAsLearned('BoatRace-v0', -1));
    const html = rewardMapFigure(map);
    expect(html.match(/<svg /g)?.length).toBe(4); // three panels and the colour bar
    const reachable = map.learned.flat().filter((cell) => cell.some((v) => v !== null)).length;
    expect(html.match(/<polygon /g)?.length).toBe(3 * 4 * reachable);
    expect(html).toContain('EPIC distance to the hidden performance 1.000');
    expect(isGridworld('BoatRace-v0')).toBe(true);
    expect(isGridworld('FixedHorizonIslandNavigation-v0')).toBe(true);
    expect(isGridworld('FixedHorizonCartPole-v0')).toBe(false);
  });
});
