/**
 * The exact over-optimisation curves of one learned reward (a per-transition table) on an
 * enumerated gridworld, against its hidden performance: KL-regularised planning over `taus`,
 * best-of-n over sampled π0 episodes, Gao et al.'s forms fitted relative to π0's true return, and
 * the turnovers. π0 is the uniform policy; "true" is the hidden performance.
 */
import type { TabularMdp } from '../../analysis/exact/enumerate.js';
import { bestOfNCurve, empiricalTurnover, evaluatePolicy, klCurve, sampleEpisodes, tableReward, uniformBase } from '../../analysis/exact/over-optimisation.js';
import { fitCurve, type GaoFit, type GaoForm } from '../../analysis/exact/over-optimisation-fit.js';
import { policyReturn, rewardOf, valueIteration } from '../../analysis/exact/value-iteration.js';
import type { Rng } from '../../core/rng.js';
import type { CurveSet, OverOptConfig } from './types.js';

function tryFit(form: GaoForm, curve: { d: number; true: number }[], baseTrue: number): GaoFit | null {
  try {
    return fitCurve(form, curve, baseTrue);
  } catch {
    return null; // fewer than two points with d > 0 (e.g. a constant learned reward): nothing to fit
  }
}

export function overOptimisationCurves(mdp: TabularMdp, learnedTable: ArrayLike<number>, cfg: Pick<OverOptConfig, 'taus' | 'bestOfN'>, rng: Rng): CurveSet {
  const learned = tableReward(mdp, learnedTable);
  const hidden = rewardOf(mdp, 'hidden');
  const rewards = { learned, true: hidden };
  const base = uniformBase(mdp);
  const baseTrue = evaluatePolicy(mdp, (s) => Float64Array.from(base(s)), [hidden]).returns[0];
  const kl = klCurve(mdp, rewards, cfg.taus);
  const outcomes = sampleEpisodes(mdp, rewards, cfg.bestOfN.episodes, rng);
  const bestOfN = bestOfNCurve(outcomes, cfg.bestOfN.ns);
  const baseTrueSampled = bestOfN.find((p) => p.n === 1)?.true ?? outcomes.reduce((s, o) => s + o.weight * o.true, 0);
  return {
    kl, bestOfN, baseTrue, baseTrueSampled,
    optimalTrue: valueIteration(mdp, hidden).values[0],
    learnedOptimumTrue: policyReturn(mdp, valueIteration(mdp, learned).act, hidden),
    klFit: tryFit('kl', kl, baseTrue),
    bestOfNFit: tryFit('best-of-n', bestOfN, baseTrueSampled),
    klTurnover: empiricalTurnover(kl),
    bestOfNTurnover: empiricalTurnover(bestOfN),
  };
}
