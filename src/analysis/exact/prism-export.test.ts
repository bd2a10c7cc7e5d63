import { describe, expect, it } from 'vitest';
import { expectedSteps, reachProbability, type MarkovChain } from './markov-chain.js';
import { prismFiles } from './prism-export.js';

/** Reads .tra and .lab back (as PRISM's importer would): rows from "i j p" lines, labels from "i: a b" lines; self-loop-only rows of "deadlock" states become ended again. */
function importPrism(tra: string, lab: string): MarkovChain {
  const [header, ...lines] = tra.trim().split('\n');
  const [n, m] = header.split(' ').map(Number);
  expect(lines.length).toBe(m);
  const rows: MarkovChain['rows'] = Array.from({ length: n }, () => []);
  for (const l of lines) {
    const [i, j, p] = l.split(' ');
    rows[Number(i)].push({ to: Number(j), p: Number(p) });
  }
  const [names, ...marks] = lab.trim().split('\n');
  const labelNames = [...names.matchAll(/(\d+)="(\w+)"/g)].map((x) => x[2]);
  const labels: Record<string, number[]> = {};
  let initial = -1;
  for (const l of marks) {
    const [s, rest] = l.split(': ');
    for (const k of rest.split(' ').map(Number)) {
      const name = labelNames[k];
      if (name === 'init') initial = Number(s);
      else if (name === 'deadlock') rows[Number(s)] = [];
      else (labels[name] ??= []).push(Number(s));
    }
  }
  return { rows, initial, labels };
}

describe('PRISM explicit-model export', () => {
  it('carries the whole model: the Knuth–Yao die read back from its .tra and .lab gives 1/6 per face and 11/3 flips', () => {
    const half = (a: number, b: number) => [{ to: a, p: 0.5 }, { to: b, p: 0.5 }];
    const rows = [half(1, 2), half(3, 4), half(5, 6), half(1, 7), half(8, 9), half(10, 11), half(2, 12), [], [], [], [], [], []];
    const labels = Object.fromEntries(Array.from({ length: 6 }, (_, f) => [`face${f + 1}`, [7 + f]]));
    const f = prismFiles({ rows, initial: 0, labels });
    expect(f.tra.split('\n')[0]).toBe('13 20'); // 7 coin states × 2 + 6 faces completed with their self-loop
    const back = importPrism(f.tra, f.lab);
    expect(back.initial).toBe(0);
    for (let k = 1; k <= 6; k++) expect(reachProbability(back, `face${k}`).values[0]).toBeCloseTo(1 / 6, 12);
    expect(expectedSteps(back).values[0]).toBeCloseTo(11 / 3, 12);
  });

  it('writes .tra/.sta/.lab/.props in PRISM’s format, sorted, absorbing states completed with a self-loop', () => {
    const chain: MarkovChain = {
      rows: [[{ to: 2, p: 0.25 }, { to: 1, p: 0.75 }], [{ to: 1, p: 1 }], []],
      initial: 0,
      labels: { unsafe: [2], goal: [1] },
      variables: { names: ['cell', 't'], values: [[4, 0], [5, 1], [3, 1]] },
    };
    const f = prismFiles(chain);
    expect(f.tra).toBe('3 4\n0 1 0.75\n0 2 0.25\n1 1 1\n2 2 1\n');
    expect(f.sta).toBe('(cell,t)\n0:(4,0)\n1:(5,1)\n2:(3,1)\n');
    // state 1 loops forever (not ended), state 2 has ended: only 2 is a deadlock
    expect(f.lab).toBe('0="init" 1="deadlock" 2="goal" 3="unsafe"\n0: 0\n1: 2\n2: 1 3\n');
    expect(f.props).toContain('P=? [ F "goal" ]\nP=? [ F "unsafe" ]\n');
    // the same chain, its rows and labels given in another order: the same bytes
    const shuffled: MarkovChain = { ...chain, rows: [[{ to: 1, p: 0.75 }, { to: 2, p: 0.25 }], [{ to: 1, p: 1 }], []], labels: { goal: [1], unsafe: [2] } };
    expect(prismFiles(shuffled)).toEqual(f);
  });

  it('round-trips probabilities exactly and defaults the state variable to the index', () => {
    const third = 1 / 3;
    const chain: MarkovChain = { rows: [[{ to: 0, p: third }, { to: 1, p: 1 - third }], []], initial: 0, labels: {} };
    const f = prismFiles(chain);
    const probs = f.tra.trim().split('\n').slice(1).map((l) => Number(l.split(' ')[2]));
    expect(probs).toEqual([third, 1 - third, 1]);
    expect(f.sta).toBe('(s)\n0:(0)\n1:(1)\n');
    expect(() => prismFiles({ rows: [[{ to: 0, p: 0.5 }]], initial: 0, labels: {} })).toThrow(/rows\[0\]/);
  });
});
