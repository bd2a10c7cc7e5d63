import { describe, expect, it } from 'vitest';
import type { RunConfidence } from '../analysis/run-confidence.js';
import { accuracyText, confidenceSection, returnBoundLine } from './confidence-section.js';

const CARTPOLE_RANGE = { min: 0, max: 500, optimum: 500, source: '1 per step while the pole is up, 500 steps' };

/** A run's confidence as analysis/run-confidence.ts writes it: 182 of 200 strict held-out pairs, four evaluation episodes. */
function confidence(over: Partial<RunConfidence> = {}): RunConfidence {
  return {
    kind: 'rewardlab-run-confidence', version: 1, envId: 'FixedHorizonCartPole-v0', confidence: 0.95,
    accuracy: { scored: 200, correct: 182, heldOutLabels: 220, labels: 1100, interval: { lower: 0.8615, upper: 0.9458, estimate: 0.91, n: 200, confidence: 0.95, method: 'clopper-pearson' } },
    labelsNeeded: [{ target: 0.9, heldOutPairs: 2500, labels: 13_750, reason: null }],
    evaluationStep: 4096,
    returns: [{ quantity: 'true return', range: CARTPOLE_RANGE, episodes: 4, mean: 492.5, bound: { lower: 152.97, upper: 500, estimate: 492.5, n: 4, confidence: 0.95, method: 'hoeffding' }, reason: null }],
    ...over,
  };
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('the Confidence section', () => {
  it('shows the accuracy interval from the counts, the labels needed, and the return bound with the range it assumes', () => {
    const c = confidence();
    expect(accuracyText(c)).toBe('0.91 (182/200; 95% CI 0.861–0.946)');
    const s = confidenceSection(c);
    expect(s.heading).toBe('Confidence');
    const t = text(s.html);
    expect(t).toContain('held-out preference accuracy 0.91 (182/200; 95% CI 0.861–0.946) 200 strict pairs of 220 held-out labels (1,100 labels in all)');
    expect(t).toContain('0.9 2,500 13,750 200');
    expect(t).toContain('expected true return 153 492.5 4 0 to 500 (1 per step while the pole is up, 500 steps) Hoeffding');
    expect(returnBoundLine(c)).toBe('95% lower bound on the expected true return: 153 (mean 492.5 of 4 evaluation episodes, range 0 to 500)');
    expect(t).toContain(returnBoundLine(c));
  });

  it('says unknown where there is no range, and why there is no number', () => {
    const c = confidence({
      accuracy: { scored: null, correct: null, heldOutLabels: 10, labels: 50, interval: null },
      labelsNeeded: [{ target: 0.9, heldOutPairs: null, labels: null, reason: 'no held-out accuracy with pair counts' }],
      returns: [{ quantity: 'true return', range: null, episodes: 4, mean: 3, bound: null, reason: 'no known range of the true return of X' }],
    });
    const t = text(confidenceSection(c).html);
    expect(accuracyText(c)).toMatch(/pair counts not recorded/);
    expect(t).toContain('expected true return – 3 4 unknown');
    expect(t).toContain('no known range of the true return of X');
    expect(returnBoundLine(c)).toBe('95% lower bound on the expected true return: – (no known range of the true return of X)');
    expect(returnBoundLine(confidence({ returns: [], evaluationStep: null }))).toMatch(/no evaluation yet/);
  });

  it('a gridworld run names the hidden performance\'s bound too, on its own range', () => {
    const c = confidence();
    const hidden = { quantity: 'hidden performance' as const, range: { min: -100, max: 100, optimum: 100, source: 'exact' }, episodes: 4, mean: 100, bound: { lower: -35.8, upper: 100, estimate: 100, n: 4, confidence: 0.95, method: 'hoeffding' as const }, reason: null };
    expect(returnBoundLine({ ...c, returns: [...c.returns, hidden] })).toBe(`${returnBoundLine(c)}; 95% lower bound on the expected hidden performance: -35.8 (mean 100 of 4 evaluation episodes, range -100 to 100)`);
    expect(text(confidenceSection({ ...c, returns: [...c.returns, hidden] }).html)).toContain('expected hidden performance -35.8 100 4 -100 to 100 (exact) Hoeffding');
  });
});
