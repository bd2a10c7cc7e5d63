/**
 * `verifyCertificate(file, dir)`: re-hash every subject of a certificate and re-check what is
 * cheap to re-check (src/app/certificate/check-claims.ts); with a public key, check its
 * Ed25519 signature. Every changed byte or failed claim is a failed check by name (subject
 * name with the expected and actual digest, or predicate path with the claimed and recomputed
 * value); `ok` is true only when none failed. Never throws on a bad run: a claim that cannot
 * be re-checked (e.g. a weights file that no longer loads) is itself a failure, with the reason.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, DataFormatError } from '../../core/errors.js';
import '../../envs/index.js';
import { prepareEnv } from '../../envs/registry.js';
import type { RewardModel } from '../../rewards/reward-model.js';
import { loadRewardModel } from '../run-report.js';
import { runTestCase } from '../test-suite-run.js';
import { checkEvaluation, checkHeldOutAccuracy, checkTestSuite, checkVerification, type TestCaseRunner } from './check-claims.js';
import { compare, failed, notChecked, ok, type CertificateCheck } from './checks.js';
import { readRunInputs, withRunStore, type RunInputs } from './run-inputs.js';
import { checkSignatures, readPublicKey } from './signing.js';
import { PREDICATE_TYPE, STATEMENT_TYPE, type Certificate, type SubjectRole } from './statement.js';
import { FEEDBACK_SUBJECT, feedbackDigest, hashRunFile, subjectFiles } from './subjects.js';

export interface VerifyCertificateOptions {
  /** The run directory. Default: the certificate's directory. */
  runDir?: string;
  /** PEM Ed25519 public key: check the signature (a missing or bad one fails). Default: signatures are not checked. */
  publicKeyFile?: string;
  /** Evaluation (and test-suite) episodes to re-run per claim. Default 3. */
  episodes?: number;
  /** Re-runs one test-suite case's first episodes. Default: src/app/test-suite-run.ts `runTestCase`. */
  runTestCase?: TestCaseRunner;
}

export interface VerifyCertificateResult {
  kind: 'rewardlab-certificate-check';
  version: 1;
  ok: boolean;
  certificate: string;
  runDir: string;
  checks: CertificateCheck[];
  /** The failed checks' names, e.g. ["checkpoint/agent.bin", "heldOutAccuracy.correct"]. */
  failures: string[];
}

const defaultRunner: TestCaseRunner = async (dir, name, opts) => runTestCase(dir, name, opts);

function readCertificate(file: string): Certificate {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError('CERTIFICATE', file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text) as Certificate;
  } catch (e) {
    throw new DataFormatError(`${file}: is not JSON (${(e as Error).message})`);
  }
}

function statementChecks(c: Certificate): CertificateCheck[] {
  const shape = c?._type === STATEMENT_TYPE && c.predicateType === PREDICATE_TYPE && c.predicate?.kind === 'rewardlab-certificate' && c.predicate.version === 1 && Array.isArray(c.subject) && typeof c.predicate.checkpoint === 'string';
  if (!shape) return [failed('statement', `not a RewardLab certificate: _type ${JSON.stringify(c?._type)}, predicateType ${JSON.stringify(c?.predicateType)}, predicate kind/version ${JSON.stringify([c?.predicate?.kind, c?.predicate?.version])}`)];
  // the subjects must be the files the re-checks load (so no claim rests on bytes that are not hashed)
  const expected = [...subjectFiles({ checkpoint: c.predicate.checkpoint }), { name: FEEDBACK_SUBJECT, role: 'feedback dataset' as SubjectRole }];
  return expected.map(({ name, role }) => {
    const s = c.subject.find((x) => x.name === name);
    if (!s) return failed(`subjects.${name}`, `the certificate does not hash ${name} (${role}), which its claims rest on`);
    return s.annotations?.role === role ? ok(`subjects.${name}`, `${name} is a subject (${role})`) : failed(`subjects.${name}`, `${name} is a subject with role ${JSON.stringify(s.annotations?.role)}, expected ${JSON.stringify(role)}`);
  });
}

async function subjectChecks(c: Certificate, dir: string, inputs: RunInputs | null): Promise<CertificateCheck[]> {
  const checks: CertificateCheck[] = [];
  for (const s of c.subject) {
    const role = s.annotations?.role ?? 'subject';
    let actual: string | null;
    if (s.name === FEEDBACK_SUBJECT) {
      if (!inputs) {
        checks.push(failed(s.name, `${role}: cannot be re-hashed without a readable run config`, s.digest?.sha256));
        continue;
      }
      try {
        actual = (await withRunStore(inputs, feedbackDigest)).sha256;
      } catch (e) {
        checks.push(failed(s.name, `${role}: the store cannot be read (${(e as Error).message})`, s.digest?.sha256));
        continue;
      }
    } else actual = hashRunFile(dir, s.name)?.sha256 ?? null;
    if (actual === null) checks.push(failed(s.name, `${role}: ${join(dir, s.name)} is missing`, s.digest?.sha256, null));
    else checks.push(actual === s.digest?.sha256 ? ok(s.name, `${role}: sha256 as certified`, s.digest.sha256, actual) : failed(s.name, `${role}: expected sha256 ${s.digest?.sha256}, got ${actual}`, s.digest?.sha256, actual));
  }
  return checks;
}

/** Run one predicate's re-check; an error while re-checking (weights that no longer load, …) fails it by name. */
async function guarded(name: string, run: () => CertificateCheck[] | Promise<CertificateCheck[]>): Promise<CertificateCheck[]> {
  try {
    return await run();
  } catch (e) {
    return [failed(name, `could not be re-checked: ${(e as Error).message}`)];
  }
}

export async function verifyCertificate(file: string, o: VerifyCertificateOptions = {}): Promise<VerifyCertificateResult> {
  const publicKey = o.publicKeyFile === undefined ? null : readPublicKey(o.publicKeyFile);
  const rerun = o.episodes ?? 3;
  if (!Number.isInteger(rerun) || rerun < 0) throw new ConfigError('--episodes', rerun, 'must be a non-negative integer');
  const c = readCertificate(file);
  const dir = o.runDir ?? dirname(file);
  const checks = statementChecks(c);
  const result = (): VerifyCertificateResult => {
    const failures = checks.filter((x) => x.status === 'failed').map((x) => x.name);
    return { kind: 'rewardlab-certificate-check', version: 1, ok: failures.length === 0, certificate: file, runDir: dir, checks, failures };
  };
  if (checks.some((x) => x.name === 'statement')) return result();
  if (publicKey) {
    const s = checkSignatures(c, publicKey);
    checks.push(s.ok ? ok('signature', s.detail) : failed('signature', s.detail));
  } else checks.push(notChecked('signature', c.signatures?.length ? 'signed, but not checked: give --public-key FILE' : 'unsigned'));

  const p = c.predicate;
  let inputs: RunInputs | null = null;
  try {
    inputs = readRunInputs(dir, 'RUN_DIR', p.checkpoint);
  } catch (e) {
    checks.push(failed('run', `the run cannot be read: ${(e as Error).message}`));
  }
  checks.push(...(await subjectChecks(c, dir, inputs)));
  if (!inputs) return result();
  const run = inputs;
  checks.push(compare('env.envId', p.env?.envId, run.config.envId, 'env of the run'), compare('env.seed', p.env?.seed, run.config.seed, 'seed of the run'));
  await prepareEnv(run.config.envId);
  let model: RewardModel | null = null;
  const needsModel = p.heldOutAccuracy || p.verification;
  if (needsModel) {
    try {
      model = loadRewardModel(run.checkpointDir);
    } catch (e) {
      checks.push(failed('reward model', `the certified reward model does not load: ${(e as Error).message}`));
    }
  }
  const absent = new Map((p.absent ?? []).map((a) => [a.name, a.reason]));
  const skip = (name: string) => notChecked(name, `absent from the certificate${absent.has(name as never) ? `: ${absent.get(name as never)}` : ''}`);
  if (p.heldOutAccuracy) checks.push(...(model ? await guarded('heldOutAccuracy', () => checkHeldOutAccuracy(run, model!, p.heldOutAccuracy!)) : [failed('heldOutAccuracy', 'cannot be re-checked: the reward model does not load')]));
  else checks.push(skip('heldOutAccuracy'));
  if (p.verification) checks.push(...(model ? await guarded('verification', () => checkVerification(run, model!, p.verification!)) : [failed('verification', 'cannot be re-checked: the reward model does not load')]));
  else checks.push(skip('verification'));
  if (p.evaluation) checks.push(...(await guarded('evaluation', () => checkEvaluation(run, p.evaluation!, rerun))));
  else checks.push(skip('evaluation'));
  if (p.testSuite) checks.push(...(await guarded('testSuite', () => checkTestSuite(run, p.testSuite!, rerun, o.runTestCase ?? defaultRunner, c.subject))));
  else checks.push(skip('testSuite'));
  return result();
}
