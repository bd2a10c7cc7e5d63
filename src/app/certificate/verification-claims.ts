/**
 * The verified properties a certificate claims. Certify reads `<run>/verify.json` (written by
 * `rewardlab verify RUN_DIR --spec FILE`) for the spec that was verified, embeds the spec, and
 * verifies it again on the certified reward model with a recorded box budget and no time cap —
 * so every claim is a deterministic function of (spec, weights, budget) that the checker
 * recomputes exactly. Where verify.json said something else (it ran on another checkpoint or
 * budget), the certificate says what it found now and lists the differences.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Box } from '../../core/spaces/box.js';
import { make } from '../../envs/registry.js';
import type { RewardModel } from '../../rewards/reward-model.js';
import { readJson } from '../../runs/run-dir.js';
import { parseSpec } from '../../verify/spec.js';
import { enumerateGridworld } from '../../analysis/gridworld-exact.js';
import { parseGridSpec } from '../../analysis/exact/gridworld-spec.js';
import { rewardModelVariants, verifyGridworld } from '../../analysis/exact/verify-gridworld.js';
import { isGridworld } from '../../analysis/reward-map.js';
import { verifyRewardModel } from '../../verify/verify-reward-model.js';
import type { VerifyRunResult } from '../verify-run.js';
import type { RunInputs } from './run-inputs.js';
import type { PropertyOutcome, VerificationPredicate } from './statement.js';
import { sha256Hex } from './subjects.js';
import { canonicalJson } from './canonical-json.js';

/** verifyRun's default budget when neither the flag nor the spec gives one. */
export const DEFAULT_MAX_BOXES = 2000;

/** Verify `spec` on `model` with exactly the recorded budget: one outcome list per property. */
export function runVerification(inputs: RunInputs, model: RewardModel, spec: unknown, maxBoxes: number, members: boolean): VerificationPredicate['properties'] {
  const envId = inputs.config.envId;
  if (isGridworld(envId)) {
    // finite inputs: every reachable transition, decided by exhaustion (as `rewardlab verify` does there)
    const report = verifyGridworld(envId, enumerateGridworld(envId), rewardModelVariants(model, members), parseGridSpec(spec));
    return report.properties.map((p) => ({
      name: p.name, kind: p.kind,
      results: p.results.map((r): PropertyOutcome => ({ model: r.model, status: r.status, method: `exhaustive over ${r.checked} of ${report.transitions} reachable transitions`, boxes: 0, ...(r.counterexample ? { transitions: r.counterexample } : {}) })),
    }));
  }
  const space = make(inputs.config.envId).observationSpace;
  const obsBounds = space instanceof Box ? { low: space.low, high: space.high } : undefined;
  const report = verifyRewardModel(model, spec, { obsBounds, members, maxBoxes, maxMillis: Infinity });
  return report.properties.map((p) => ({
    name: p.name, kind: p.kind,
    results: p.results.map((r): PropertyOutcome => ({ model: r.model, status: r.status, method: `branch and bound over CROWN ∩ interval bounds, ${r.boxes} of ${maxBoxes} boxes`, boxes: r.boxes, ...(r.counterexample ? { counterexample: r.counterexample } : {}) })),
  }));
}

export interface VerificationClaims {
  predicate: VerificationPredicate | null;
  /** Why there is no predicate (no verify.json, spec unreadable). */
  absent?: string;
  /** Properties whose status now differs from verify.json's, e.g. "upright wins (mean): verify.json unknown, now proved". */
  differences: string[];
}

function specText(inputs: RunInputs, path: string): string | null {
  for (const p of isAbsolute(path) ? [path] : [path, join(inputs.dir, path)]) if (existsSync(p)) return readFileSync(p, 'utf8');
  return null;
}

export function verificationClaims(inputs: RunInputs, model: RewardModel, o: { maxBoxes?: number } = {}): VerificationClaims {
  const file = join(inputs.dir, 'verify.json');
  if (!existsSync(file)) return { predicate: null, absent: 'no verify.json in the run (run `rewardlab verify RUN_DIR --spec FILE` first)', differences: [] };
  const recorded = readJson<VerifyRunResult>(file, 'verify result');
  const text = specText(inputs, recorded.spec);
  if (text === null) return { predicate: null, absent: `verify.json names the spec ${JSON.stringify(recorded.spec)}, which cannot be read from here or from the run dir`, differences: [] };
  const spec = JSON.parse(text) as unknown;
  const maxBoxes = isGridworld(inputs.config.envId) ? 0 : (o.maxBoxes ?? parseSpec(spec).budget.maxBoxes ?? DEFAULT_MAX_BOXES);
  const members = recorded.properties.some((p) => p.results.some((r) => r.model !== 'mean'));
  const properties = runVerification(inputs, model, spec, maxBoxes, members);
  const before = new Map(recorded.properties.flatMap((p) => p.results.map((r) => [`${p.name} (${r.model})`, r.status])));
  const differences = properties.flatMap((p) => p.results.flatMap((r) => {
    const key = `${p.name} (${r.model})`;
    const was = before.get(key);
    return was === r.status ? [] : [`${key}: verify.json ${was ?? 'absent'}, now ${r.status}`];
  }));
  return { predicate: { spec, specSha256: sha256Hex(canonicalJson(spec)), maxBoxes, members, properties }, differences };
}
