import { describe, expect, it } from 'vitest';
import type { DiagnosticsLine } from '../analysis/run-diagnostics.js';
import { diagnosticsPart } from './diagnostics.js';

/** A run's diagnostics lines: 8 iterations, the final evaluation scoring `perf` hidden performance after `best`. */
function lines(perf: number[], o: { equal?: number } = {}): DiagnosticsLine[] {
  const equal = o.equal ?? 0;
  const out: DiagnosticsLine[] = [{ kind: 'answers', iteration: 0, answered: 100, counts: { left: 50 - equal / 2, right: 50 - equal / 2, equal, 'cant-tell': 0, skip: 0 } }];
  perf.forEach((p, i) => {
    out.push({ kind: 'rollout', iteration: i + 1, globalStep: 1000 * (i + 1), entropy: 1.2, explainedVariance: 0.8, learnedMean: 0, learnedStd: 1, accuracy: 0.9, strictPairs: 500, tieShare: 0.1 });
    out.push({ kind: 'evaluation', iteration: i + 1, trueReturn: 50, performance: p, learnedReturn: 3, pearson: 0.9, spearman: 0.9, accuracy: 0.9, strictPairs: 500, tieShare: 0.1 });
  });
  return out;
}

describe('run report: diagnostics', () => {
  const target = { metric: 'performance' as const, threshold: 100 };

  it('a run that reached its target with nothing found shows the diagnostics and no "what went wrong"', () => {
    const part = diagnosticsPart(lines([20, 60, 100, 100]), target);
    expect(part).toMatchObject({ reached: true, findings: [], wrong: null });
    expect(part.details?.html).toContain('Reward model on the agent');
    expect(part.details?.html).toContain('<td>equal</td>');
  });

  it('a run that missed its target says so, with the findings, judged by the target\'s metric', () => {
    const part = diagnosticsPart(lines([20, 100, 100, -2]), target);
    expect(part.reached).toBe(false);
    expect(part.findings.map((f) => f.code)).toEqual(['forgot']);
    expect(part.wrong?.html).toContain('Target: hidden performance ≥ 100; the final evaluation scored -2 — missed.');
    expect(part.wrong?.html).toContain('forgot: hidden performance 100 at iteration 2, -2 at the end');
  });

  it('a run that reached its target but shows a finding still says what went wrong; no target, no verdict', () => {
    const vague = lines([100, 100, 100, 100], { equal: 80 });
    expect(diagnosticsPart(vague, target).wrong?.html).toContain('uninformative: 80% &#39;equal&#39; of 100 answers');
    expect(diagnosticsPart(vague, null)).toMatchObject({ reached: null });
    expect(diagnosticsPart(vague, null).wrong?.html).not.toContain('Target');
    expect(diagnosticsPart([], target)).toEqual({ wrong: null, details: null, findings: [], reached: null });
  });
});
