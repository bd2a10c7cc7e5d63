/**
 * `verifyRun(dir, specPath)`: formal verification of a run's final reward model (src/verify)
 * against a user's property spec, in raw observation units; the env's observation bounds fill
 * the dims a region leaves out. Writes `<dir>/verify.json` (the report plus what was verified:
 * the checkpoint, the spec, the budget) and returns it. Gridworld runs take a spec over transition
 * sets instead (src/analysis/exact/gridworld-spec.ts), decided by exhaustion over every reachable transition.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, show } from '../core/errors.js';
import { Box } from '../core/spaces/box.js';
import { make } from '../envs/registry.js';
import type { RewardModelingConfig } from '../loop/config.js';
import { latestCheckpoint } from '../runs/checkpoint-dir.js';
import { readJson, writeJsonAtomic } from '../runs/run-dir.js';
import { parseSpec } from '../verify/spec.js';
import { verifyRewardModel, type VerifyReport } from '../verify/verify-reward-model.js';
import { loadRewardModel } from './run-report.js';
import { isGridworld } from '../analysis/reward-map.js';
import { enumerateGridworld } from '../analysis/gridworld-exact.js';
import { parseGridSpec } from '../analysis/exact/gridworld-spec.js';
import { rewardModelVariants, verifyGridworld, type GridVerifyReport } from '../analysis/exact/verify-gridworld.js';

export interface VerifyRunOptions {
  /** Boxes branch and bound may split per property and model. Default: the spec's budget, else 2,000. */
  maxBoxes?: number;
  /** Wall-clock cap per property and model, ms. Default none. */
  maxMillis?: number;
  /** Also verify each ensemble member alone. Default true. */
  members?: boolean;
}

/** What was verified, where: the same for both kinds of run. */
interface RunVerifyFields {
  runDir: string;
  envId: string;
  checkpoint: string;
  spec: string;
  /** Each property's status for the ensemble mean, e.g. { "upright wins": "proved" }. */
  summary: Record<string, string>;
  file: string;
}

export interface VerifyRunResult extends VerifyReport, RunVerifyFields {}

/** A gridworld run's result: every reachable transition checked (src/analysis/exact/verify-gridworld.ts). */
export interface GridVerifyRunResult extends GridVerifyReport, RunVerifyFields {}

/** Gridworld runs: the spec's transition sets, decided by exhaustion over the exact enumeration. */
function verifyGridRun(dir: string, envId: string, checkpoint: string, specPath: string, json: unknown, o: VerifyRunOptions): GridVerifyRunResult {
  const spec = parseGridSpec(json);
  const report = verifyGridworld(envId, enumerateGridworld(envId), rewardModelVariants(loadRewardModel(checkpoint), o.members ?? true), spec);
  const summary = Object.fromEntries(report.properties.map((p) => [p.name, p.results.find((r) => r.model === 'mean')?.status ?? 'not run']));
  const file = join(dir, 'verify.json');
  const result: GridVerifyRunResult = { ...report, runDir: dir, envId, checkpoint, spec: specPath, summary, file };
  writeJsonAtomic(file, result);
  return result;
}

export function verifyRun(dir: string, specPath: string, o: VerifyRunOptions = {}): VerifyRunResult | GridVerifyRunResult {
  const config = readJson<RewardModelingConfig>(join(dir, 'config.json'), 'run config');
  const checkpoint = latestCheckpoint(dir);
  if (!checkpoint) throw new ConfigError('RUN_DIR', dir, 'has no finished checkpoint yet: train (or resume) until one is written');
  let text: string;
  try {
    text = readFileSync(specPath, 'utf8');
  } catch (e) {
    throw new ConfigError('--spec', specPath, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError('--spec', specPath, `is not JSON: ${(e as Error).message}`);
  }
  if (isGridworld(config.envId)) return verifyGridRun(dir, config.envId, checkpoint, specPath, json, o);
  const spec = parseSpec(json);
  const space = make(config.envId).observationSpace;
  const obsBounds = space instanceof Box ? { low: space.low, high: space.high } : undefined;
  const model = loadRewardModel(checkpoint);
  const report = verifyRewardModel(model, spec, { obsBounds, members: o.members ?? true, maxBoxes: o.maxBoxes ?? spec.budget.maxBoxes, maxMillis: o.maxMillis });
  const summary = Object.fromEntries(report.properties.map((p) => [p.name, p.results.find((r) => r.model === 'mean')?.status ?? 'not run']));
  const file = join(dir, 'verify.json');
  const result: VerifyRunResult = { ...report, runDir: dir, envId: config.envId, checkpoint, spec: specPath, summary, file };
  writeJsonAtomic(file, result);
  return result;
}

/** One line per property for the terminal. */
export function verifyLines(r: VerifyRunResult | GridVerifyRunResult): string[] {
  if ('method' in r) return gridLines(r);
  return r.properties.map((p) => {
    const per = p.results.map((x) => `${x.model} ${x.status}${x.status === 'refuted' && x.counterexample ? ` (at obs ${show(x.counterexample[0].obs.map((v) => Number(v.toPrecision(4))))})` : ''}`);
    return `${p.name} [${p.kind}]: ${per.join(', ')}`;
  });
}

function gridLines(r: GridVerifyRunResult): string[] {
  const at = (w: { move: string; from: unknown; to: unknown; tile: string | null; learned: number }) => `${w.move} ${show(w.from)}→${show(w.to)} into ${show(w.tile)}: ${Number(w.learned.toPrecision(4))}`;
  return r.properties.map((p) => {
    const per = p.results.map((x) => `${x.model} ${x.status}${x.status === 'refuted' && x.counterexample ? ` (${x.counterexample.map(at).join(' vs ')})` : ''}`);
    return `${p.name} [${p.kind}, exhaustive over ${p.results[0]?.checked ?? 0} of ${r.transitions} transitions]: ${per.join(', ')}`;
  });
}
