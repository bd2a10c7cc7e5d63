import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { checkChain, expectedSteps, expectedStepsIfReached, expectedVisits, precompute, reachProbability, stateSet, type MarkovChain } from './markov-chain.js';

/**
 * Knuth and Yao's die from a fair coin (the PRISM case study): states 0–6 flip a coin, 7–12 are
 * the faces 1–6. Every face has probability exactly 1/6; the expected number of flips is 11/3.
 */
function knuthYaoDie(): MarkovChain {
  const half = (a: number, b: number) => [{ to: a, p: 0.5 }, { to: b, p: 0.5 }];
  const rows = [half(1, 2), half(3, 4), half(5, 6), half(1, 7), half(8, 9), half(10, 11), half(2, 12), [], [], [], [], [], []];
  const labels: Record<string, number[]> = { done: [7, 8, 9, 10, 11, 12] };
  for (let f = 1; f <= 6; f++) labels[`face${f}`] = [6 + f];
  return { rows, initial: 0, labels };
}

/** Gambler's ruin on 0..N, up with probability p, absorbing at 0 (ruin) and N (win). */
function gamblersRuin(N: number, p: number): MarkovChain {
  const rows = Array.from({ length: N + 1 }, (_, i) => (i === 0 || i === N ? [] : [{ to: i + 1, p }, { to: i - 1, p: 1 - p }]));
  return { rows, initial: 3, labels: { win: [N], ruin: [0] } };
}

describe('Markov chain model checking', () => {
  it('Knuth–Yao die: each face 1/6, expected coin flips 11/3, with both solvers', () => {
    const die = knuthYaoDie();
    for (const method of ['exact', 'iterative'] as const) {
      for (let f = 1; f <= 6; f++) expect(reachProbability(die, `face${f}`, { method }).values[0]).toBeCloseTo(1 / 6, 12);
      expect(reachProbability(die, 'done', { method }).values[0]).toBe(1); // Prob1: exactly, by graph search
      expect(expectedSteps(die, { method }).values[0]).toBeCloseTo(11 / 3, 12);
    }
    // law of total expectation: Σ_f P(face f) · E[flips | face f] = E[flips]
    let total = 0;
    for (let f = 1; f <= 6; f++) {
      const r = expectedStepsIfReached(die, `face${f}`);
      total += r.probability[0] * r.values[0];
    }
    expect(total).toBeCloseTo(11 / 3, 12);
    expect(expectedVisits(die, 'done').values[0]).toBeCloseTo(1, 12); // one absorbing face, counted once
    expect(expectedVisits(die, [1]).values[0]).toBeCloseTo(2 / 3, 12); // state 1: 1/2 · (1 + 1/4 + 1/16 + …)
  });

  it("gambler's ruin: the closed forms for winning and for the game's duration", () => {
    const N = 10;
    const p = 0.4;
    const r = (1 - p) / p;
    const chain = gamblersRuin(N, p);
    const win = reachProbability(chain, 'win');
    const steps = expectedSteps(chain);
    for (let i = 1; i < N; i++) {
      const pWin = (1 - r ** i) / (1 - r ** N);
      expect(win.values[i]).toBeCloseTo(pWin, 12);
      expect(steps.values[i]).toBeCloseTo(i / (1 - 2 * p) - (N / (1 - 2 * p)) * pWin, 10);
    }
    expect(win.info).toMatchObject({ method: 'exact', unknowns: 9, components: 1, largestComponent: 9 });
    // the fair game: P(win from i) = i/N, duration i(N − i)
    const fair = gamblersRuin(N, 0.5);
    expect(reachProbability(fair, 'win').values[3]).toBeCloseTo(0.3, 12);
    expect(expectedSteps(fair).values[3]).toBeCloseTo(21, 10);
  });

  it('above the state cap: exact is a clear error, auto iterates to the same answer', () => {
    const chain = gamblersRuin(10, 0.4);
    expect(() => reachProbability(chain, 'win', { method: 'exact', maxExactStates: 5 })).toThrow(/maxExactStates = 5: is below the largest strongly connected component \(9 states\)/);
    const exact = reachProbability(chain, 'win').values;
    const iter = reachProbability(chain, 'win', { maxExactStates: 5 });
    expect(iter.info.method).toBe('iterative');
    expect(iter.info.sweeps).toBeGreaterThan(1);
    for (let i = 0; i <= 10; i++) expect(iter.values[i]).toBeCloseTo(exact[i], 10);
    expect(() => reachProbability(chain, 'win', { maxExactStates: 5, maxIterations: 3 })).toThrow(ConfigError);
  });

  it('precomputes probability 0 and 1 by graph search, and never-absorbed states have no finite expectation', () => {
    // 0 → {1, 2}; 1 ⇄ 3 forever; 2 is the absorbing goal; 4 → goal surely via 5;
    // 7 is a goal too, but after it the chain falls into the 1 ⇄ 3 loop; 6 → 7 surely
    const chain: MarkovChain = {
      rows: [[{ to: 1, p: 0.5 }, { to: 2, p: 0.5 }], [{ to: 3, p: 1 }], [], [{ to: 1, p: 1 }], [{ to: 5, p: 0.3 }, { to: 4, p: 0.7 }], [{ to: 2, p: 1 }], [{ to: 7, p: 1 }], [{ to: 1, p: 1 }]],
      initial: 0,
      labels: { goal: [2, 7] },
    };
    const { prob0, prob1 } = precompute(chain, stateSet(chain, 'goal'));
    expect([...prob0]).toEqual([0, 1, 0, 1, 0, 0, 0, 0]);
    expect([...prob1]).toEqual([0, 0, 1, 0, 1, 1, 1, 1]); // reaching the goal is what counts, not what follows it
    const reach = reachProbability(chain, 'goal');
    expect([...reach.values]).toEqual([0.5, 0, 1, 0, 1, 1, 1, 1]);
    expect(reach.info.unknowns).toBe(1);
    const steps = expectedSteps(chain).values;
    expect(steps[0]).toBe(Infinity);
    expect(steps[4]).toBeCloseTo(1 / 0.3 + 1, 12);
    expect(Number.isNaN(expectedVisits(chain, 'goal').values[1])).toBe(true);
  });

  it('rejects malformed chains, naming the field', () => {
    const bad: MarkovChain = { rows: [[{ to: 0, p: 0.9 }]], initial: 0, labels: {} };
    expect(() => checkChain(bad)).toThrow(/rows\[0\] = \[0\.9\]: must sum to 1/);
    expect(() => checkChain({ rows: [[{ to: 1, p: 1 }]], initial: 0, labels: {} })).toThrow(/rows\[0\]\[0\]\.to = 1/);
    expect(() => checkChain({ rows: [[]], initial: 0, labels: { init: [0] } })).toThrow(/labels\.init/);
    expect(() => reachProbability(knuthYaoDie(), 'face7')).toThrow(/label = "face7": is not a label of this chain/);
  });
});
