import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEnvModule, prepareRunEnv, resolveEnvModule } from './env-module.js';
import { make, registeredEnvs } from './registry.js';
import './index.js'; // the built-in envs (the user module's env wraps CartPole)

const dir = mkdtempSync(join(tmpdir(), 'env-module-'));
const registry = new URL('./registry.ts', import.meta.url).pathname;

describe('env modules (the user registers an env in their own module)', () => {
  it('a file path is made absolute against the working directory; a package name is kept; a missing file names the field', () => {
    writeFileSync(join(dir, 'a.mjs'), '');
    expect(resolveEnvModule('./a.mjs', dir)).toBe(join(dir, 'a.mjs'));
    expect(resolveEnvModule('my-envs-package', dir)).toBe('my-envs-package');
    expect(() => resolveEnvModule('./missing.mjs', dir)).toThrow(/envModule = "\.\/missing\.mjs": no such file/);
    expect(() => resolveEnvModule('  ', dir)).toThrow(/envModule/);
  });

  it('prepareRunEnv imports the module, which registers the env, so the run can make it', async () => {
    const file = join(dir, 'line-env.mjs');
    writeFileSync(file, `import { register } from ${JSON.stringify(registry)};
import { make } from ${JSON.stringify(registry)};
register({ id: 'EnvModuleTest-v0', family: 'other', description: 'a copy of CartPole registered by a user module', create: () => make('CartPole-v1', { maxEpisodeSteps: null }) });
`);
    expect(registeredEnvs().map((s) => s.id)).not.toContain('EnvModuleTest-v0');
    await prepareRunEnv({ envId: 'EnvModuleTest-v0', envModule: file });
    expect(make('EnvModuleTest-v0').reset({ seed: 0 }).observation).toHaveLength(4);
    await importEnvModule(file); // once per thread: a second import does not register twice
  });

  it('a module that fails to load is reported with the field and its first line', async () => {
    const file = join(dir, 'broken.mjs');
    writeFileSync(file, 'throw new Error("boom in the user module");\n');
    await expect(importEnvModule(file)).rejects.toThrow(/envModule = ".*broken\.mjs": could not be imported: boom in the user module/);
  });
});
