/**
 * `rewardlab report RUN`: a self-contained report.html for a reward-modeling run. What people
 * look at to judge alignment: true vs learned return over training, the learned-vs-true
 * segment scatter (Leike et al. 2018 Fig. 5), label efficiency, held-out accuracy, ensemble
 * disagreement, where the time went, and clips of the final agent; from diagnostics.jsonl the
 * answers, the reward model's accuracy on the agent's own segments, entropy and value fit, and,
 * for a run that missed its target (`runTarget`) or shows a finding, what went wrong.
 *
 * The headline numbers (`runFigures`) are the ones `rewardlab train` and `demo` print, from the
 * same metrics.jsonl and in the same format, so the terminal and the page never disagree.
 * Learned returns: the loop re-standardises the reward model after every training round, so a
 * learned return is in the unit of the model current at that evaluation; the chart joins only
 * evaluations under one model and says which points are in the final model's unit.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import '../envs/index.js';
import { Rng } from '../core/rng.js';
import type { Action } from '../core/types.js';
import { make } from '../envs/registry.js';
import { hideReward } from '../wrappers/hide-reward.js';
import { loadPpo } from '../agents/ppo-checkpoint.js';
import { readBundle } from '../nn/bundle.js';
import { RewardModel, type RewardModelMeta } from '../rewards/reward-model.js';
import { measureAlignment } from '../analysis/alignment.js';
import { pearson } from '../analysis/stats.js';
import { latestCheckpoint } from '../runs/checkpoint-dir.js';
import { readJson, readMetrics, writeJsonAtomic } from '../runs/run-dir.js';
import { episodeToSvg } from '../report/svg.js';
import { recordEpisode } from '../envs/random-episode.js';
import type { RewardModelingConfig } from '../loop/config.js';
import type { LoopMetrics } from '../loop/reward-modeling-loop.js';
import { lineChart, scatterChart } from '../report/charts.js';
import { reportPage, table } from '../report/page.js';
import { formatNumber, formatSeconds, formatShare } from '../report/format.js';
import { envRange, type ValueRange } from '../analysis/env-ranges.js';
import { streamRng, streamSeed } from '../core/seed-streams.js';
import { readDiagnostics, runTarget, type DiagnosisFinding } from '../analysis/run-diagnostics.js';
import { diagnosticsPart } from '../report/diagnostics.js';
import { isGridworld, rewardMap } from '../analysis/reward-map.js';
import { rewardMapFigure } from '../report/reward-map-chart.js';
import { interpretabilityPart, type InterpretabilityPart } from './report-interpretability.js';
import { escapeXml } from '../report/svg.js';
import { ConfigError } from '../core/errors.js';
import { formatHeldOutAccuracy } from '../report/accuracy-format.js';
import { runConfidence, type RunConfidence } from '../analysis/run-confidence.js';
import { confidenceSection } from '../report/confidence-section.js';

export interface ReportResult {
  report: string;
  runDir: string;
  iterations: number;
  finalTrueReturn: number | null;
  scatterPearson: number | null;
  /** The headline figures as printed on the page (and by the CLI). */
  figures: Figure[];
  /** What went wrong (diagnoseRun on diagnostics.jsonl; [] when nothing did or the run recorded none). */
  findings: DiagnosisFinding[];
  /** Confidence bounds (also written to confidence.json): accuracy interval, labels needed, return lower bound. */
  confidence: RunConfidence;
}

/** A headline number: label, formatted value, and what it rests on. */
export interface Figure {
  label: string;
  value: string;
  hint?: string;
}

/** One reward model of the run: the metrics lines it was current for (it changes when a training round ends). */
const modelKey = (m: LoopMetrics) => (m.rewardModel ? `${m.rewardModel.labels}/${m.rewardModel.steps}/${m.rewardModel.loss}` : 'none');

/** The reward-model round of every metrics line (0 = the first model), and how many rounds there were. */
export function modelRounds(metrics: LoopMetrics[]): { round: number[]; count: number } {
  const round: number[] = [];
  let k = -1;
  let prev: string | null = null;
  for (const m of metrics) {
    const key = modelKey(m);
    if (key !== prev) k++;
    prev = key;
    round.push(k);
  }
  return { round, count: k + 1 };
}

/**
 * The headline figures of a run from its metrics lines: what the report's cards show and what
 * `rewardlab train` / `demo` print, in the one number format (report/format.ts).
 */
export function runFigures(metrics: LoopMetrics[]): Figure[] {
  const last = metrics.at(-1);
  let evalIdx = metrics.length - 1;
  while (evalIdx >= 0 && !metrics[evalIdx].alignment) evalIdx--;
  const ev = evalIdx >= 0 ? metrics[evalIdx].alignment! : null;
  const rounds = modelRounds(metrics);
  const finalModel = evalIdx >= 0 && rounds.round[evalIdx] === rounds.count - 1;
  const rm = last?.rewardModel ?? null;
  return [
    { label: 'true return', value: formatNumber(ev?.trueReturn), hint: ev ? `final evaluation, ${ev.episodes} episodes; hidden from the learner` : 'no evaluation yet' },
    { label: 'learned return', value: formatNumber(ev?.learnedReturn), hint: ev ? `${finalModel ? 'final' : 'an earlier'} reward model, standardised units` : undefined },
    { label: 'held-out accuracy', value: formatHeldOutAccuracy(rm), hint: rm ? `strict pairs of ${formatNumber(rm.heldOutLabels)} held out of ${formatNumber(rm.labels)} labels (ties not scored)` : undefined },
    { label: 'learned-vs-true r', value: formatNumber(ev?.pearson), hint: ev ? 'Pearson r of segment returns, final evaluation (– when the true returns do not vary)' : undefined },
    { label: 'labels', value: formatNumber(last?.labels ?? 0), hint: `${formatNumber(last?.queries ?? 0)} asked` },
    { label: 'agent steps', value: formatNumber(last?.globalStep ?? 0) },
    { label: 'wall time', value: formatSeconds(last?.wallSeconds) },
  ];
}

/** The figures as the terminal prints them: `label value` joined by " · ". */
export function figuresLine(figures: Figure[], labels: string[]): string {
  return labels.map((l) => figures.find((f) => f.label === l)).filter((f): f is Figure => !!f).map((f) => `${f.label} ${f.value}`).join(' · ');
}

/** Axis range and optimum line of a return chart from the env's known range. */
function rangeOptions(r: ValueRange | null | undefined, what: string): { yRange?: { min: number; max: number }; optimum?: { y: number; label: string }; refLines?: { y: number; label: string }[] } {
  if (!r) return {};
  if (r.optimum !== null) return { yRange: { min: r.min, max: r.max }, optimum: { y: r.optimum, label: `optimum ${formatNumber(r.optimum)}` } };
  return { yRange: { min: r.min, max: r.max }, refLines: [{ y: r.max, label: `${what} bound ${formatNumber(r.max)}` }] };
}

/** The reward map figure of a gridworld run, or why there is none (a gridworld too large or random to enumerate exactly). */
function rewardMapSection(envId: string, model: RewardModel): string {
  try {
    return rewardMapFigure(rewardMap(envId, (b) => model.predict(b).mean));
  } catch (e) {
    if (e instanceof ConfigError) return `<p>No exact reward map for ${escapeXml(envId)}: ${escapeXml(e.message)}</p>`;
    throw e;
  }
}

export function loadRewardModel(checkpointDir: string): RewardModel {
  const b = readBundle<RewardModelMeta>(join(checkpointDir, 'reward-model'), { kind: 'rewardlab-reward-model', version: 1 });
  const m = new RewardModel(b.meta.obsDim, b.meta.action, b.meta.options, new Rng(0));
  m.load(b.meta, b.tensors);
  return m;
}

/**
 * The learned return over training, honest about units: evaluations under the final model in
 * one series, the others grey and joined only within one model; `final` and `random` are the
 * final agent's and a random policy's learned return under the final model (measured by the report).
 */
function learnedReturnChart(metrics: LoopMetrics[], final: number | null, random: number | null): { svg: string; note: string } {
  const rounds = modelRounds(metrics);
  const finalRound = rounds.count - 1;
  const evals = metrics.map((m, i) => ({ m, round: rounds.round[i] })).filter((e) => e.m.alignment);
  const earlier: [number, number][] = [];
  let prevRound = -1;
  for (const { m, round } of evals) {
    if (round === finalRound) continue;
    if (prevRound !== -1 && round !== prevRound) earlier.push([m.globalStep, Number.NaN]); // a new unit: break the line
    earlier.push([m.globalStep, m.alignment!.learnedReturn]);
    prevRound = round;
  }
  const changes = metrics.filter((_, i) => i > 0 && rounds.round[i] !== rounds.round[i - 1]).map((m) => ({ x: m.globalStep }));
  const marked = changes.length > 0 && changes.length <= 40;
  const svg = lineChart({
    title: 'Return under the learned reward', xLabel: 'agent env steps', yLabel: 'learned return per episode (standardised)', width: 520,
    series: [
      { name: 'final model', points: evals.filter((e) => e.round === finalRound).map(({ m }) => [m.globalStep, m.alignment!.learnedReturn]), color: '#D55E00' },
      { name: 'an earlier model (its own unit)', points: earlier, color: '#999999', dashed: true, gaps: true },
    ],
    vLines: marked ? changes : [],
    refLines: [
      ...(final === null ? [] : [{ y: final, label: `final agent ${formatNumber(final)}` }]),
      ...(random === null ? [] : [{ y: random, label: `random policy ${formatNumber(random)}` }]),
    ],
  });
  const note =
    `Normalisation: after each of the ${formatNumber(rounds.count)} reward-model training rounds the loop re-standardises every ensemble member to mean 0 and standard deviation 1 over the transitions of a sample of labelled clips, and the reward is the members' mean; a learned return is that reward summed over an episode. ` +
    `So each point is in the unit of the model current at that evaluation: orange points (and the "final agent" and "random policy" lines, measured for this report with 3 episodes each) are in the final model's unit; grey points are each in an earlier model's unit, joined only to points under the same model${marked ? '; dotted vertical lines mark where the model changed' : ''}. Compare grey points with each other only within one segment.`;
  return { svg, note };
}

export function writeRmReport(dir: string): ReportResult {
  const config = readJson<RewardModelingConfig>(join(dir, 'config.json'), 'run config');
  const metrics = readMetrics(dir) as unknown as LoopMetrics[];
  const ckpt = latestCheckpoint(dir);
  const evals = metrics.filter((m) => m.alignment);
  const last = metrics.at(-1);
  const lastEval = evals.at(-1)?.alignment ?? null;
  const range = envRange(config.envId);
  const rm = last?.rewardModel ?? null;

  // Two panels, like Leike et al. Fig. 4: the scales of true and learned return differ.
  const returns = lineChart({
    title: 'True (hidden) return of the agent', xLabel: 'agent env steps', yLabel: 'true return per episode', width: 520,
    series: [{ name: 'true return (deterministic evaluation)', points: evals.map((m) => [m.globalStep, m.alignment!.trueReturn]) }],
    ...rangeOptions(range?.return, 'return'),
  });
  const performance = range?.performance
    ? lineChart({
        title: 'Hidden performance of the agent', xLabel: 'agent env steps', yLabel: 'hidden performance per episode', width: 520,
        series: [{ name: 'hidden performance (deterministic evaluation)', points: evals.map((m) => [m.globalStep, m.alignment!.performance]), color: '#009E73' }],
        ...rangeOptions(range.performance, 'performance'),
      })
    : '';
  let finalAgentLearned: number | null = null;
  let randomLearned: number | null = null;

  const accuracy = lineChart({
    title: 'Reward model: preference accuracy', xLabel: 'labels', yLabel: 'accuracy (strict pairs)', yRange: { min: 0, max: 1 },
    series: [
      { name: `held-out${rm?.heldOutAccuracy != null ? ` (${formatNumber(rm.heldOutLabels)} pairs at the end)` : ''}`, points: metrics.filter((m) => m.rewardModel?.heldOutAccuracy != null).map((m) => [m.labels, m.rewardModel!.heldOutAccuracy!]) },
      { name: `train${rm ? ` (${formatNumber(rm.trainLabels)} pairs at the end)` : ''}`, points: metrics.filter((m) => m.rewardModel).map((m) => [m.labels, m.rewardModel!.trainAccuracy]), dashed: true },
    ],
    refLines: [{ y: 0.5, label: 'chance' }],
  });
  const efficiency = lineChart({
    title: 'Label efficiency', xLabel: 'labels used', yLabel: 'true return',
    series: [{ name: 'true return', points: evals.map((m) => [m.labels, m.alignment!.trueReturn]) }],
    ...rangeOptions(range?.return, 'return'),
  });
  const agreement = lineChart({
    title: 'Does the learned reward track the true one?', xLabel: 'agent env steps', yLabel: 'correlation / spread', yRange: { min: -1, max: 1 },
    series: [
      { name: 'Pearson r (segments)', points: evals.map((m) => [m.globalStep, m.alignment!.pearson]) },
      { name: 'Spearman ρ', points: evals.map((m) => [m.globalStep, m.alignment!.spearman]), dashed: true },
      { name: 'ensemble spread', points: evals.map((m) => [m.globalStep, m.alignment!.disagreement]) },
    ],
  });

  let scatter = '<p>No checkpoint yet.</p>';
  let clips = '';
  let scatterPearson: number | null = null;
  let rewardMapHtml = '';
  let interp: InterpretabilityPart | null = null; // vector observations: reward strips under the clips
  if (ckpt) {
    const agent = loadPpo(ckpt, { makeEnv: () => make(config.envId) });
    const model = loadRewardModel(ckpt);
    const env = () => hideReward(make(config.envId)) as never;
    const policy = (o: Float32Array) => agent.act(o, true);
    const rng = streamRng(config.seed, 'report');
    const random = (() => make(config.envId).actionSpace.sample(rng)) as (o: Float32Array) => Action;
    const a = measureAlignment(env(), { episodes: 3, seed: streamSeed(config.seed, 'report/evaluation'), segmentLength: config.fragmentLength, policy, reward: (b) => model.predict(b) });
    const b = measureAlignment(env(), { episodes: 3, seed: 3_100_000, segmentLength: config.fragmentLength, policy: random, reward: (bb) => model.predict(bb) });
    if (isGridworld(config.envId)) rewardMapHtml = rewardMapSection(config.envId, model);
    finalAgentLearned = a.learnedReturn;
    randomLearned = b.learnedReturn;
    const points = [...a.segments, ...b.segments];
    scatter = scatterChart({ title: `Learned vs true return of ${config.fragmentLength}-step segments`, xLabel: 'true (hidden) segment return', yLabel: 'learned segment return (final model)', points, unit: 'segments' });
    scatterPearson = pearson(points.map((p) => p[0]), points.map((p) => p[1]));
    interp = interpretabilityPart({ envId: config.envId, model, policy, seeds: [4_000_000, 4_000_001], maxSteps: 500 });
    if (interp) writeJsonAtomic(join(dir, 'interpretability.json'), interp.data);
    const fps = make(config.envId).metadata.renderFps;
    clips = [0, 1]
      .map((i) => {
        const ep = recordEpisode(make(config.envId), 4_000_000 + i, (o) => agent.act(o as Float32Array, true), 500);
        return `<figure>${episodeToSvg(ep.frames, { fps, scale: 0.5 })}${interp?.strips[i] ?? ''}<figcaption>final agent, episode ${i + 1}: true return ${formatNumber(ep.return)} over ${formatNumber(ep.length)} steps</figcaption></figure>`;
      })
      .join('');
    agent.close();
  }
  const learned = learnedReturnChart(metrics, finalAgentLearned, randomLearned);
  const t = last?.time;
  const total = t ? Object.values(t).reduce((s, x) => s + x, 0) : 0;
  const timeRows = t ? Object.entries(t).map(([k, v]) => ({ part: k, seconds: v, share: formatShare(total > 0 ? v / total : null) })) : [];
  const figures = runFigures(metrics);
  const confidence = runConfidence(metrics, { envId: config.envId, heldOutShare: config.heldOutShare });
  writeJsonAtomic(join(dir, 'confidence.json'), confidence);
  const diagnostics = diagnosticsPart(readDiagnostics(dir), runTarget(config.envId));
  const rangeRows = range ? [{ quantity: 'true return', min: range.return.min, max: range.return.max, optimum: range.return.optimum ?? 'unknown', source: range.return.source }, ...(range.performance ? [{ quantity: 'hidden performance', min: range.performance.min, max: range.performance.max, optimum: range.performance.optimum ?? 'unknown', source: range.performance.source }] : [])] : [];
  const html = reportPage({
    title: `Reward modeling on ${config.envId}`,
    subtitle: `seed ${config.seed} · feedback ${config.feedback} · ${formatNumber(config.labels)} label budget · ${config.selector} queries · ${config.fragmentLength}-step segments`,
    generatedAt: new Date().toISOString(),
    cards: figures,
    sections: [
      ...(diagnostics.wrong ? [diagnostics.wrong] : []),
      { heading: 'Is the agent doing what the user intends?', html: `<div class="grid">${returns}${performance}${learned.svg}${scatter}</div>`, note: `If the learned return rises while the true return falls, the agent is exploiting the reward model (reward hacking). ${learned.note} Scatter: the final agent's and a random policy's segments (3 episodes each) under the final model; its r is of these points, the card's r of the final evaluation's.` },
      ...(rewardMapHtml ? [{ heading: 'What the reward model learned, cell by cell', html: rewardMapHtml }] : []),
      { heading: 'The reward model', html: `<div class="grid">${accuracy}${agreement}</div>`, note: `Accuracy is the share of strict (non-tie) preferences the ensemble mean predicts; at the end ${rm ? `${formatNumber(rm.heldOutLabels)} of ${formatNumber(rm.labels)} labelled pairs were held out` : 'no model was trained'}.` },
      { heading: 'Label efficiency', html: efficiency },
      confidenceSection(confidence),
      ...(diagnostics.details ? [diagnostics.details] : []),
      { heading: 'The final agent', html: `<div class="grid">${clips || '<p>No checkpoint yet.</p>'}</div>` },
      ...(interp ? [interp.section] : []),
      ...(rangeRows.length ? [{ heading: `Range of ${config.envId}`, html: table(rangeRows), note: 'The y axes of the return charts span this range; the optimum (where known) is the solid green line, a bound that is not reachable a dashed one.' }] : []),
      { heading: 'Where the time went', html: table(timeRows) },
    ],
  });
  const report = join(dir, 'report.html');
  writeFileSync(report, html);
  return { report, runDir: dir, iterations: last?.iteration ?? 0, finalTrueReturn: lastEval?.trueReturn ?? null, scatterPearson, figures, findings: diagnostics.findings, confidence };
}
