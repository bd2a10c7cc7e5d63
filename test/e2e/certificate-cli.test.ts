/**
 * `rewardlab certify` and `rewardlab verify-certificate` end to end on a short CartPole run with a
 * verified spec (one property any model satisfies, one no model can): the certificate holds; one
 * flipped byte of the policy weights fails naming that subject; an edited proof status or accuracy
 * fails naming that predicate; a signature fails over a changed certificate and under the wrong key,
 * and survives re-serialising the JSON (canonical form).
 */
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { certify } from '../../src/app/certificate/certify.js';
import { verifyCertificate } from '../../src/app/certificate/verify-certificate.js';
import type { Certificate } from '../../src/app/certificate/statement.js';
import { runCli } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'certificate-cli-'));
const dir = join(root, 'run');
const certFile = join(dir, 'certificate.json');
const keys = { private: join(root, 'key.pem'), public: join(root, 'key.pub.pem'), otherPublic: join(root, 'other.pub.pem') };

/** Write an edited copy of the certificate beside the run and return its path. */
function edited(name: string, edit: (c: Certificate) => void): string {
  const c = JSON.parse(readFileSync(certFile, 'utf8')) as Certificate;
  edit(c);
  const file = join(root, `${name}.json`);
  writeFileSync(file, JSON.stringify(c, null, 2));
  return file;
}

const reversed = (v: unknown): unknown => (Array.isArray(v) ? v.map(reversed) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).reverse().map((k) => [k, reversed((v as Record<string, unknown>)[k])])) : v);

describe('rewardlab certify / verify-certificate', () => {
  beforeAll(() => {
    const train = runCli(['train', '--env', 'FixedHorizonCartPole-v0', '--labels', '60', '--steps', '4096', '--feedback', 'synthetic', '--out', dir, '--json']);
    expect(train.code, train.stderr).toBe(0);
    const spec = join(root, 'spec.json');
    writeFileSync(spec, JSON.stringify({
      kind: 'rewardlab-verify-spec', version: 1, names: ['x', 'x_dot', 'theta', 'theta_dot'], defaults: { obs: { x_dot: [-2, 2], theta_dot: [-2, 2] } },
      properties: [
        { name: 'bounded', kind: 'range', region: {}, min: -1e6, max: 1e6 },
        { name: 'impossible', kind: 'range', region: { obs: { theta: [-0.05, 0.05] } }, max: -1e6 },
      ],
    }));
    const v = runCli(['verify', dir, '--spec', spec, '--max-boxes', '200', '--json']);
    expect(v.code, v.stderr).toBe(0);
    const suite = runCli(['test-suite', dir, '--episodes', '5', '--json']);
    expect(suite.code, suite.stderr).toBe(0);
    for (const [file, pair] of [[keys, generateKeyPairSync('ed25519')], [{ public: keys.otherPublic }, generateKeyPairSync('ed25519')]] as const) {
      if ('private' in file) writeFileSync(file.private, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(file.public, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    }
  }, 120_000);

  it('certifies a run (subjects, claims recomputed from the stored answers) and the certificate holds under its key', () => {
    const r = runCli(['certify', dir, '--key', keys.private, '--max-boxes', '200', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(readFileSync(certFile, 'utf8')) as Certificate;
    expect(c._type).toBe('https://in-toto.io/Statement/v1');
    expect(c.predicateType).toBe('https://rewardlab.dev/certificate/v1');
    expect(c.predicate).toMatchObject({ kind: 'rewardlab-certificate', version: 1, env: { envId: 'FixedHorizonCartPole-v0', seed: 0 }, checkpoint: 'checkpoint' });
    const roles = Object.fromEntries(c.subject.map((s) => [s.name, s.annotations.role]));
    expect(roles).toEqual({
      'checkpoint/reward-model.bin': 'reward-model weights', 'checkpoint/reward-model.json': 'reward-model weights',
      'checkpoint/agent.bin': 'policy weights', 'checkpoint/agent.json': 'policy weights', 'config.json': 'resolved config', 'feedback dataset': 'feedback dataset',
    });
    // the feedback digest is the records checksum of `rewardlab feedback export`
    const exported = join(root, 'labels.jsonl');
    expect(runCli(['feedback', 'export', dir, exported]).code).toBe(0);
    expect(c.subject.find((s) => s.name === 'feedback dataset')!.digest.sha256).toBe(JSON.parse(readFileSync(exported, 'utf8').split('\n')[0]).sha256);
    // held-out accuracy recomputed from the store with the certified weights = what the trainer recorded
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const h = c.predicate.heldOutAccuracy!;
    expect(h.pairs).toBe(metrics.at(-1).rewardModel.heldOutLabels);
    expect(h.pairs).toBeGreaterThan(5);
    expect(h.accuracy).toBe(result.heldOutAccuracy);
    expect(h.interval!.lower).toBeLessThan(h.accuracy!);
    expect(c.predicate.verification!.properties.map((p) => [p.name, p.results.find((x) => x.model === 'mean')!.status])).toEqual([['bounded', 'proved'], ['impossible', 'refuted']]);
    expect(c.predicate.absent).toEqual([]);
    expect(c.predicate.testSuite!.cases.map((x) => x.name)).toEqual(['perturbed-start', 'tilted-start']);
    expect(c.predicate.testSuite!.policySha256!['checkpoint/agent.bin']).toBe(c.subject.find((s) => s.name === 'checkpoint/agent.bin')!.digest.sha256);
    expect(c.signatures).toHaveLength(1);
    expect(readFileSync(join(dir, 'certificate.html'), 'utf8')).toContain(c.subject.find((s) => s.name === 'checkpoint/agent.bin')!.digest.sha256);

    const ok = runCli(['verify-certificate', certFile, dir, '--public-key', keys.public, '--json']);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const out = JSON.parse(ok.stdout);
    expect(out.ok).toBe(true);
    expect(out.failures).toEqual([]);
    const status = Object.fromEntries(out.checks.map((x: { name: string; status: string }) => [x.name, x.status]));
    expect(status).toMatchObject({ signature: 'ok', 'checkpoint/agent.bin': 'ok', 'feedback dataset': 'ok', 'heldOutAccuracy.correct': 'ok', 'verification.impossible (mean)': 'ok', 'evaluation.returns[0..2]': 'ok', 'testSuite.perturbed-start.passed': 'ok', 'testSuite.tilted-start.perEpisode[0..2]': 'ok' });
  }, 120_000);

  it('one flipped byte of the policy weights fails verification, naming the policy subject', () => {
    const weights = join(dir, 'checkpoint', 'agent.bin');
    copyFileSync(weights, join(root, 'agent.bin.orig'));
    const bytes = readFileSync(weights);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(weights, bytes);
    try {
      const r = runCli(['verify-certificate', certFile, '--json']);
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout);
      expect(out.ok).toBe(false);
      expect(out.failures).toContain('checkpoint/agent.bin');
      expect(out.failures).not.toContain('checkpoint/reward-model.bin');
      const failure = out.checks.find((x: { name: string }) => x.name === 'checkpoint/agent.bin');
      expect(failure.detail).toMatch(/^policy weights: expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}$/);
      expect(failure.recomputed).not.toBe(failure.claimed);
      const text = runCli(['verify-certificate', certFile]);
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/FAILED {2}checkpoint\/agent\.bin: policy weights: expected sha256/);
    } finally {
      copyFileSync(join(root, 'agent.bin.orig'), weights);
    }
  }, 60_000);

  it('an edited proof status or held-out accuracy fails, naming that predicate', async () => {
    const unsigned = (c: Certificate) => delete c.signatures;
    const proof = edited('proof', (c) => {
      unsigned(c);
      c.predicate.verification!.properties.find((p) => p.name === 'impossible')!.results.find((x) => x.model === 'mean')!.status = 'proved';
    });
    const a = await verifyCertificate(proof, { runDir: dir, episodes: 1 });
    expect(a.ok).toBe(false);
    expect(a.failures).toEqual(['verification.impossible (mean)']);
    expect(a.checks.find((x) => x.name === 'verification.impossible (mean)')).toMatchObject({ claimed: 'proved', recomputed: 'refuted' });

    const accuracy = edited('accuracy', (c) => {
      unsigned(c);
      const h = c.predicate.heldOutAccuracy!;
      h.correct -= 1;
      h.accuracy = h.correct / h.strict;
    });
    const b = await verifyCertificate(accuracy, { runDir: dir, episodes: 1 });
    expect(b.failures).toEqual(['heldOutAccuracy.correct', 'heldOutAccuracy.accuracy', 'heldOutAccuracy.interval']);

    const bound = edited('bound', (c) => {
      unsigned(c);
      c.predicate.heldOutAccuracy!.interval!.lower += 0.05; // the interval no longer follows from the counts
    });
    expect((await verifyCertificate(bound, { runDir: dir, episodes: 1 })).failures).toEqual(['heldOutAccuracy.interval']);

    const episode = edited('episode', (c) => {
      unsigned(c);
      c.predicate.evaluation!.returns[0] += 1;
      const r = c.predicate.evaluation!.returns;
      c.predicate.evaluation!.meanReturn = r.reduce((s, v) => s + v, 0) / r.length;
    });
    const verdict = edited('verdict', (c) => {
      unsigned(c);
      const t = c.predicate.testSuite!;
      const k = t.cases[0]!;
      k.passed = !k.passed; // a failed held-out case claimed as passed (the tally kept consistent)
      t.passed = t.cases.filter((x) => x.passed).length;
      t.failed = t.cases.length - t.passed;
    });
    const name = JSON.parse(readFileSync(certFile, 'utf8')).predicate.testSuite.cases[0].name;
    const otherPolicy = edited('other-policy', (c) => {
      unsigned(c);
      c.predicate.testSuite!.policySha256!['checkpoint/agent.bin'] = '0'.repeat(64); // the suite claims to have tested other bytes
    });
    expect((await verifyCertificate(otherPolicy, { runDir: dir, episodes: 1 })).failures).toEqual(['testSuite.policySha256.checkpoint/agent.bin']);
    expect((await verifyCertificate(verdict, { runDir: dir, episodes: 1 })).failures).toEqual([`testSuite.${name}.passed`]);

    const suiteEpisode = edited('suite-episode', (c) => {
      unsigned(c);
      const k = c.predicate.testSuite!.cases[1]!;
      k.perEpisode[0] += 100;
      k.value = k.perEpisode.reduce((s, v) => s + v, 0) / k.perEpisode.length;
      k.passed = k.op === '>=' ? k.value >= k.threshold : k.value <= k.threshold;
      c.predicate.testSuite!.passed = c.predicate.testSuite!.cases.filter((x) => x.passed).length;
      c.predicate.testSuite!.failed = c.predicate.testSuite!.cases.length - c.predicate.testSuite!.passed;
    });
    const second = JSON.parse(readFileSync(certFile, 'utf8')).predicate.testSuite.cases[1].name;
    expect((await verifyCertificate(suiteEpisode, { runDir: dir, episodes: 1 })).failures).toEqual([`testSuite.${second}.perEpisode[0..0]`]);

    // dropping the policy's subject (so its bytes would go unhashed) is itself a failure
    const dropped = edited('dropped', (c) => {
      unsigned(c);
      c.subject = c.subject.filter((x) => x.name !== 'checkpoint/agent.bin');
    });
    expect((await verifyCertificate(dropped, { runDir: dir, episodes: 1 })).failures).toEqual(['subjects.checkpoint/agent.bin', 'testSuite.policySha256.checkpoint/agent.bin']);

    // CartPole has no hidden performance apart from its reward: a claimed performance bound is one nothing supports
    const invented = edited('invented-bound', (c) => {
      unsigned(c);
      c.predicate.evaluation!.performanceLowerBound = { ...c.predicate.evaluation!.returnLowerBound!, lower: 1 };
    });
    expect((await verifyCertificate(invented, { runDir: dir, episodes: 1 })).failures).toEqual(['evaluation.performanceLowerBound']);

    const e = await verifyCertificate(episode, { runDir: dir, episodes: 1 });
    expect(e.failures).toContain('evaluation.returns[0..0]'); // the re-run episode disagrees with the edited claim
    expect(e.failures.every((n) => n.startsWith('evaluation.'))).toBe(true);
  }, 60_000);

  it('the signature fails over a changed certificate and under another key, and survives re-serialising', async () => {
    const changed = edited('changed', (c) => {
      c.subject[0]!.annotations.note = 'not what was signed'; // nothing else re-checks this field: only the signature can catch it
    });
    const a = await verifyCertificate(changed, { runDir: dir, publicKeyFile: keys.public, episodes: 0 });
    expect(a.failures).toEqual(['signature']);
    expect(a.checks.find((x) => x.name === 'signature')!.detail).toMatch(/does not match the certificate's content/);

    const b = await verifyCertificate(certFile, { runDir: dir, publicKeyFile: keys.otherPublic, episodes: 0 });
    expect(b.failures).toEqual(['signature']);
    expect(b.checks.find((x) => x.name === 'signature')!.detail).toMatch(/^no signature by key/);

    const reformatted = join(root, 'reformatted.json');
    writeFileSync(reformatted, JSON.stringify(reversed(JSON.parse(readFileSync(certFile, 'utf8')))));
    expect(readFileSync(reformatted, 'utf8').indexOf('"predicate"')).toBeLessThan(readFileSync(reformatted, 'utf8').indexOf('"_type"'));
    const c = await verifyCertificate(reformatted, { runDir: dir, publicKeyFile: keys.public, episodes: 0 });
    expect(c.failures).toEqual([]);
    expect(c.checks.find((x) => x.name === 'signature')!.status).toBe('ok');
    expect(existsSync(keys.private)).toBe(true);
  }, 60_000);

  it('a key that is not Ed25519, or not a key, is refused naming the flag and the file', async () => {
    const rsa = join(root, 'rsa.pem');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(certify(dir, { keyFile: rsa })).rejects.toThrow(`--key = ${JSON.stringify(rsa)}: is a rsa key; an Ed25519 key is needed`);
    const junk = join(root, 'junk.pem');
    writeFileSync(junk, 'not a key');
    await expect(verifyCertificate(certFile, { publicKeyFile: junk })).rejects.toThrow(/^--public-key = ".*junk\.pem": is not a PEM public key/);
  });
});
