/**
 * The npm package as a user gets it: build, `npm pack`, install the tarball OFFLINE into a plain
 * Node project (type: module, no tsx, no TypeScript), import every public subpath, train on a
 * user-registered env (examples/custom-env.mjs) and run the installed CLI from the compiled build.
 *
 * Offline install: `npm install <tgz> --offline` alone cannot resolve, because it needs registry
 * metadata (packuments) that the repo's `npm ci` never fetches — it installs from the lockfile's
 * tarball URLs. So the consumer gets a lockfile: the tarball plus the runtime entries of the repo's
 * package-lock.json (their tarballs are in the npm cache), installed with `npm ci --offline`.
 * `--ignore-scripts` skips better-sqlite3's native compile (~50 s on this machine, measured offline
 * by hand); its binding is copied from the repo's own build of the very same version.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'rl-package-'));
const app = join(work, 'app');

function run(cmd: string, args: string[], cwd: string, timeout = 120_000): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
const npm = (args: string[], cwd: string) => run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, cwd);
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** The consumer's lockfile: the tarball and every non-dev package of the repo's lockfile. */
function consumerLock(tarball: string) {
  const pkg = readJson(join(ROOT, 'package.json'));
  const lock = readJson(join(ROOT, 'package-lock.json'));
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { rewardlab: `file:${tarball}` } },
    'node_modules/rewardlab': { version: pkg.version, resolved: `file:${tarball}`, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [key, entry] of Object.entries<Record<string, unknown>>(lock.packages)) {
    if (key.startsWith('node_modules/') && !entry.dev && !entry.devOptional && !entry.link) packages[key] = entry;
  }
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

// What a user's script does with the installed package; prints one JSON document.
const CONSUMER = `
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as rewardlab from 'rewardlab';
import { make, registeredEnvs } from 'rewardlab/envs';
import { PPO_DEFAULTS, Ppo, trainRl } from 'rewardlab/agents/ppo';
import { PostgresFeedbackStore, SqliteFeedbackStore, exportJsonl, openFeedbackStore } from 'rewardlab/feedback';

const env = make('CartPole-v1');
let { observation } = env.reset({ seed: 0 });
let steps = 0, ret = 0;
for (;;) {
  const r = env.step(observation[2] > 0 ? 1 : 0);
  steps++; ret += r.reward; observation = r.observation;
  if (r.terminated || r.truncated) break;
}
const rl = trainRl({ envId: 'CartPole-v1', config: { totalSteps: 1024, numEnvs: 2, numSteps: 256 }, out: join(process.argv[2], 'rl'), evalEpisodes: 2 });
const store = await openFeedbackStore(join(process.argv[2], 'feedback.sqlite'));
await store.addQueries([{ id: 'q1', kind: 'preference', payload: { left: 'a', right: 'b' } }]);
await store.addFeedback({ queryId: 'q1', labeler: 'me', answer: 'left' });
await store.addQueries([{ id: 'q2', kind: 'preference', payload: { left: 'c', right: 'd' } }]);
// the labeling server from the compiled build (its answers are committed by a writer thread)
const server = await rewardlab.startFeedbackServer({ store, envId: 'CartPole-v1', finishGraceMs: 0 });
const base = server.url.replace(/[/]$/, '');
const page = await fetch(base + '/');
const cookie = page.headers.get('set-cookie').split(';')[0];
const post = (path, body) => fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) }).then((r) => r.json());
const claimed = await post('/api/claim', { labeler: 'you' });
const answered = await post('/api/answer', { queryId: claimed.query.id, labeler: 'you', answer: 'right' });
await server.close();
const served = { claimed: claimed.query.id, ok: answered.ok, stored: (await store.feedback()).map((f) => f.labeler + ':' + f.answer) };
const exported = await exportJsonl(store, join(process.argv[2], 'feedback.jsonl'));
await store.close();
console.log(JSON.stringify({
  version: createRequire(import.meta.url)('rewardlab/package.json').version,
  trainIsFunction: typeof rewardlab.train === 'function', sameRegistry: rewardlab.make === make,
  envs: registeredEnvs().length, cartpole: { steps, ret, obsDim: observation.length },
  ppo: { defaultsNumEnvs: PPO_DEFAULTS.numEnvs, isClass: typeof Ppo === 'function', rlFinished: rl.finished, rlSteps: rl.globalStep },
  exported, sqlite: store instanceof SqliteFeedbackStore, postgresIsClass: typeof PostgresFeedbackStore === 'function',
  sameStoreOpener: rewardlab.openFeedbackStore === openFeedbackStore, served,
}));
`;

beforeAll(() => {
  run(process.execPath, [join(ROOT, 'scripts/build.mjs')], ROOT); // dist from the current sources
  const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT));
  const tarball = join(work, packed[0].filename);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { rewardlab: `file:${tarball}` } }));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify(consumerLock(tarball)));
  npm(['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], app);
  const binding = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  expect(readJson(join(app, 'node_modules/better-sqlite3/package.json')).version).toBe(readJson(join(ROOT, 'node_modules/better-sqlite3/package.json')).version);
  mkdirSync(join(app, 'node_modules/better-sqlite3/build/Release'), { recursive: true });
  copyFileSync(join(ROOT, binding), join(app, binding));
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed npm package in a plain Node project', () => {
  it('ships the compiled build, types for every export, and no sources, tests, tsx or TypeScript', () => {
    const installed = join(app, 'node_modules/rewardlab');
    const pkg = readJson(join(installed, 'package.json'));
    expect(Object.keys(pkg.exports)).toEqual(['.', './envs', './agents/ppo', './feedback', './package.json']);
    for (const [name, target] of Object.entries<{ types: string; import: string } | string>(pkg.exports)) {
      if (typeof target === 'string') continue;
      expect(existsSync(join(installed, target.types)), `${name} types ${target.types}`).toBe(true);
      expect(existsSync(join(installed, target.import)), `${name} import ${target.import}`).toBe(true);
    }
    expect(existsSync(join(installed, 'dist/nn/wasm/gemm.wasm'))).toBe(true);
    expect(existsSync(join(installed, 'ui/index.html'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    for (const dev of ['tsx', 'typescript', 'vitest']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
  });

  it('imports rewardlab, /envs, /agents/ppo and /feedback; steps CartPole, trains PPO, writes a feedback store, serves it to a labeler', () => {
    writeFileSync(join(app, 'consumer.mjs'), CONSUMER);
    const out = JSON.parse(run(process.execPath, ['consumer.mjs', mkdtempSync(join(work, 'out-'))], app));
    expect(out.version).toBe(readJson(join(ROOT, 'package.json')).version);
    expect(out.trainIsFunction).toBe(true);
    expect(out.sameRegistry).toBe(true);
    expect(out.envs).toBeGreaterThan(10);
    expect(out.cartpole.obsDim).toBe(4);
    expect(out.cartpole.steps).toBeGreaterThan(5);
    expect(out.cartpole.ret).toBe(out.cartpole.steps);
    expect(out.ppo).toMatchObject({ defaultsNumEnvs: 8, isClass: true, rlFinished: true });
    expect(out.ppo.rlSteps).toBeGreaterThanOrEqual(1024);
    expect(out.exported).toEqual({ queries: 2, feedback: 2 });
    expect(out.served).toEqual({ claimed: 'q2', ok: true, stored: ['me:left', 'you:right'] });
    expect(out).toMatchObject({ sqlite: true, postgresIsClass: true, sameStoreOpener: true });
  });

  it('registers a user env from user code and trains on it with train({ envId }) (examples/custom-env.mjs)', () => {
    for (const f of ['custom-env.mjs', 'reach-target-env.mjs']) copyFileSync(join(ROOT, 'examples', f), join(app, f));
    const lines = run(process.execPath, ['custom-env.mjs', '--quick'], app).trim().split('\n');
    const result = JSON.parse(lines[lines.length - 1]);
    expect(result).toMatchObject({ kind: 'rewardlab-rm-result', envId: 'ReachTarget-v0', finished: true });
    expect(result.labels).toBeGreaterThan(0);
    expect(result.globalStep).toBeGreaterThanOrEqual(3000);
    expect(Number.isFinite(result.trueReturn)).toBe(true);
    expect(readJson(join(result.runDir, 'result.json')).envId).toBe('ReachTarget-v0');
    rmSync(result.runDir, { recursive: true, force: true });
  });

  it('trains on the user env from the installed CLI (train --env-module), and resume imports the module again from config.json', () => {
    copyFileSync(join(ROOT, 'examples/reach-target-env.mjs'), join(app, 'reach-target-env.mjs'));
    const out = join(work, 'cli-reach-target');
    const cli = join(app, 'node_modules/.bin/rewardlab');
    const first = JSON.parse(run(cli, ['train', '--env', 'ReachTarget-v0', '--env-module', './reach-target-env.mjs', '--labels', '12', '--steps', '1024', '--fragment-length', '10', '--out', out, '--json'], app));
    expect(first).toMatchObject({ envId: 'ReachTarget-v0', finished: true });
    expect(readJson(join(out, 'config.json')).envModule).toBe(join(app, 'reach-target-env.mjs'));
    // without the module the id is unknown, and the error says how to load it
    const bare = spawnSync(cli, ['train', '--env', 'ReachTarget-v0', '--labels', '12', '--steps', '1024', '--out', join(work, 'cli-bare')], { cwd: app, encoding: 'utf8' });
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(/env id = "ReachTarget-v0" is not registered.*--env-module/);
    // a resumed run imports the module from its config (the run is made unfinished by removing its result)
    rmSync(join(out, 'result.json'));
    const resumed = JSON.parse(run(cli, ['resume', out, '--json'], join(work)));
    expect(resumed).toMatchObject({ envId: 'ReachTarget-v0', finished: true, labels: first.labels });
  });

  it('runs the installed CLI from the compiled build', () => {
    const help = run(join(app, 'node_modules/.bin/rewardlab'), ['--help'], app);
    expect(help).toMatch(/^Usage: rewardlab <command>/m);
    const envs = JSON.parse(run(process.execPath, ['node_modules/rewardlab/bin/rewardlab.js', 'envs', '--json'], app));
    expect(envs.envs.map((e: { id: string }) => e.id)).toContain('CartPole-v1');
  });
});
