/**
 * `npm run build`: compile src/ (tests excluded) to ESM .js + .d.ts in dist/, mirroring src/ so
 * dist/server/app.js finds ../../ui/ and dist/nn/wasm-kernels.js and dense-kernels.js find ./wasm/gemm.wasm and dense.wasm (copied), dist/envs/mujoco/ its assets/ (copied).
 * Builds into a fresh sibling directory and swaps it in with two renames, so a process reading
 * dist/ while another builds (npm pack in a test, say) never sees it half written or missing.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const tmp = `${root}dist.build-${process.pid}`;
const old = `${root}dist.old-${process.pid}`;
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const r = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`, '--outDir', tmp], { stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(tmp, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}
mkdirSync(`${tmp}/nn/wasm`, { recursive: true });
for (const wasm of ['gemm.wasm', 'dense.wasm']) copyFileSync(`${root}src/nn/wasm/${wasm}`, `${tmp}/nn/wasm/${wasm}`);
cpSync(`${root}src/envs/mujoco/assets`, `${tmp}/envs/mujoco/assets`, { recursive: true }); // the MuJoCo v5 XML models + LICENSE

if (existsSync(`${root}dist`)) renameSync(`${root}dist`, old);
renameSync(tmp, `${root}dist`);
rmSync(old, { recursive: true, force: true });
