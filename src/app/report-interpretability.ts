/**
 * The run report's interpretability part for envs with vector observations (gridworlds have
 * their reward maps instead): under each clip of the final agent, the learned reward per step
 * with its ensemble spread and the true reward on its own axis, then the integrated-gradients
 * attributions of every step; and a section with the reward's partial dependence on each
 * observation dimension over the clips' visited states, and which coordinates the attributions
 * lean on. The true reward comes from the sealed evaluation channel (reports may read it; the
 * learner never does).
 *
 * The clip episodes are replayed here with the same reset seeds and the same deterministic
 * policy as the report's clips, so strip t is step t of the clip above it.
 */
import type { RewardFreeEnv } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import { unseal } from '../core/sealed.js';
import { Box } from '../core/spaces/box.js';
import type { Action } from '../core/types.js';
import { make } from '../envs/registry.js';
import { hideReward } from '../wrappers/hide-reward.js';
import { AbsorbTerminal } from '../wrappers/absorb-terminal.js';
import { Wrapper, unwrapEnv } from '../wrappers/wrapper.js';
import { concatBatches, fragmentBatch, type RewardModel, type TransitionBatch } from '../rewards/reward-model.js';
import { rewardAttributions, rewardBaseline, stepInputLabels, type BaselineKind } from '../analysis/attribution-reward-model.js';
import type { Attribution } from '../analysis/attribution.js';
import { partialDependence, type PartialDependenceCurve } from '../analysis/partial-dependence.js';
import { isGridworld } from '../analysis/reward-map.js';
import { streamRng } from '../core/seed-streams.js';
import { attributionHeatStrip, partialDependenceChart, rewardStripChart } from '../report/reward-strip-chart.js';
import { formatNumber } from '../report/format.js';
import { table } from '../report/page.js';

export interface InterpretabilityOptions {
  envId: string;
  model: RewardModel;
  /** The final agent, deterministic (the clips' policy). */
  policy: (obs: Float32Array) => Action;
  /** Reset seeds of the clip episodes, in clip order. */
  seeds: number[];
  /** Step cap per episode (the clips'). Default 500. */
  maxSteps?: number;
  /** Riemann steps of integrated gradients. Default 64. */
  igSteps?: number;
  /**
   * Random-policy episodes whose states join the partial-dependence sample, so its grid also
   * covers states a good agent never visits (a falling pole). Default 2.
   */
  randomEpisodes?: number;
  /** Distinct transitions the partial dependence averages over (evenly spaced over the sample). Default 250. */
  pdSamples?: number;
  /** Width of the strips in px. Default 420. */
  width?: number;
}

export interface InterpretabilityPart {
  /** Under clip i: its reward strip and attribution strip (one HTML fragment). */
  strips: string[];
  section: { heading: string; html: string; note: string };
  /** Largest |Σ attributions − (r(x) − r(baseline))| over every attributed step, in reward units. */
  completenessGap: number;
  /** Mean |r(x) − r(baseline)| over the same steps: what the attributions divide up. */
  meanSwing: number;
  /** The numbers behind the drawings, for interpretability.json in the run directory. */
  data: InterpretabilityData;
}

/** interpretability.json: what the strips, heat strips and partial-dependence panels show. */
export interface InterpretabilityData {
  kind: 'rewardlab-interpretability';
  version: 1;
  envId: string;
  /** Input coordinates of the attributions (the observation's; "next …" too when the model reads it). */
  coordinates: string[];
  baseline: { kind: BaselineKind; values: number[] };
  integratedGradientSteps: number;
  completenessGap: number;
  meanSwing: number;
  /** Per clip episode: its reset seed and, per step, the learned reward (mean, sd), the true reward and the attributions. */
  episodes: { seed: number; learnedMean: number[]; learnedStd: number[]; trueReward: number[]; attributions: number[][] }[];
  partialDependence: PartialDependenceCurve[];
  meanAbsAttribution: number[];
}

/** Four significant digits: the JSON is for reading and re-plotting, not for bit-exact replay. */
const round = (v: number) => (v === 0 || !Number.isFinite(v) ? v : +v.toPrecision(4));

interface Episode {
  batch: TransitionBatch;
  truth: number[];
}

function playEpisode(env: RewardFreeEnv<Float32Array, Action>, seed: number, policy: (o: Float32Array) => Action, maxSteps: number): Episode {
  const observations = [env.reset({ seed }).observation];
  const actions: Action[] = [];
  const truth: number[] = [];
  for (let t = 0; t < maxSteps; t++) {
    const a = policy(observations[observations.length - 1]);
    const r = env.step(a);
    actions.push(a);
    observations.push(r.observation);
    truth.push(unseal(r.evaluation).reward);
    if (r.terminated || r.truncated) break;
  }
  return { batch: fragmentBatch(observations, actions), truth };
}

/**
 * Observation names: the env's state names when its observation is its state, plus "absorbed"
 * for the flag an absorbing-terminal wrapper appends; obs[j] otherwise.
 */
function observationLabels(env: unknown, dim: number): string[] {
  let absorbing = false;
  for (let e: unknown = env; e instanceof Wrapper; e = e.env) absorbing ||= e instanceof AbsorbTerminal;
  const names = (unwrapEnv(env) as { stateNames?: readonly string[] }).stateNames;
  const known = names && names.length === dim ? [...names] : names && absorbing && names.length === dim - 1 ? [...names, 'absorbed'] : null;
  return Array.from({ length: dim }, (_, j) => known?.[j] ?? `obs[${j}]`);
}

/** The distinct transitions of a batch (an absorbing state repeated 400 times is one state), in first-seen order. */
export function distinctTransitions(batch: TransitionBatch): TransitionBatch {
  const D = batch.obs.length / batch.n;
  const A = batch.actions.length / batch.n;
  const seen = new Set<string>();
  const keep: number[] = [];
  for (let t = 0; t < batch.n; t++) {
    const key = [batch.obs.subarray(t * D, (t + 1) * D), batch.actions.subarray(t * A, (t + 1) * A), batch.nextObs.subarray(t * D, (t + 1) * D)].map((v) => Array.from(v).join(',')).join('|');
    if (!seen.has(key)) {
      seen.add(key);
      keep.push(t);
    }
  }
  return rows(batch, keep);
}

function rows(batch: TransitionBatch, keep: number[]): TransitionBatch {
  const D = batch.obs.length / batch.n;
  const A = batch.actions.length / batch.n;
  const out: TransitionBatch = { obs: new Float32Array(keep.length * D), nextObs: new Float32Array(keep.length * D), actions: new Float32Array(keep.length * A), n: keep.length };
  keep.forEach((r, i) => {
    out.obs.set(batch.obs.subarray(r * D, (r + 1) * D), i * D);
    out.nextObs.set(batch.nextObs.subarray(r * D, (r + 1) * D), i * D);
    out.actions.set(batch.actions.subarray(r * A, (r + 1) * A), i * A);
  });
  return out;
}

/** Every k-th transition of a batch, at most `max` of them. */
function spaced(batch: TransitionBatch, max: number): TransitionBatch {
  const k = Math.max(1, Math.ceil(batch.n / max));
  return rows(batch, Array.from({ length: Math.ceil(batch.n / k) }, (_, i) => i * k));
}

/** The part for a vector-observation run, or null for gridworlds and non-vector observations. */
export function interpretabilityPart(o: InterpretabilityOptions): InterpretabilityPart | null {
  if (isGridworld(o.envId) || o.seeds.length === 0) return null;
  const probe = make(o.envId);
  const space = probe.observationSpace;
  if (!(space instanceof Box) || space.flatDim !== o.model.obsDim) return null;
  const labels = observationLabels(probe, space.flatDim);
  probe.close();
  const { model } = o;
  const width = o.width ?? 420;
  const steps = o.igSteps ?? 64;
  const env = hideReward(make(o.envId)) as unknown as RewardFreeEnv<Float32Array, Action>;
  const episodes = o.seeds.map((seed) => playEpisode(env, seed, o.policy, o.maxSteps ?? 500));
  const rng = streamRng(o.seeds[0], 'report/interpretability/random-policy');
  const random = (() => env.actionSpace.sample(rng)) as (obs: Float32Array) => Action;
  const randomEpisodes = Array.from({ length: o.randomEpisodes ?? 2 }, (_, i) => playEpisode(env, o.seeds[0] + 1000 + i, random, o.maxSteps ?? 500));
  env.close();

  // The labelled clips' mean; else the observation box's centre; else (a model that never folded a
  // clip, with unbounded observations, e.g. a run finished before its first answer) the mean of the
  // states this section shows.
  const visited = episodes.flatMap((ep) => Array.from({ length: ep.batch.n }, (_, t) => ep.batch.obs.subarray(t * model.obsDim, (t + 1) * model.obsDim)));
  let kind: BaselineKind = 'dataset-mean';
  let baseline: Float32Array | null = null;
  for (const k of ['dataset-mean', 'space-centre', 'visited-mean'] as const) {
    try {
      baseline = rewardBaseline(model, k, space, visited);
      kind = k;
      break;
    } catch (e) {
      if (!(e instanceof ConfigError) || k === 'visited-mean') throw e;
    }
  }
  if (!baseline) throw new Error('unreachable: the visited-mean baseline either returns or throws');
  const inputLabels = stepInputLabels(model, labels);
  const baselineText = `${kind === 'dataset-mean' ? 'the mean observation of the labelled clips' : kind === 'space-centre' ? 'the centre of the observation space' : 'the mean of the states shown here (the reward model has folded no clip)'} (${labels.map((l, j) => `${l} ${formatNumber(baseline[j])}`).join(', ')})`;
  const attributed: Attribution[][] = [];
  const perEpisode: InterpretabilityData['episodes'] = [];
  const strips = episodes.map((ep, i) => {
    const { mean, std } = model.predict(ep.batch);
    const attr = rewardAttributions(model, ep.batch, baseline, { steps });
    attributed.push(attr);
    perEpisode.push({ seed: o.seeds[i], learnedMean: Array.from(mean, round), learnedStd: Array.from(std, round), trueReward: ep.truth.map(round), attributions: attr.map((a) => Array.from(a.attributions, round)) });
    const gap = Math.max(0, ...attr.map((a) => Math.abs(a.gap)));
    return (
      `<div class="reward-strips" style="display:flex;flex-direction:column;gap:6px;margin-top:6px">${rewardStripChart({ title: `Episode ${i + 1}: reward per step (${formatNumber(ep.batch.n)} steps)`, mean, std, trueReward: ep.truth, width })}` +
      attributionHeatStrip({ title: `Episode ${i + 1}: attributions per step`, labels: inputLabels, values: attr.map((a) => a.attributions), width, caption: `integrated gradients (${steps} steps); completeness gap ≤ ${formatNumber(gap)}` }) +
      `</div>`
    );
  });

  const sample = spaced(distinctTransitions(concatBatches([...episodes, ...randomEpisodes].map((e) => e.batch))), o.pdSamples ?? 250);
  const curves = partialDependence(model, sample);
  const pd = partialDependenceChart({ title: 'Partial dependence of the learned reward on each observation dimension', curves, labels, width: 560 });
  const all = attributed.flat();
  const completenessGap = Math.max(0, ...all.map((a) => Math.abs(a.gap)));
  const meanAbs = inputLabels.map((_, j) => all.reduce((s, a) => s + Math.abs(a.attributions[j]), 0) / Math.max(1, all.length));
  const total = meanAbs.reduce((s, v) => s + v, 0);
  const rows = inputLabels.map((label, j) => ({ coordinate: label, baseline: baseline[j], 'mean |attribution|': meanAbs[j], share: total > 0 ? `${Math.round((100 * meanAbs[j]) / total)}%` : '–' }));
  const swing = all.length ? all.reduce((s, a) => s + Math.abs(a.value - a.baselineValue), 0) / all.length : 0;
  return {
    strips,
    completenessGap,
    meanSwing: swing,
    data: {
      kind: 'rewardlab-interpretability', version: 1, envId: o.envId, coordinates: inputLabels, baseline: { kind, values: Array.from(baseline, round) },
      integratedGradientSteps: steps, completenessGap, meanSwing: swing, episodes: perEpisode,
      partialDependence: curves.map((c) => ({ ...c, grid: c.grid.map(round), mean: c.mean.map(round), spread: c.spread.map(round), deciles: c.deciles.map(round) })),
      meanAbsAttribution: meanAbs.map(round),
    },
    section: {
      heading: 'What the reward model responds to',
      html: `<div class="grid">${pd}</div>${table(rows)}`,
      note:
        `Partial dependence: for each grid value along one dimension, that dimension of ${formatNumber(sample.n)} distinct transitions is set to the value and the learned reward averaged over them (other dimensions as visited) — transitions of the final agent in the clips above and of ${formatNumber(randomEpisodes.length)} random-policy episodes, so the grid also covers states a good agent avoids; it spans the visited range only, and the ticks mark the deciles of the visited values. ` +
        `Under each clip: the learned reward per step (ensemble mean, band ±1 sd across the ${formatNumber(model.nets.length)} members), the true reward on its own axis, and the integrated-gradients attribution of each step's learned reward to each input coordinate (action held fixed), from the baseline ${baselineText}. ` +
        `The attributions of a step add up to its reward minus the baseline's reward (completeness), here to within ${formatNumber(completenessGap)} over ${formatNumber(all.length)} steps, against a mean |reward − baseline reward| of ${formatNumber(swing)}. The table: the mean |attribution| per coordinate over those steps.`,
    },
  };
}
