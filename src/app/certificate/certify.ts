/**
 * `certify(dir)`: the run's safety certificate (issue 17 item 6). Hashes the reward-model and
 * policy weights, the feedback dataset and the resolved config (the subjects), gathers the
 * claims (the predicate: env and seed, the test-suite results, the verified properties,
 * held-out accuracy with its exact interval, evaluation episodes with a lower bound on the
 * expected return), optionally signs it with an Ed25519 key, and writes
 * `<dir>/certificate.json` (an in-toto Statement v1) and `<dir>/certificate.html`.
 * Claims whose inputs the run lacks are listed in `predicate.absent` with the reason.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, DataFormatError, checkNumber } from '../../core/errors.js';
import '../../envs/index.js';
import { prepareEnv } from '../../envs/registry.js';
import { readJson, writeJsonAtomic } from '../../runs/run-dir.js';
import { acquireRunLock } from '../../runs/run-lock.js';
import type { KeyObject } from 'node:crypto';
import { loadRewardModel } from '../run-report.js';
import type { TestSuiteResult } from '../test-suite-types.js';
import { certificatePage } from './certificate-page.js';
import { evaluationPredicate } from './evaluation-episodes.js';
import { heldOutAccuracy } from './held-out-accuracy.js';
import { readRunInputs, withRunStore, type RunInputs } from './run-inputs.js';
import { readPrivateKey, signStatement } from './signing.js';
import { PREDICATE_TYPE, STATEMENT_TYPE, type AbsentPredicate, type Certificate, type Statement, type Subject } from './statement.js';
import { collectSubjects } from './subjects.js';
import { verificationClaims } from './verification-claims.js';

export interface CertifyOptions {
  /** Greedy evaluation episodes of the policy behind the return bound. Default 10. */
  evaluationEpisodes?: number;
  /** Confidence of the accuracy interval (two-sided) and the return bound (one-sided). Default 0.95. */
  confidence?: number;
  /** Box budget per property and model when re-verifying verify.json's spec. Default: the spec's budget, else 2000. */
  maxBoxes?: number;
  /** PEM Ed25519 private key to sign with. Default: unsigned. */
  keyFile?: string;
}

export interface CertifyResult {
  file: string;
  html: string;
  certificate: Certificate;
  signed: boolean;
  absent: AbsentPredicate[];
  /** Where the claims differ from what the run's own files say (verify.json statuses, the recorded held-out accuracy). */
  differences: string[];
}

/** test-suite.json, when it tested the certified policy (same checkpoint and, where it recorded them, the same policy bytes). */
function testSuitePredicate(inputs: RunInputs, subjects: Subject[]): { result: TestSuiteResult | null; absent?: string } {
  const file = join(inputs.dir, 'test-suite.json');
  if (!existsSync(file)) return { result: null, absent: 'no test-suite.json in the run (run `rewardlab test-suite RUN_DIR` first)' };
  const r = readJson<TestSuiteResult>(file, 'test-suite result');
  if (r.kind !== 'test-suite' || r.version !== 1) throw new DataFormatError(`${file}: kind/version = ${JSON.stringify([r.kind, r.version])}, expected ["test-suite", 1]`);
  if (r.checkpoint !== inputs.checkpoint) return { result: null, absent: `test-suite.json tested checkpoint ${JSON.stringify(r.checkpoint)}, not the certified ${JSON.stringify(inputs.checkpoint)} (run the test suite again)` };
  const changed = Object.entries(r.policySha256 ?? {}).filter(([name, sha]) => subjects.find((x) => x.name === name)?.digest.sha256 !== sha).map(([name]) => name);
  if (changed.length) return { result: null, absent: `test-suite.json tested other policy bytes (${changed.join(', ')} differ from the certified files; run the test suite again)` };
  return { result: r };
}

export async function certify(dir: string, o: CertifyOptions = {}): Promise<CertifyResult> {
  const episodes = checkNumber('--episodes', o.evaluationEpisodes ?? 10, { min: 1, max: 10_000, integer: true });
  const confidence = o.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new ConfigError('--confidence', confidence, 'must be strictly between 0 and 1 (e.g. 0.95)');
  const privateKey = o.keyFile === undefined ? null : readPrivateKey(o.keyFile); // a bad key fails before any work
  readRunInputs(dir); // a clear error for a non-run before the lock file is written
  const lock = acquireRunLock(dir, { command: 'certify' }); // no training may swap the checkpoint while it is hashed and measured
  try {
    return await certifyLocked(dir, o, privateKey, episodes, confidence);
  } finally {
    lock.release();
  }
}

async function certifyLocked(dir: string, o: CertifyOptions, privateKey: KeyObject | null, episodes: number, confidence: number): Promise<CertifyResult> {
  const inputs = readRunInputs(dir);
  await prepareEnv(inputs.config.envId);
  const model = loadRewardModel(inputs.checkpointDir);
  const absent: AbsentPredicate[] = [];
  const { subject, accuracy } = await withRunStore(inputs, async (store) => ({ subject: await collectSubjects(inputs, store), accuracy: await heldOutAccuracy(inputs, model, store, { confidence }) }));
  if (accuracy.pairs === 0) absent.push({ name: 'heldOutAccuracy', reason: 'the run folded no held-out answers (heldOutShare 0, or too few labels)' });
  const suite = testSuitePredicate(inputs, subject);
  if (suite.absent) absent.push({ name: 'testSuite', reason: suite.absent });
  const verification = verificationClaims(inputs, model, { maxBoxes: o.maxBoxes });
  if (verification.absent) absent.push({ name: 'verification', reason: verification.absent });
  const statement: Statement = {
    _type: STATEMENT_TYPE,
    subject,
    predicateType: PREDICATE_TYPE,
    predicate: {
      kind: 'rewardlab-certificate', version: 1,
      env: { envId: inputs.config.envId, seed: inputs.config.seed },
      checkpoint: inputs.checkpoint,
      testSuite: suite.result,
      verification: verification.predicate,
      heldOutAccuracy: accuracy.pairs === 0 ? null : accuracy,
      evaluation: evaluationPredicate(inputs, episodes, confidence),
      absent,
    },
  };
  const certificate: Certificate = privateKey ? { ...statement, signatures: [signStatement(statement, privateKey)] } : statement;
  const file = join(dir, 'certificate.json');
  const html = join(dir, 'certificate.html');
  writeJsonAtomic(file, certificate);
  writeFileSync(html, certificatePage(certificate));
  const differences = [...verification.differences];
  if (accuracy.recordedByRun !== null && accuracy.accuracy !== null && accuracy.recordedByRun !== accuracy.accuracy) {
    differences.push(`heldOutAccuracy: the run recorded ${accuracy.recordedByRun} at its last training round; the certified weights score ${accuracy.accuracy} on the held-out answers folded by the checkpoint`);
  }
  return { file, html, certificate, signed: privateKey !== null, absent, differences };
}
