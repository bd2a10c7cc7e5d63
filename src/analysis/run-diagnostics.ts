/**
 * Run diagnostics: what a reward-modeling run records besides its metrics, so a failed seed
 * says WHY it failed. `RunDiagnostics` is a loop observer (structurally a `LoopObserver`) plus
 * a feedback watcher; it appends one JSON line per event to `<dir>/diagnostics.jsonl`:
 *  - answers: running counts of every answer kind ('equal' / 'cant-tell' / 'skip' included);
 *  - rollout: the agent after each iteration — PPO's entropy and explained variance, and the
 *    reward model's accuracy on the agent's CURRENT distribution (pairs of this iteration's
 *    segments ranked by the hidden true reward, the teacher's oracle, vs by the learned reward;
 *    needs `model`), with the learned reward's per-step mean/std on those states;
 *  - reward-model: each round's statistics and the ensemble's output scale;
 *  - evaluation: true vs learned return and their correlation, the same oracle accuracy on the
 *    greedy agent's evaluation segments.
 * Evaluation code: it reads the sealed channel (never imported by learners).
 * `diagnoseRun` (below) turns the lines into findings: which of these went wrong.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../core/rng.js';
import { unseal } from '../core/sealed.js';
import type { Action, PreferenceAnswer, Trajectory } from '../core/types.js';
import type { AgentIteration } from '../agents/agent.js';
import { fragmentBatch, type TransitionBatch } from '../rewards/reward-model.js';

export type AnswerCounts = Record<PreferenceAnswer, number>;

/** Oracle accuracy of the learned reward on pairs of segments: strict pairs only (true sums differ). */
export interface OracleAccuracy {
  /** Share of strict pairs the learned reward orders as the oracle does (null without strict pairs). */
  accuracy: number | null;
  /** Strict pairs compared. */
  strictPairs: number;
  /** Share of sampled pairs the oracle cannot tell apart (equal true sums). */
  tieShare: number;
}

export type DiagnosticsLine =
  | { kind: 'answers'; answered: number; counts: AnswerCounts }
  | ({ kind: 'rollout'; iteration: number; globalStep: number; entropy: number | null; explainedVariance: number | null; learnedMean: number | null; learnedStd: number | null } & Partial<OracleAccuracy>)
  | { kind: 'reward-model'; round: number; labels: number; trainAccuracy: number; heldOutAccuracy: number | null; loss: number; scale: number[] | null; shift: number[] | null }
  | ({ kind: 'evaluation'; iteration: number; trueReturn: number; learnedReturn: number; pearson: number; spearman: number } & OracleAccuracy);

/** What the recorder needs of the reward model (the loop's `model`). */
export interface DiagnosticsModel {
  predict(batch: TransitionBatch): { mean: Float32Array; std: Float32Array };
  readonly scale: number[];
  readonly shift: number[];
}

export const DIAGNOSTICS_FILE = 'diagnostics.jsonl';

/** Pairs sampled per accuracy measurement. */
const PAIRS = 600;

/**
 * Oracle accuracy over `PAIRS` random pairs of [true sum, learned sum] segments (a fixed seed:
 * the same segments give the same number). Ties in the learned sums count as half right.
 */
export function oracleAccuracy(segments: readonly (readonly [number, number])[], seed = 0): OracleAccuracy {
  if (segments.length < 2) return { accuracy: null, strictPairs: 0, tieShare: 0 };
  const rng = new Rng(seed);
  let strict = 0;
  let right = 0;
  let ties = 0;
  for (let k = 0; k < PAIRS; k++) {
    const i = rng.int(segments.length);
    let j = rng.int(segments.length - 1);
    if (j >= i) j++;
    const dt = segments[i][0] - segments[j][0];
    if (Math.abs(dt) < 1e-9) {
      ties++;
      continue;
    }
    strict++;
    const dl = segments[i][1] - segments[j][1];
    right += dl === 0 ? 0.5 : Math.sign(dl) === Math.sign(dt) ? 1 : 0;
  }
  return { accuracy: strict ? right / strict : null, strictPairs: strict, tieShare: ties / PAIRS };
}

/** [true sum, learned sum] per `length`-step segment of the trajectories, and the learned per-step mean/std. */
export function labelledSegments(trajectories: readonly Trajectory[], model: DiagnosticsModel, length: number): { segments: [number, number][]; mean: number; std: number } {
  const segments: [number, number][] = [];
  let s = 0;
  let s2 = 0;
  let n = 0;
  for (const t of trajectories) {
    if (t.actions.length < length) continue;
    const learned = model.predict(fragmentBatch(t.observations, t.actions as Action[])).mean;
    for (const v of learned) {
      s += v;
      s2 += v * v;
      n++;
    }
    for (let start = 0; start + length <= t.actions.length; start += length) {
      let ts = 0;
      let ls = 0;
      for (let k = start; k < start + length; k++) {
        ts += unseal(t.evaluation[k]).reward;
        ls += learned[k];
      }
      segments.push([ts, ls]);
    }
  }
  const mean = n ? s / n : NaN;
  return { segments, mean, std: n ? Math.sqrt(Math.max(0, s2 / n - mean * mean)) : NaN };
}

const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);

export interface RunDiagnosticsOptions {
  /** Segment length of the accuracy measurements (the loop's fragmentLength). Default 25. */
  segmentLength?: number;
  /** The loop's reward model; without it rollouts carry no accuracy and rounds no scale. Settable later. */
  model?: DiagnosticsModel;
}

/** Records a run's diagnostics to `<dir>/diagnostics.jsonl` (and keeps them in `lines`). */
export class RunDiagnostics {
  readonly lines: DiagnosticsLine[] = [];
  readonly file: string | null;
  model: DiagnosticsModel | undefined;
  private readonly segmentLength: number;
  private readonly counts: AnswerCounts = { left: 0, right: 0, equal: 0, 'cant-tell': 0, skip: 0 };
  private answered = 0;

  /** `dir` null: keep the lines in memory only. */
  constructor(dir: string | null, o: RunDiagnosticsOptions = {}) {
    this.file = dir === null ? null : join(dir, DIAGNOSTICS_FILE);
    this.model = o.model;
    this.segmentLength = o.segmentLength ?? 25;
  }

  private write(line: DiagnosticsLine): void {
    this.lines.push(line);
    if (this.file) appendFileSync(this.file, JSON.stringify(line) + '\n');
  }

  /** Count one answer (call for every answer the feedback source gives). */
  recordAnswer(answer: PreferenceAnswer): void {
    this.counts[answer]++;
    this.answered++;
  }

  /** A feedback source that reports its answers here; everything else passes through unchanged. */
  watch<S extends { ask(pair: never): Promise<{ answer: PreferenceAnswer }> }>(source: S): S {
    const ask = (pair: never) => source.ask(pair).then((a) => (this.recordAnswer(a.answer), a));
    return new Proxy(source, {
      get: (target, key) => {
        if (key === 'ask') return ask;
        const v = Reflect.get(target, key, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  }

  private flushAnswers(): void {
    if (this.answered === 0) return;
    const last = [...this.lines].reverse().find((l) => l.kind === 'answers');
    if (last && last.kind === 'answers' && last.answered === this.answered) return;
    this.write({ kind: 'answers', answered: this.answered, counts: { ...this.counts } });
  }

  /** The loop observer (pass in `roles.observers`). */
  get observer() {
    return {
      onRollout: (e: { iteration: AgentIteration }) => {
        const it = e.iteration;
        const d = it.diagnostics ?? {};
        let extra: Partial<OracleAccuracy> & { learnedMean: number | null; learnedStd: number | null } = { learnedMean: null, learnedStd: null };
        if (this.model && it.trajectories.length) {
          const seg = labelledSegments(it.trajectories, this.model, this.segmentLength);
          extra = { ...oracleAccuracy(seg.segments, it.iteration), learnedMean: num(seg.mean), learnedStd: num(seg.std) };
        }
        this.write({ kind: 'rollout', iteration: it.iteration, globalStep: it.globalStep, entropy: num(d.entropy), explainedVariance: num(d.explainedVariance), ...extra });
      },
      onLabelsFolded: () => this.flushAnswers(),
      onRewardModelTrained: (e: { round: number; stats: { labels: number; trainAccuracy: number; heldOutAccuracy: number | null; loss: number } }) => {
        const s = e.stats;
        this.write({
          kind: 'reward-model', round: e.round, labels: s.labels, trainAccuracy: s.trainAccuracy, heldOutAccuracy: s.heldOutAccuracy, loss: s.loss,
          scale: this.model ? [...this.model.scale] : null, shift: this.model ? [...this.model.shift] : null,
        });
      },
      onEvaluation: (e: { iteration: number; alignment: { trueReturn: number; learnedReturn: number; pearson: number; spearman: number; segments: [number, number][] } }) => {
        this.flushAnswers();
        const a = e.alignment;
        this.write({ kind: 'evaluation', iteration: e.iteration, trueReturn: a.trueReturn, learnedReturn: a.learnedReturn, pearson: a.pearson, spearman: a.spearman, ...oracleAccuracy(a.segments, e.iteration) });
      },
    };
  }
}

/** The diagnostics lines of a run directory ([] when the run recorded none). */
export function readDiagnostics(dir: string): DiagnosticsLine[] {
  const file = join(dir, DIAGNOSTICS_FILE);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as DiagnosticsLine);
}

export interface DiagnosisFinding {
  /** Stable code: uninformative | inaccurate-on-policy | misaligned | scale-drift | forgot | slow | entropy-collapse | value-error. */
  code: string;
  /** One sentence with the number, e.g. "uninformative: 83% of answers were 'equal'". */
  message: string;
}

export interface DiagnosisOptions {
  /** True return that counts as success (e.g. 475 on CartPole); enables 'forgot' and gates the agent findings. */
  successThreshold?: number;
  /** Share of answers without a strict preference above which feedback is 'uninformative'. Default 0.5. */
  uninformativeShare?: number;
}

const pct = (x: number) => `${Math.round(100 * x)}%`;
const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * What went wrong in a run, from its diagnostics lines (most telling first; [] when nothing
 * did). Agent-side findings (entropy, value error) are only reported for runs that failed
 * (final true return below `successThreshold`), or always when no threshold is given.
 */
export function diagnoseRun(lines: readonly DiagnosticsLine[], o: DiagnosisOptions = {}): DiagnosisFinding[] {
  const out: DiagnosisFinding[] = [];
  const answers = lines.filter((l) => l.kind === 'answers').at(-1);
  if (answers && answers.kind === 'answers' && answers.answered > 0) {
    const c = answers.counts;
    const vague = c.equal + c['cant-tell'] + c.skip;
    if (vague / answers.answered >= (o.uninformativeShare ?? 0.5)) {
      const kinds = (['equal', 'cant-tell', 'skip'] as const).filter((k) => c[k] > 0).sort((a, b) => c[b] - c[a]);
      const parts = kinds.map((k) => `${pct(c[k] / answers.answered)} '${k}'`).join(', ');
      out.push({ code: 'uninformative', message: `uninformative: ${parts} of ${answers.answered} answers carried no preference` });
    }
  }
  const rollouts = lines.filter((l): l is Extract<DiagnosticsLine, { kind: 'rollout' }> => l.kind === 'rollout');
  const evals = lines.filter((l): l is Extract<DiagnosticsLine, { kind: 'evaluation' }> => l.kind === 'evaluation');
  const rounds = lines.filter((l): l is Extract<DiagnosticsLine, { kind: 'reward-model' }> => l.kind === 'reward-model');
  const last = evals.at(-1);
  const failed = o.successThreshold === undefined || !last || last.trueReturn < o.successThreshold;
  // accuracy on the agent's own segments, over the last quarter of the run (where measured)
  const late = rollouts.slice(Math.floor(rollouts.length * 0.75)).filter((r) => r.accuracy !== null && r.accuracy !== undefined && (r.strictPairs ?? 0) >= 20);
  if (late.length) {
    const acc = med(late.map((r) => r.accuracy!));
    if (acc < 0.75) out.push({ code: 'inaccurate-on-policy', message: `inaccurate on the agent's distribution: the reward model ranks ${pct(acc)} of the agent's current segment pairs as the oracle does (last quarter of the run)` });
  }
  if (last && Number.isFinite(last.pearson) && last.pearson < 0.5) out.push({ code: 'misaligned', message: `misaligned: learned vs true segment return correlate at r = ${last.pearson.toFixed(2)} at the end` });
  const scales = rounds.filter((r) => r.scale).map((r) => r.scale!.reduce((a, b) => a + b, 0) / r.scale!.length);
  if (scales.length >= 2) {
    const ratio = Math.max(...scales) / Math.max(1e-12, Math.min(...scales));
    if (ratio > 10) out.push({ code: 'scale-drift', message: `scale drift: the learned reward's raw scale changed ${ratio.toFixed(0)}× across ${scales.length} rounds` });
  }
  if (o.successThreshold !== undefined && last && last.trueReturn < o.successThreshold) {
    const best = evals.reduce((b, e) => (e.trueReturn > b.trueReturn ? e : b), evals[0]);
    if (best.trueReturn >= o.successThreshold) out.push({ code: 'forgot', message: `forgot: true return ${best.trueReturn.toFixed(0)} at iteration ${best.iteration}, ${last.trueReturn.toFixed(0)} at the end` });
    else {
      const ent = rollouts.at(-1)?.entropy;
      out.push({ code: 'slow', message: `slow: the agent never reached ${o.successThreshold} (best true return ${best.trueReturn.toFixed(0)} at iteration ${best.iteration})${ent !== null && ent !== undefined ? `; policy entropy still ${ent.toFixed(2)} at the end` : ''}` });
    }
  }
  if (failed && rollouts.length >= 4) {
    const ent = rollouts.map((r) => r.entropy).filter((v): v is number => v !== null);
    if (ent.length && ent[0] > 0) {
      const i = ent.findIndex((v) => v < 0.1 * ent[0]);
      if (i >= 0 && i < ent.length / 2) out.push({ code: 'entropy-collapse', message: `entropy collapse: policy entropy fell below 10% of its start (${ent[0].toFixed(2)} → ${ent[i].toFixed(3)}) by iteration ${rollouts[i].iteration} of ${rollouts.at(-1)!.iteration}` });
    }
    const ev = rollouts.slice(Math.floor(rollouts.length / 2)).map((r) => r.explainedVariance).filter((v): v is number => v !== null);
    if (ev.length && med(ev) < 0.3) out.push({ code: 'value-error', message: `value error: the value function explains ${pct(Math.max(0, med(ev)))} of the learned returns' variance (median over the second half)` });
  }
  return out;
}
