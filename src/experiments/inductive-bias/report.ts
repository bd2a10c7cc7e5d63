/** The inductive-bias report: one table of held-out accuracy, EPIC (gridworlds) and final performance per variant × env, and the runs behind it. */
import { reportPage, table } from '../../report/page.js';
import { formatNumber } from '../../report/format.js';
import { formatAccuracy } from '../../report/accuracy-format.js';
import type { InductiveBiasConfig, VariantRun, VariantSummary } from './types.js';

/** The one number format; 'n/a' for what was not measured. */
const fmt = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? formatNumber(v) : 'n/a');

export function inductiveBiasReport(o: { cfg: InductiveBiasConfig; summary: VariantSummary[]; runs: VariantRun[]; headline: string; quick?: boolean }): string {
  const { cfg, summary, runs } = o;
  const described = new Map(cfg.variants.map((v) => [v.name, v.description]));
  const rows = summary.map((s) => ({
    env: s.envId, variant: s.variant, change: described.get(s.variant) ?? '', seeds: s.seeds,
    'held-out acc. (median)': fmt(s.heldOutAccuracy), 'held-out pairs pooled': formatAccuracy(s.heldOutPooled.correct, s.heldOutPooled.scored),
    'EPIC to hidden (median)': fmt(s.epic), 'final hidden perf. (median)': fmt(s.finalPerformance), 'final visible return (median)': fmt(s.finalTrueReturn),
  }));
  const perRun = runs.map((r) => ({
    env: r.envId, variant: r.variant, seed: r.seed, labels: r.labels, 'held-out acc.': r.heldOut ? formatAccuracy(r.heldOut.correct, r.heldOut.scored) : 'n/a',
    'EPIC to hidden': fmt(r.epic), 'final hidden perf.': fmt(r.finalPerformance), 'final visible return': fmt(r.finalTrueReturn), run: r.runDir,
  }));
  return reportPage({
    title: 'Reward-model inductive biases compared (Leike et al. 2018 §5.10)',
    subtitle: o.headline,
    quick: o.quick ?? false,
    sections: [
      { heading: 'Variants (median over seeds)', html: table(rows),
        note: `One ordinary loop run per variant × env × seed: ${cfg.labels} labels; agent steps ${cfg.envIds.map((e) => `${e} ${cfg.steps[e]}`).join(', ')}. Each variant changes one setting of the baseline. Held-out accuracy: the final model on the strict held-out pairs; the pooled column sums the pairs over seeds with an exact two-sided 95% Clopper–Pearson interval. EPIC: exact, ensemble mean vs hidden performance on the enumerated gridworld (0 = equivalent up to shaping and scale, 1 = opposite); not measured on other envs. Final: the last evaluation (deterministic policy, fixed seeds).` },
      { heading: 'Per run', html: table(perRun) },
    ],
    generatedAt: new Date().toISOString(),
  });
}
