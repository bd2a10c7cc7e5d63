/**
 * `rewardlab report RUN`: a self-contained report.html for a reward-modeling run. What people
 * look at to judge alignment: true vs learned return over training, the learned-vs-true
 * segment scatter (Leike et al. 2018 Fig. 5), label efficiency, held-out accuracy, ensemble
 * disagreement, where the time went, and clips of the final agent.
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
import { readJson, readMetrics } from '../runs/run-dir.js';
import { episodeToSvg } from '../report/svg.js';
import { recordEpisode } from '../envs/random-episode.js';
import type { RewardModelingConfig } from '../loop/config.js';
import type { LoopMetrics } from '../loop/reward-modeling-loop.js';
import { lineChart, scatterChart } from '../report/charts.js';
import { reportPage, table } from '../report/page.js';
import { streamRng, streamSeed } from '../core/seed-streams.js';

export interface ReportResult {
  report: string;
  runDir: string;
  iterations: number;
  finalTrueReturn: number | null;
  scatterPearson: number | null;
}

export function loadRewardModel(checkpointDir: string): RewardModel {
  const b = readBundle<RewardModelMeta>(join(checkpointDir, 'reward-model'), { kind: 'rewardlab-reward-model', version: 1 });
  const m = new RewardModel(b.meta.obsDim, b.meta.action, b.meta.options, new Rng(0));
  m.load(b.meta, b.tensors);
  return m;
}

export function writeRmReport(dir: string): ReportResult {
  const config = readJson<RewardModelingConfig>(join(dir, 'config.json'), 'run config');
  const metrics = readMetrics(dir) as unknown as LoopMetrics[];
  const ckpt = latestCheckpoint(dir);
  const evals = metrics.filter((m) => m.alignment);
  const last = metrics.at(-1);
  const lastEval = evals.at(-1)?.alignment ?? null;

  // Two panels, like Leike et al. Fig. 4: the scales of true and learned return differ.
  const returns = lineChart({
    title: 'True (hidden) return of the agent', xLabel: 'agent env steps', yLabel: 'true return per episode', width: 520,
    series: [{ name: 'true return (deterministic evaluation)', points: evals.map((m) => [m.globalStep, m.alignment!.trueReturn]) }],
  });
  const learnedReturns = lineChart({
    title: 'Return under the learned reward', xLabel: 'agent env steps', yLabel: 'learned return per episode', width: 520,
    series: [{ name: 'learned return (standardised reward)', points: evals.map((m) => [m.globalStep, m.alignment!.learnedReturn]), color: '#D55E00' }],
  });
  const accuracy = lineChart({
    title: 'Reward model: preference accuracy', xLabel: 'labels', yLabel: 'accuracy',
    series: [
      { name: 'held-out', points: metrics.filter((m) => m.rewardModel?.heldOutAccuracy != null).map((m) => [m.labels, m.rewardModel!.heldOutAccuracy!]) },
      { name: 'train', points: metrics.filter((m) => m.rewardModel).map((m) => [m.labels, m.rewardModel!.trainAccuracy]), dashed: true },
    ],
  });
  const efficiency = lineChart({
    title: 'Label efficiency', xLabel: 'labels used', yLabel: 'true return',
    series: [{ name: 'true return', points: evals.map((m) => [m.labels, m.alignment!.trueReturn]) }],
  });
  const agreement = lineChart({
    title: 'Does the learned reward track the true one?', xLabel: 'agent env steps', yLabel: 'correlation / spread',
    series: [
      { name: 'Pearson r (segments)', points: evals.map((m) => [m.globalStep, m.alignment!.pearson]) },
      { name: 'Spearman ρ', points: evals.map((m) => [m.globalStep, m.alignment!.spearman]), dashed: true },
      { name: 'ensemble spread', points: evals.map((m) => [m.globalStep, m.alignment!.disagreement]) },
    ],
  });

  let scatter = '<p>No checkpoint yet.</p>';
  let clips = '';
  let scatterPearson: number | null = null;
  if (ckpt) {
    const agent = loadPpo(ckpt, { makeEnv: () => make(config.envId) });
    const model = loadRewardModel(ckpt);
    const env = () => hideReward(make(config.envId)) as never;
    const policy = (o: Float32Array) => agent.act(o, true);
    const rng = streamRng(config.seed, 'report');
    const random = (() => make(config.envId).actionSpace.sample(rng)) as (o: Float32Array) => Action;
    const a = measureAlignment(env(), { episodes: 3, seed: streamSeed(config.seed, 'report/evaluation'), segmentLength: config.fragmentLength, policy, reward: (b) => model.predict(b) });
    const b = measureAlignment(env(), { episodes: 3, seed: 3_100_000, segmentLength: config.fragmentLength, policy: random, reward: (bb) => model.predict(bb) });
    const points = [...a.segments, ...b.segments];
    scatter = scatterChart({ title: `Learned vs true return of ${config.fragmentLength}-step segments`, xLabel: 'true (hidden) segment return', yLabel: 'learned segment return', points });
    scatterPearson = pearson(points.map((p) => p[0]), points.map((p) => p[1]));
    const fps = make(config.envId).metadata.renderFps;
    clips = [0, 1]
      .map((i) => {
        const ep = recordEpisode(make(config.envId), 4_000_000 + i, (o) => agent.act(o as Float32Array, true), 500);
        return `<figure>${episodeToSvg(ep.frames, { fps, scale: 0.5 })}<figcaption>final agent, episode ${i + 1}: true return ${ep.return.toFixed(1)} over ${ep.length} steps</figcaption></figure>`;
      })
      .join('');
    agent.close();
  }
  const t = last?.time;
  const timeRows = t ? Object.entries(t).map(([k, v]) => ({ part: k, seconds: v, share: `${Math.round((100 * v) / Object.values(t).reduce((s, x) => s + x, 0))}%` })) : [];
  const html = reportPage({
    title: `Reward modeling on ${config.envId}`,
    subtitle: `seed ${config.seed} · feedback ${config.feedback} · ${config.labels} label budget · ${config.selector} queries · ${config.fragmentLength}-step segments`,
    generatedAt: new Date().toISOString(),
    cards: [
      { label: 'true return (final)', value: lastEval ? lastEval.trueReturn.toFixed(1) : '–', hint: 'hidden from the learner' },
      { label: 'labels used', value: String(last?.labels ?? 0), hint: `${last?.queries ?? 0} asked` },
      { label: 'held-out accuracy', value: last?.rewardModel?.heldOutAccuracy != null ? `${Math.round(last.rewardModel.heldOutAccuracy * 100)}%` : '–' },
      { label: 'learned vs true r', value: scatterPearson === null || Number.isNaN(scatterPearson) ? '–' : scatterPearson.toFixed(2), hint: 'segment returns' },
      { label: 'agent steps', value: String(last?.globalStep ?? 0) },
      { label: 'wall time', value: last ? `${last.wallSeconds.toFixed(0)} s` : '–' },
    ],
    sections: [
      { heading: 'Is the agent doing what the user intends?', html: `<div class="grid">${returns}${learnedReturns}${scatter}</div>`, note: 'If the learned return rises while the true return falls, the agent is exploiting the reward model (reward hacking).' },
      { heading: 'The reward model', html: `<div class="grid">${accuracy}${agreement}</div>` },
      { heading: 'Label efficiency', html: efficiency },
      { heading: 'The final agent', html: `<div class="grid">${clips || '<p>No checkpoint yet.</p>'}</div>` },
      { heading: 'Where the time went', html: table(timeRows) },
    ],
  });
  const report = join(dir, 'report.html');
  writeFileSync(report, html);
  return { report, runDir: dir, iterations: last?.iteration ?? 0, finalTrueReturn: lastEval?.trueReturn ?? null, scatterPearson };
}
