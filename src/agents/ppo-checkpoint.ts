/** Saving and restoring a PPO agent: `DIR/agent.json` (state, config) + `DIR/agent.bin` (weights, Adam moments). */
import { join } from 'node:path';
import { readBundle, writeBundle } from '../nn/bundle.js';
import { Ppo, type PpoRuntime, type PpoState } from './ppo.js';

export function savePpo(dir: string, ppo: Ppo, name = 'agent'): void {
  writeBundle<PpoState>(join(dir, name), { kind: 'rewardlab-ppo', version: 1, meta: ppo.state(), tensors: ppo.tensors() });
}

export function loadPpo(dir: string, runtime: PpoRuntime, name = 'agent'): Ppo {
  const bundle = readBundle<PpoState>(join(dir, name), { kind: 'rewardlab-ppo', version: 1 });
  const ppo = new Ppo(bundle.meta.config, runtime);
  ppo.load(bundle.meta, bundle.tensors);
  return ppo;
}
