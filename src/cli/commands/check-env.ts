/** `rewardlab check-env [ID…]`: run checkEnv on registered envs (all of them by default). */
import { LIMITS } from '../../app/flags.js';
import '../../envs/index.js';
import { checkEnv } from '../../envs/check-env.js';
import { envSpec, make, prepareEnv, registeredEnvs } from '../../envs/registry.js';
import type { Command } from '../command.js';

export const checkEnvCommand: Command = {
  name: 'check-env',
  usage: '[ENV_ID …]',
  summary: 'run the env conformance checks (determinism, spaces, order errors, render) on registered envs',
  flags: [{ name: 'steps', type: 'int', default: 300, help: 'random steps per rollout', ...LIMITS.steps }],
  async run({ values, positionals }, io) {
    const ids = positionals.length ? positionals.map((id) => envSpec(id).id) : registeredEnvs().map((s) => s.id);
    for (const id of ids) await prepareEnv(id); // MuJoCo envs load their WASM module first
    const reports = ids.map((id) => checkEnv(() => make(id), { steps: values.steps as number }));
    for (const r of reports) {
      io.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.envId}`);
      for (const c of r.checks) if (!c.ok) io.log(`   ✗ ${c.name}: ${c.message}`);
    }
    const failed = reports.filter((r) => !r.ok).length;
    io.log(`${reports.length - failed} passed, ${failed} failed`);
    return { exitCode: failed ? 1 : 0, reports };
  },
};
