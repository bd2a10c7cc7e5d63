/** `rewardlab envs`: every registered env with its spaces and a one-line description. */
import '../../envs/index.js';
import { make, prepareEnv, registeredEnvs } from '../../envs/registry.js';
import type { Command } from '../command.js';

export function listEnvs() {
  return registeredEnvs().map((spec) => {
    const env = make(spec.id);
    const row = {
      id: spec.id,
      family: spec.family,
      observationSpace: String(env.observationSpace),
      actionSpace: String(env.actionSpace),
      maxEpisodeSteps: spec.maxEpisodeSteps ?? null,
      rewardThreshold: spec.rewardThreshold ?? null,
      options: Object.keys(spec.options ?? {}),
      description: spec.description,
    };
    env.close();
    return row;
  });
}

export const envsCommand: Command = {
  name: 'envs',
  summary: 'list every registered environment with its spaces and a one-line description',
  flags: [],
  async run(_args, io) {
    for (const spec of registeredEnvs()) await prepareEnv(spec.id); // MuJoCo: load the WASM module
    const envs = listEnvs();
    for (const e of envs) {
      io.log(`${e.id}  [${e.family}]  ${e.description}`);
      io.log(`    obs ${e.observationSpace}   action ${e.actionSpace}   limit ${e.maxEpisodeSteps ?? '—'}${e.options.length ? `   options: ${e.options.join(', ')}` : ''}`);
    }
    io.log(`${envs.length} environments`);
    return { envs };
  },
};
