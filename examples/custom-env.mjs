/**
 * Your own environment, registered from your own code and trained from feedback — no library
 * edits. Plain Node, no TypeScript: `node examples/custom-env.mjs` in a project that installed
 * rewardlab (in this repository: after `npm ci`). `--quick` trains on a tiny budget (seconds).
 * The env, ReachTarget-v0, is defined and registered in reach-target-env.mjs; the command line
 * trains on it too: `npx rewardlab train --env ReachTarget-v0 --env-module ./reach-target-env.mjs`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train } from 'rewardlab';
import { checkEnv, make } from 'rewardlab/envs';
import './reach-target-env.mjs'; // registers ReachTarget-v0

// The checker runs the same contract checks as on the built-in envs (spaces, seeding, scenes).
const report = checkEnv(() => make('ReachTarget-v0'));
if (!report.ok) throw new Error(`ReachTarget-v0 fails the env checker:\n${report.checks.filter((c) => !c.ok).map((c) => `  ${c.name}: ${c.message}`).join('\n')}`);

const quick = process.argv.includes('--quick');
const result = await train(
  {
    envId: 'ReachTarget-v0',
    feedback: 'synthetic', // a simulated user who compares 10-step clips by the hidden reward
    labels: quick ? 30 : 150,
    agentSteps: quick ? 3_000 : 40_000,
    fragmentLength: 10,
    seed: 0,
    ppo: { numEnvs: 4, numSteps: quick ? 125 : 250, entCoef: 0.01 },
  },
  { out: mkdtempSync(join(tmpdir(), 'reach-target-')) },
);
console.log(JSON.stringify(result));
