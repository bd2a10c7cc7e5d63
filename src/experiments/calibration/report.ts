/** The calibration report: reliability diagrams (held-out and shifted pairs), the calibration table, and catastrophes per acting method. */
import { PALETTE } from '../../report/charts.js';
import { reliabilityChart, type ReliabilitySeries } from '../../report/reliability-chart.js';
import { formatNumber, formatShare } from '../../report/format.js';
import { reportPage, table } from '../../report/page.js';
import type { ActingSummaryRow, CalibrationConfig, CalibrationSeedResult, CalibrationSummaryRow, PooledReliability, Split } from './types.js';

const SPLIT_NAMES: Record<Split, string> = { validation: 'validation (training map, fits T)', 'held-out': 'held-out (training map)', shifted: 'shifted (test maps 1 + 2)' };
const f = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? formatNumber(v) : 'n/a');
const label = (r: { predictor: string; scaled: boolean }) => `${r.predictor === 'single' ? 'one network' : 'ensemble'}${r.scaled ? ', temperature-scaled' : ''}`;

function reliabilityDiagram(split: Split, reliability: PooledReliability[], quick: boolean): string {
  const series: ReliabilitySeries[] = reliability.flatMap((r) =>
    r.split === split ? [{ name: label(r), color: PALETTE[(r.predictor === 'single' ? 0 : 2) + (r.scaled ? 1 : 0)], dashed: r.scaled, ...r.bins }] : [],
  );
  return reliabilityChart({ title: `${SPLIT_NAMES[split]}, seeds pooled`, quick, xLabel: 'predicted P(left ≻ right), mean in bin', yLabel: 'share answered left', series, width: 520 });
}

export function calibrationReport(o: { cfg: CalibrationConfig; summary: CalibrationSummaryRow[]; acting: ActingSummaryRow[]; reliability: PooledReliability[]; runs: Pick<CalibrationSeedResult, 'seed' | 'temperatures' | 'threshold' | 'coverage'>[]; headline: string; quick?: boolean }): string {
  const { cfg, summary, acting, runs } = o;
  const quick = o.quick ?? false;
  const get = (split: Split, predictor: string, scaled: boolean) => summary.find((r) => r.split === split && r.predictor === predictor && r.scaled === scaled);
  const cards = [
    ...(['held-out', 'shifted'] as Split[]).map((s) => ({ label: `ECE ${s}: one network / ensemble`, value: `${f(get(s, 'single', false)?.ece)} / ${f(get(s, 'ensemble', false)?.ece)}`, hint: `after temperature scaling ${f(get(s, 'single', true)?.ece)} / ${f(get(s, 'ensemble', true)?.ece)}` })),
    ...acting.map((a) => ({ label: `lava per 100 test episodes: ${a.method}`, value: f(a.testPer100), hint: a.method === 'deferral' ? `${f(a.testAsksPerEpisode)} asks per episode` : `training map ${f(a.trainPer100)}` })),
  ];
  const calRows = summary.map((r) => ({
    pairs: SPLIT_NAMES[r.split], predictor: label(r), 'strict pairs (mean)': f(r.n), ECE: f(r.ece), NLL: f(r.nll), Brier: f(r.brier), accuracy: formatShare(r.accuracy),
    'ECE per seed': r.perSeed.map((p) => f(p.ece)).join(' / '),
  }));
  const actRows = acting.map((a) => ({
    method: a.method === 'plain' ? 'plain (ensemble mean)' : a.method === 'risk-averse' ? `risk-averse (mean − ${cfg.kappa}·std)` : `deferral (ask above the ${formatShare(cfg.deferralQuantile)} spread quantile)`,
    'lava / 100 episodes, test maps': f(a.testPer100), 'per seed': a.perSeed.map(f).join(' / '), 'performance, test maps': f(a.testPerformance),
    'asks / episode, test maps': a.method === 'deferral' ? f(a.testAsksPerEpisode) : '', 'lava / 100 episodes, training map': f(a.trainPer100), 'performance, training map': f(a.trainPerformance),
  }));
  const perSeed = runs.map((s) => ({
    seed: s.seed, 'T (members)': s.temperatures.single.map(f).join(' / '), 'T (ensemble)': f(s.temperatures.ensemble), 'spread threshold': f(s.threshold),
    ...Object.fromEntries(s.coverage.flatMap((c) => [[`map ${c.level}: mean spread`, f(c.meanStd)], [`map ${c.level}: above threshold (lava steps)`, `${formatShare(c.aboveThreshold)} (${formatShare(c.lavaAboveThreshold)})`], [`map ${c.level}: reward ± spread, moving / absorbed`, `${f(c.meanReward)} ± ${f(c.meanStd)} / ${f(c.absorbingReward)} ± ${f(c.absorbingStd)}`]])),
  }));
  return reportPage({
    title: `Calibration and acting on uncertainty — ${cfg.envId}`,
    subtitle: o.headline,
    quick,
    cards,
    sections: [
      { heading: 'Reliability diagrams: held-out pairs of the training map, and pairs of the shifted test maps', html: `<div class="grid">${reliabilityDiagram('held-out', o.reliability, quick)}${reliabilityDiagram('shifted', o.reliability, quick)}</div>`,
        note: `Strict pairs of ${cfg.fragmentLength}-step clips of random-policy and noisy-expert episodes (${formatShare(cfg.expertNoise)} random actions), labelled by the synthetic user (hidden performance, deterministic). ${cfg.bins} equal-width bins of the predicted probability; a marker's area is its bin's share of the predictions, empty bins are left out. One network: each of the ${cfg.rewardModel.members} members on its own, bins pooled over members and seeds.` },
      { heading: 'Calibration (mean over seeds)', html: table(calRows),
        note: 'ECE: Σ (bin share)·|answered-left rate − mean prediction|. NLL in nats. Temperatures are fitted on the validation split (golden-section on ln T), per member and for the ensemble mean, and applied unchanged to the held-out and shifted pairs. One network: metrics averaged over the members. Each member\'s probability is σ(Σ r̂_left − Σ r̂_right), the Bradley–Terry term it was trained with; the trainer\'s likelihood adds a 10% random-answer term, which this leaves out (as RewardTrainer.predictPreferences does), and which by itself makes σ more extreme than the answers warrant.' },
      { heading: 'Acting on the learned reward: lava entries', html: table(actRows),
        note: `Exact planning (value iteration, ${100}-step horizon) on the learned reward over the enumerated map, not PPO. The agent explores: ${formatShare(cfg.epsilon)} of its intended actions are uniformly random. Deferral: the lava world has no stay / no-op action, so above the threshold the agent asks the user, who takes the hidden-performance-optimal action for that step. ${cfg.actingEpisodes} episodes per map, method and seed; test maps 1 and 2 pooled.` },
      { heading: 'Per seed', html: table(perSeed),
        note: 'T: fitted temperatures (members, ensemble); above 1 means the predictor was overconfident on the validation pairs. Spread threshold: the deferral quantile of the ensemble std over the training map\'s feasible transitions. Above threshold: share of a map\'s feasible transitions (and of its lava-entering ones) the deferring agent would ask about. Reward ± spread: mean learned reward and mean ensemble std over the moving transitions, and those of the absorbing state a fixed-horizon episode enters after lava or the goal (standardised units).' },
    ],
    generatedAt: new Date().toISOString(),
  });
}
