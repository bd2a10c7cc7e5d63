/**
 * `rewardlab demo` (what `npm run demo` runs): the main job on embedded defaults — the
 * reward-modeling loop on FixedHorizonCartPole-v0 with a synthetic user and 200 labels,
 * ending with the path of its report.
 */
import { LIMITS } from '../../app/flags.js';
import { join } from 'node:path';
import { resolveConfig, startRun } from '../../app/train-run.js';
import { writeRmReport } from '../../app/run-report.js';
import { defaultRunDir } from '../../runs/run-dir.js';
import type { Command } from '../command.js';
import { loopProgress, summarize } from './train.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the main job on embedded defaults: reward modeling on FixedHorizonCartPole-v0 with 200 synthetic labels, then a report',
  flags: [
    { name: 'out', type: 'string', help: 'run directory (default runs/FixedHorizonCartPole-v0__demo__s<seed>__<time>)' },
    { name: 'seed', type: 'int', default: 0, help: 'run seed', ...LIMITS.seed },
    { name: 'labels', type: 'int', default: 200, help: 'label budget', ...LIMITS.labels },
    { name: 'steps', type: 'int', help: "agent env steps (default: the env's preset, 200k)", ...LIMITS.steps },
  ],
  async run({ values }, io) {
    const envId = 'FixedHorizonCartPole-v0';
    const seed = values.seed as number;
    const out = (values.out as string | undefined) ?? defaultRunDir('demo', envId, seed);
    io.err(`RewardLab demo: an agent learns to balance a pole from ${values.labels} comparisons by a synthetic user who sees the hidden reward.`);
    io.err(`The agent never sees that reward; it optimises a reward model trained on the user's answers, online.`);
    const options = { envId, seed, labels: values.labels as number, feedback: 'synthetic', ...(values.steps === undefined ? {} : { agentSteps: values.steps as number }) };
    const hooks = loopProgress(io, resolveConfig(options).agentSteps);
    const result = await startRun(options, { out, hooks });
    hooks.finish();
    summarize(io, result);
    const report = writeRmReport(out);
    io.log(`report: ${join(report.report)}`);
    return { ...result, report: report.report };
  },
};
