/**
 * The one MuJoCo WebAssembly module of this process (npm `mujoco-js` 0.0.7 = MuJoCo 3.3.8).
 *
 * The module loads asynchronously (≈ 0.2–0.6 s and ≈ 60 MB), while `make(id)` is synchronous,
 * so loading is an explicit, awaited-once step that nothing pays for unless it uses MuJoCo:
 *
 *   await loadMujoco();          // or: await prepareEnv('Hopper-v5') (the registry's hook)
 *   const env = make('Hopper-v5');
 *
 * Every MuJoCo spec registers `prepare: loadMujoco`, so generic callers await
 * `prepareEnv(id)` before `make(id)`. Making a MuJoCo env before the module is loaded throws an
 * EnvStateError that says so. Compiled models are cached per XML file and shared by every env
 * of that kind (an MjModel is read-only during simulation); each env owns its MjData.
 */
import { readFileSync } from 'node:fs';
import type { MainModule, MjModel } from 'mujoco-js';
import { EnvStateError } from '../../core/errors.js';

/**
 * Arena (constraint + stack memory) per MjData. MuJoCo 3 sizes it at 4–14 MB for these models,
 * and the WASM heap is capped at 2 GB, which would allow only ~140 Ant envs per process. Random
 * rollouts of every model used at most 34 kB (maxuse_arena over 20 000 steps each), so 2 MB
 * leaves a ≥ 60× margin and the same physics (the arena only decides when contacts overflow).
 */
const ARENA_BYTES = 2n * 1024n * 1024n;

let module: MainModule | null = null;
let loading: Promise<MainModule> | null = null;
const models = new Map<string, MjModel>();

/** Load the WASM module once per process; later calls return the same promise. */
export function loadMujoco(): Promise<MainModule> {
  if (!loading) {
    loading = import('mujoco-js').then(async ({ default: factory }) => {
      const m = await factory();
      m.FS.mkdir('/rewardlab-models');
      module = m;
      return m;
    });
    loading.catch(() => (loading = null));
  }
  return loading;
}

/** Whether `loadMujoco()` has finished. */
export function mujocoLoaded(): boolean {
  return module !== null;
}

/** The loaded module; throws when `loadMujoco()` has not been awaited yet. */
export function mujoco(envName = 'a MuJoCo env'): MainModule {
  if (!module) throw new EnvStateError(`${envName} needs the MuJoCo WebAssembly module, which is not loaded yet: await loadMujoco() (or await prepareEnv(id)) once before make(id)`);
  return module;
}

/** The compiled model of one of the bundled v5 XML files (src/envs/mujoco/assets/), cached. */
export function loadModel(xmlFile: string, envName?: string): MjModel {
  const m = mujoco(envName);
  let model = models.get(xmlFile);
  if (!model) {
    const xml = readFileSync(new URL(`./assets/${xmlFile}`, import.meta.url), 'utf8');
    const path = `/rewardlab-models/${xmlFile}`;
    m.FS.writeFile(path, xml);
    model = m.MjModel.loadFromXML(path);
    if (model.narena > ARENA_BYTES) model.narena = ARENA_BYTES;
    models.set(xmlFile, model);
  }
  return model;
}
