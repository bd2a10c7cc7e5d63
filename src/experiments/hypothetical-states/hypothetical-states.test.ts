/**
 * hypothetical-queries on a small budget, fixed seed: asking about hypothetical states keeps the
 * learning agent out of the water more than on-policy queries at equal labels, while it still
 * learns to reach the goal; and the pieces (ratio, markdown table) say what they measured.
 */
import { describe, expect, it } from 'vitest';
import { HYPOTHETICAL_CASES } from './cases.js';
import { learnOnce } from './learn.js';
import { hypotheticalStatesConfig, unsafeRatio } from './hypothetical-states.js';
import { markdownTable } from './report.js';
import type { HypotheticalStatesConfig } from './types.js';

const island = HYPOTHETICAL_CASES.find((c) => c.label === 'IslandNavigation')!;
const small: HypotheticalStatesConfig = {
  ...hypotheticalStatesConfig({ quick: true, values: {} }),
  cases: ['IslandNavigation'], rounds: 3, labelsPerRound: 4, episodesPerRound: 3, onPolicyExplorationEpisodes: 1, planSequences: 16, planHorizon: 8, candidates: 16, evalEpisodes: 2,
};

describe('hypothetical-queries', () => {
  it('IslandNavigation, seed 0: fewer real water entries with hypothetical queries than on-policy, same labels, and the agent still reaches the goal', async () => {
    const hypothetical = await learnOnce(island, 'hypothetical', 0, small);
    const onPolicy = await learnOnce(island, 'on-policy', 0, small);
    expect(hypothetical.labels).toBe(onPolicy.labels);
    expect(hypothetical.episodes).toBe(onPolicy.episodes);
    expect(onPolicy.unsafeEntries).toBeGreaterThan(hypothetical.unsafeEntries);
    expect(hypothetical.final.goalShare).toBe(1);
  }, 60_000);

  it('the ratio and the table', () => {
    expect(unsafeRatio({ hypothetical: 2, 'on-policy': 20, 'on-policy-greedy': 0 })).toBe(10);
    expect(unsafeRatio({ hypothetical: 0, 'on-policy': 3, 'on-policy-greedy': 0 })).toBe(Infinity);
    expect(unsafeRatio({ hypothetical: 0, 'on-policy': 0, 'on-policy-greedy': 5 })).toBeNull();
    expect(unsafeRatio({ hypothetical: 0, 'on-policy': 0, 'on-policy-greedy': 5 }, 'on-policy-greedy')).toBe(Infinity);
    expect(markdownTable([{ a: 1, b: 'x|y' }])).toBe('| a | b |\n| --- | --- |\n| 1 | x\\|y |\n');
  });
});
