/** The feedback-mix report: one table (labels and simulated seconds to 90% of PPO-true per env × mix, ratios, t-intervals), a markdown copy, and return-vs-labels SVGs. */
import { lineChart } from '../../report/charts.js';
import { meanCurveSeries } from '../kit/curve-series.js';
import { reportPage, table } from '../../report/page.js';
import { SYNTHETIC_TEACHER_DEFAULTS as T } from '../../loop/synthetic-teachers.js';
import type { FeedbackMixConfig, Interval, MixRun, MixSummary, PpoTrueReference, Ratio, SkippedMix } from './types.js';

export interface FeedbackMixReportInput {
  cfg: FeedbackMixConfig;
  summary: MixSummary[];
  references: PpoTrueReference[];
  skipped: SkippedMix[];
  runs: MixRun[];
  headline: string;
  quick: boolean;
}

const f = (v: number | null | undefined, d = 1) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));
const ci = (i: Interval, d = 1, prefix = '') => `${prefix}${f(i.mean, d)}${i.lo === null ? '' : ` [${f(i.lo, d)}, ${f(i.hi, d)}]`}`;
const ratio = (r: Ratio) => (r.value === null ? 'n/a' : `${r.kind === 'at least' ? '≥ ' : r.kind === 'at most' ? '≤ ' : r.kind === 'unknown' ? '? ' : ''}${f(r.value, 2)}×`);

function rows(summary: MixSummary[], cfg: FeedbackMixConfig) {
  return summary.map((s) => {
    const lb = s.reached < s.seeds ? '≥' : '';
    return {
      env: s.envId, mix: s.mix, seeds: s.seeds, 'reach 90%': `${s.reached}/${s.seeds}`,
      'labels to 90% (mean [95% t])': ci(s.labelsTo90, 0, lb), 'labels ratio': s.mix === 'preferences' ? '1×' : ratio(s.labelsRatio),
      'human seconds to 90%': ci(s.secondsTo90, 0, lb), 'seconds ratio': s.mix === 'preferences' ? '1×' : ratio(s.secondsRatio),
      'mean return over labels (area)': ci(s.area), 'final true return': ci(s.finalReturn), budget: cfg.labels[s.envId],
    };
  });
}

const NOT_YET = 'Not in the loop yet, so not measured: demonstrations only (T-REX / D-REX — src/rewards/trex-pairs.ts builds the ranked pairs, but the loop has no zero-preference mode).';

const NOTE = (cfg: FeedbackMixConfig) => {
  const c = cfg.costs;
  return `One ordinary loop run per env × mix × seed, same seed, labels and steps; labels ${cfg.envIds.map((e) => `${e} ${cfg.labels[e]}`).join(', ')}; agent steps ${cfg.envIds.map((e) => `${e} ${cfg.steps[e]}`).join(', ')}. ` +
    'Every mix starts from the env\'s presets without their scripted demonstration clips (the Acrobot and Pendulum presets ship with 8), so preferences is preferences alone. ' +
    `+demonstrations: ${Object.entries(cfg.demonstrations).map(([e, d]) => `${e} ${d.episodes} '${d.policy}' episodes (noise ${d.noise ?? 0})`).join(', ') || 'none'} in the fragment pool the queries are cut from. ` +
    '+ratings: the loop asks preference and rating queries in turn within the same label budget (a rating counts as a label). ' +
    `+goals, +corrections, +demonstrations asked: likewise preference queries take turns with goal-marking (the synthetic marker marks the top ${Math.round(T.goal.topShare * 100)}% of the hidden reward), correction (the ε = ${T.corrector.noise} scripted controller takes over ${T.corrector.lead} steps before the hidden reward drops) and demonstration queries (the ε = ${T.demonstrator.noise} scripted controller plays one episode, cut at 4 fragment lengths; src/loop/synthetic-teachers.ts): half the label budget each kind, every answer one label, so labels to 90% counts both kinds and a mix reaching the bar at L labels used about L/2 preference labels. ` +
    `+pre-exploration: the first ${Math.round(cfg.preExploreShare * 100)}% of the agent steps (${cfg.envIds.map((e) => `${e} ${cfg.preExploreSteps[e]}`).join(', ')}; at least one episode per parallel env; the agent iterates whole rollouts, so it may run a little over) on the state-entropy reward, no feedback, then the warm-start queries on its clips. ` +
    'Labels to 90%: the labels folded at the first evaluation whose greedy true return reached 90% of the median of PPO on the true reward (same agent settings, steps and evaluation episodes; plain ratio of returns); a seed that never reached it counts as the full budget (seconds: as the seconds spent by its end), so a mean marked ≥ is a lower bound. ' +
    'Labels ratio: preferences alone\'s mean labels to 90% / the mix\'s; ≥ when only preferences alone fell short on some seed, ≤ when only the mix did, ? when both did. ' +
    `Simulated human seconds are ASSUMPTIONS, not measured on people: a preference query ${c.preference} s, a rating ${c.rating} s, a demonstration episode ${c.demonstrationEpisode} s + ${c.demonstrationStep} s per step played (scripted demonstrations paid up front, asked ones when asked), a goal marking ${c.goal} s, a correction ${c.correction} s + ${c.correctionStep} s per step played after the takeover; every query asked is paid, 'equal' answers included. ` +
    `Evaluations every few iterations (about 25 per run), so labels to 90% has that resolution, and the first comes after the warm-start labels (${cfg.envIds.map((e) => `${e} ${cfg.warmStartLabels[e]}`).join(', ')}): labels to 90% is never below them, so no labels ratio above budget / warm-start labels (${cfg.envIds.map((e) => `${e} ${(cfg.labels[e] / Math.max(1, cfg.warmStartLabels[e])).toFixed(1)}×`).join(', ')}) can be measured. ` +
    'Intervals: two-sided 95% Student-t over seeds (mean ± t·s/√n); none with one seed. ' + NOT_YET;
};

export function feedbackMixMarkdown(o: FeedbackMixReportInput): string {
  const r = rows(o.summary, o.cfg);
  const cols = Object.keys(r[0] ?? {});
  const lines = [
    `# feedback-mix${o.quick ? ' (QUICK MODE — not a result)' : ''}`, '', o.headline, '',
    `| ${cols.join(' | ')} |`, `|${cols.map(() => '---').join('|')}|`, ...r.map((x) => `| ${cols.map((c) => String((x as Record<string, unknown>)[c])).join(' | ')} |`), '',
    'PPO on the true reward (per seed; bar = 90% of the median; random policy): ' + o.references.map((p) => `${p.envId} ${p.perSeed.map((v) => f(v)).join(' / ')} → bar ${f(p.bar)}, random ${f(p.random)}${p.informative ? '' : ' (BAR NOT ABOVE RANDOM: labels to 90% say nothing; left out of the goal)'}`).join('; '), '',
    ...(o.skipped.length ? ['Skipped (the mix does not apply): ' + o.skipped.map((s) => `${s.envId} ${s.mix} — ${s.reason}`).join('; '), ''] : []),
    NOTE(o.cfg), '',
  ];
  return lines.join('\n');
}

/** Return vs labels per mix: the mean over seeds at each evaluation (x the mean labels then), band = seed range. */
export function feedbackMixSvg(runs: MixRun[], envId: string, ref: PpoTrueReference, quick: boolean): string {
  const mixes = [...new Set(runs.filter((r) => r.envId === envId).map((r) => r.mix))];
  const series = meanCurveSeries(mixes.map((m) => ({ name: m, curves: runs.filter((r) => r.envId === envId && r.mix === m).map((r) => r.curve) })));
  return lineChart({ title: `${envId}: true return vs labels per feedback mix (mean over seeds, band = seed range)`, xLabel: 'labels folded', yLabel: 'greedy true return', series, refLines: [{ y: ref.bar, label: '90% of PPO-true' }], quick });
}

export function feedbackMixReport(o: FeedbackMixReportInput): string {
  const perRun = o.runs.map((r) => ({
    env: r.envId, mix: r.mix, seed: r.seed, labels: r.labels, 'labels to 90%': r.labelsTo90 ?? 'not reached', 'seconds to 90%': f(r.secondsTo90, 0),
    'demo episodes': r.demonstrationEpisodes, 'corrected steps': r.correctionSteps, area: f(r.area), final: f(r.finalReturn), run: r.runDir,
  }));
  return reportPage({
    title: 'How much feedback does intent cost? (issue 15 item 6)',
    subtitle: o.headline,
    quick: o.quick,
    sections: [
      { heading: 'Feedback mixes (mean over seeds, 95% t-interval)', html: table(rows(o.summary, o.cfg)), note: NOTE(o.cfg) },
      ...(o.skipped.length ? [{ heading: 'Skipped mixes', html: table(o.skipped.map((s) => ({ env: s.envId, mix: s.mix, reason: s.reason }))) }] : []),
      ...o.cfg.envIds.map((e) => ({ heading: `${e}: return vs labels`, html: feedbackMixSvg(o.runs, e, o.references.find((r) => r.envId === e)!, o.quick) })),
      { heading: 'Per run', html: table(perRun) },
    ],
    generatedAt: new Date().toISOString(),
  });
}
