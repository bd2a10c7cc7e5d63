/** `rewardlab certify RUN_DIR`: the run's safety certificate (certificate.json, an in-toto Statement v1, and certificate.html). */
import { certify } from '../../app/certificate/certify.js';
import type { Command } from '../command.js';

export const certifyCommand: Command = {
  name: 'certify',
  usage: 'RUN_DIR',
  summary: 'write certificate.json (in-toto Statement: sha256 of the weights, feedback and config; test-suite, verified properties, confidence bounds, env and seed) and certificate.html; --key signs it (Ed25519)',
  flags: [
    { name: 'key', type: 'string', help: 'PEM Ed25519 private key to sign the certificate with (openssl genpkey -algorithm ed25519 -out key.pem); default unsigned' },
    { name: 'episodes', type: 'int', default: 10, min: 1, max: 10_000, help: 'greedy evaluation episodes of the policy behind the return lower bound' },
    { name: 'confidence', type: 'number', default: 0.95, help: 'confidence of the accuracy interval (two-sided) and the return bound (one-sided)' },
    { name: 'max-boxes', type: 'int', min: 1, max: 10_000_000, help: "box budget per property when re-verifying verify.json's spec (default: the spec's budget, else 2000)" },
  ],
  async run({ positionals, values }, io) {
    const dir = positionals[0];
    if (!dir) throw new Error('RUN_DIR = (none): give the run directory, e.g. runs/demo');
    io.err(`certifying ${dir}: hashing the subjects, recomputing held-out accuracy, re-verifying properties, running ${values.episodes as number} evaluation episodes`);
    const r = await certify(dir, { keyFile: values.key as string | undefined, evaluationEpisodes: values.episodes as number, confidence: values.confidence as number, maxBoxes: values['max-boxes'] as number | undefined });
    const p = r.certificate.predicate;
    for (const s of r.certificate.subject) io.log(`  ${s.annotations.role.padEnd(20)} ${s.digest.sha256}  ${s.name}`);
    if (p.heldOutAccuracy) io.log(`  held-out accuracy ${p.heldOutAccuracy.correct}/${p.heldOutAccuracy.strict}${p.heldOutAccuracy.interval ? `, interval [${p.heldOutAccuracy.interval.lower.toFixed(3)}, ${p.heldOutAccuracy.interval.upper.toFixed(3)}]` : ''}`);
    if (p.evaluation) io.log(`  mean true return ${p.evaluation.meanReturn} over ${p.evaluation.episodes} episodes${p.evaluation.returnLowerBound ? `, lower bound ${p.evaluation.returnLowerBound.lower.toFixed(2)}` : ''}${p.evaluation.performanceLowerBound ? `; hidden performance lower bound ${p.evaluation.performanceLowerBound.lower.toFixed(2)}` : ''}`);
    for (const q of p.verification?.properties ?? []) io.log(`  ${q.name}: ${q.results.map((x) => `${x.model} ${x.status}`).join(', ')}`);
    for (const a of r.absent) io.log(`  not certified: ${a.name} (${a.reason})`);
    for (const d of r.differences) io.log(`  differs from verify.json: ${d}`);
    io.log(`certificate: ${r.file}${r.signed ? ' (signed)' : ''}\npage: ${r.html}`);
    return { file: r.file, html: r.html, signed: r.signed, absent: r.absent, differences: r.differences, certificate: r.certificate };
  },
};
