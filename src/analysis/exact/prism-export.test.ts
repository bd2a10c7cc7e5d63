import { describe, expect, it } from 'vitest';
import type { MarkovChain } from './markov-chain.js';
import { prismFiles } from './prism-export.js';

describe('PRISM explicit-model export', () => {
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
