/** `rewardlab verify-certificate CERTIFICATE [RUN_DIR]`: re-hash every subject, re-check the claims; exits 1 naming each failure. */
import { verifyCertificate } from '../../app/certificate/verify-certificate.js';
import type { Command } from '../command.js';

export const verifyCertificateCommand: Command = {
  name: 'verify-certificate',
  usage: 'CERTIFICATE.json [RUN_DIR]',
  summary: "re-hash a certificate's subjects and re-check its claims (proofs, held-out accuracy, a few evaluation episodes); --public-key checks its signature; exit 1 on any failure, each named",
  flags: [
    { name: 'public-key', type: 'string', help: 'PEM Ed25519 public key: the certificate must carry a valid signature by it' },
    { name: 'episodes', type: 'int', default: 3, min: 0, max: 10_000, help: 'evaluation and test-suite episodes to re-run per claim' },
  ],
  async run({ positionals, values }, io) {
    const file = positionals[0];
    if (!file) throw new Error('CERTIFICATE = (none): give the certificate file, e.g. runs/demo/certificate.json');
    io.err(`re-checking ${file}`);
    const r = await verifyCertificate(file, { runDir: positionals[1], publicKeyFile: values['public-key'] as string | undefined, episodes: values.episodes as number });
    for (const c of r.checks) if (c.status !== 'ok') io.log(`${c.status === 'failed' ? 'FAILED' : 'not checked'}  ${c.name}: ${c.detail}`);
    const passed = r.checks.filter((c) => c.status === 'ok').length;
    io.log(r.ok ? `certificate holds: ${passed} checks passed` : `certificate does NOT hold: ${r.failures.length} failed (${r.failures.join(', ')}), ${passed} passed`);
    return { ...r, ...(r.ok ? {} : { exitCode: 1 }) };
  },
};
