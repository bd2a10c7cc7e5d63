/**
 * Re-checking a certificate's claims against the run: what is cheap to recompute is recomputed
 * (held-out accuracy of the hashed reward model, the verified properties by branch and bound
 * with the recorded budget, the first few evaluation episodes of the hashed policy, the
 * test-suite cases' values and verdicts from their episodes); every mismatch is a failed check
 * named by its predicate path, with the claimed and the recomputed value.
 */
import { clopperPearson } from '../../analysis/confidence.js';
import { envRange } from '../../analysis/env-ranges.js';
import type { RewardModel } from '../../rewards/reward-model.js';
import type { TestSuiteCase } from '../test-suite-types.js';
import { canonicalJson } from './canonical-json.js';
import { compare, failed, notChecked, type CertificateCheck } from './checks.js';
import { boundOver, policyEpisodes } from './evaluation-episodes.js';
import { heldOutAccuracy } from './held-out-accuracy.js';
import { withRunStore, type RunInputs } from './run-inputs.js';
import type { CertificatePredicate, EvaluationPredicate, HeldOutAccuracyPredicate, Subject, VerificationPredicate } from './statement.js';
import { sha256Hex } from './subjects.js';
import { runVerification } from './verification-claims.js';
import { isGridworld } from '../../analysis/reward-map.js';

/** Re-runs one test-suite case's first episodes (src/app/test-suite-run.ts `runTestCase`). */
export type TestCaseRunner = (dir: string, caseName: string, o: { seed: number; episodes: number }) => Promise<{ perEpisode: number[] }>;

/** The largest box budget the checker re-runs (the CLI's --max-boxes limit). */
export const MAX_RECHECK_BOXES = 10_000_000;

const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

export async function checkHeldOutAccuracy(inputs: RunInputs, model: RewardModel, claim: HeldOutAccuracyPredicate): Promise<CertificateCheck[]> {
  const confidence = claim.interval?.confidence ?? 0.95;
  const now = await withRunStore(inputs, (store) => heldOutAccuracy(inputs, model, store, { confidence }));
  const checks = (['pairs', 'strict', 'correct', 'accuracy'] as const).map((k) => compare(`heldOutAccuracy.${k}`, claim[k], now[k], k === 'accuracy' ? 'the reward model\'s held-out accuracy' : `held-out ${k}`));
  // the interval must be the exact interval of the CLAIMED counts (so an edited bound fails even when the counts stand)
  const expected = claim.strict > 0 && Number.isInteger(claim.correct) && claim.correct >= 0 && claim.correct <= claim.strict ? clopperPearson(claim.correct, claim.strict, confidence) : null;
  checks.push(compare('heldOutAccuracy.interval', claim.interval, expected, `Clopper–Pearson ${confidence} interval of ${claim.correct}/${claim.strict}`));
  return checks;
}

export function checkVerification(inputs: RunInputs, model: RewardModel, claim: VerificationPredicate): CertificateCheck[] {
  const checks = [compare('verification.specSha256', claim.specSha256, sha256Hex(canonicalJson(claim.spec)), 'sha256 of the embedded spec')];
  // 0 boxes: a gridworld run's exhaustive verdicts (every reachable transition; no budget to bound)
  const exhaustive = isGridworld(inputs.config.envId);
  if (exhaustive ? claim.maxBoxes !== 0 : !(Number.isInteger(claim.maxBoxes) && claim.maxBoxes >= 1 && claim.maxBoxes <= MAX_RECHECK_BOXES)) return [...checks, failed('verification.maxBoxes', exhaustive ? 'must be 0 on a gridworld run (its properties are decided by exhaustion)' : `must be an integer in [1, ${MAX_RECHECK_BOXES}] for the checker to re-run it`, claim.maxBoxes)];
  const now = runVerification(inputs, model, claim.spec, claim.maxBoxes, claim.members);
  const byKey = new Map(now.flatMap((p) => p.results.map((r) => [`${p.name} (${r.model})`, r.status])));
  for (const p of claim.properties) {
    for (const r of p.results) {
      const key = `${p.name} (${r.model})`;
      checks.push(compare(`verification.${key}`, r.status, byKey.get(key) ?? 'absent', exhaustive ? `${p.kind} property re-decided over every reachable transition` : `${p.kind} property re-verified with ${claim.maxBoxes} boxes`));
    }
  }
  const claimed = new Set(claim.properties.flatMap((p) => p.results.map((r) => `${p.name} (${r.model})`)));
  for (const key of byKey.keys()) if (!claimed.has(key)) checks.push(failed(`verification.${key}`, 'the spec has this property but the certificate makes no claim about it', 'absent', byKey.get(key)));
  return checks;
}

export function checkEvaluation(inputs: RunInputs, claim: EvaluationPredicate, rerun: number): CertificateCheck[] {
  const checks = [compare('evaluation.meanReturn', claim.meanReturn, mean(claim.returns), 'mean of the claimed per-episode returns')];
  checks.push(compare('evaluation.episodes', claim.episodes, claim.returns.length, 'episodes behind the returns'));
  const range = envRange(inputs.config.envId);
  const confidence = claim.returnLowerBound?.confidence ?? claim.performanceLowerBound?.confidence ?? 0.95;
  checks.push(compare('evaluation.returnLowerBound', claim.returnLowerBound, boundOver(claim.returns, range?.return ?? null, confidence), 'lower bound on the expected return from the claimed returns'));
  checks.push(compare('evaluation.performanceLowerBound', claim.performanceLowerBound ?? null, boundOver(claim.performances, range?.performance ?? null, confidence), 'lower bound on the expected hidden performance from the claimed performances'));
  const k = Math.min(rerun, claim.returns.length);
  if (k === 0) return [...checks, notChecked('evaluation.returns', 'no episodes re-run (--episodes 0)')];
  const now = policyEpisodes(inputs, k, claim.seed);
  checks.push(compare(`evaluation.returns[0..${k - 1}]`, claim.returns.slice(0, k), now.returns, `true return of the first ${k} episodes, re-run from seed ${claim.seed}`));
  checks.push(compare(`evaluation.performances[0..${k - 1}]`, claim.performances.slice(0, k), now.performances, `hidden performance of the first ${k} episodes`));
  return checks;
}

function caseVerdict(c: TestSuiteCase): boolean {
  return c.op === '>=' ? c.value >= c.threshold : c.value <= c.threshold;
}

export async function checkTestSuite(inputs: RunInputs, claim: NonNullable<CertificatePredicate['testSuite']>, rerun: number, runner: TestCaseRunner | undefined, subjects: Subject[]): Promise<CertificateCheck[]> {
  const checks: CertificateCheck[] = [];
  for (const [name, sha] of Object.entries(claim.policySha256 ?? {})) checks.push(compare(`testSuite.policySha256.${name}`, sha, subjects.find((x) => x.name === name)?.digest.sha256 ?? 'not a subject', 'the tested policy file is the certified one'));
  for (const c of claim.cases) {
    const at = `testSuite.${c.name}`;
    checks.push(compare(`${at}.value`, c.value, c.perEpisode.length ? mean(c.perEpisode) : null, `${c.metric}: mean of the per-episode values`));
    checks.push(compare(`${at}.passed`, c.passed, caseVerdict(c), `${c.metric} ${c.value} ${c.op} ${c.threshold}`));
    const k = Math.min(rerun, c.perEpisode.length);
    if (!runner) checks.push(notChecked(`${at}.perEpisode`, 'episodes not re-run: no test-case runner is wired into this build'));
    else if (k > 0) {
      const now = await runner(inputs.dir, c.name, { seed: c.seed, episodes: k });
      checks.push(compare(`${at}.perEpisode[0..${k - 1}]`, c.perEpisode.slice(0, k), now.perEpisode.slice(0, k), `the first ${k} episodes re-run from seed ${c.seed}`));
    }
  }
  checks.push(compare('testSuite.passed', claim.passed, claim.cases.filter((c) => c.passed).length, 'cases passed'));
  checks.push(compare('testSuite.failed', claim.failed, claim.cases.filter((c) => !c.passed).length, 'cases failed'));
  return checks;
}
