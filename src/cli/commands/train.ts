/** `rewardlab train --env … --feedback synthetic --labels 200 --seed 0`: the reward-modeling loop. */
import type { AskKind } from '../../loop/rating-queries.js';
import { SELECTORS } from '../../loop/config.js';
import { createServer } from 'node:net';
import { LIMITS } from '../../app/flags.js';
import { startRun, type RunResult } from '../../app/train-run.js';
import { ConfigError } from '../../core/errors.js';
import { prepareRunEnv, resolveEnvModule } from '../../envs/env-module.js';
import { Rng } from '../../core/rng.js';
import { SyntheticTeacher, parseTeacherSpec } from '../../preferences/synthetic-teacher.js';
import type { LoopHooks, LoopMetrics } from '../../loop/reward-modeling-loop.js';
import { figuresLine, runFigures, writeRmReport } from '../../app/run-report.js';
import { readJson, readMetrics } from '../../runs/run-dir.js';
import { runConfidence } from '../../analysis/run-confidence.js';
import { returnBoundLine } from '../../report/confidence-section.js';
import { formatNumber } from '../../report/format.js';
import { formatHeldOutAccuracy } from '../../report/accuracy-format.js';
import { progressLine } from '../progress.js';
import type { Command, CommandIO } from '../command.js';

/** Live progress shared by train and resume: iteration, labels, true/learned return, accuracy (in the report's number format). */
export function loopProgress(io: CommandIO, totalSteps: number): LoopHooks & { finish(): void } {
  const bar = progressLine(totalSteps, 'steps', (t) => process.stderr.write(t));
  let lastTrue: number | null = null;
  let lastLearned: number | null = null;
  return {
    onLog: (text) => io.err(text),
    onMetrics(m: LoopMetrics) {
      if (m.alignment) {
        lastTrue = m.alignment.trueReturn;
        lastLearned = m.alignment.learnedReturn;
      }
      bar.update(m.globalStep, {
        iter: m.iteration, labels: m.labels,
        ...(lastTrue === null ? {} : { 'true return': formatNumber(lastTrue) }),
        ...(lastLearned === null ? {} : { learned: formatNumber(lastLearned) }),
        ...(m.rewardModel?.heldOutAccuracy == null ? {} : { 'held-out acc': formatHeldOutAccuracy(m.rewardModel) }),
      });
    },
    finish: () => bar.finish(),
  };
}

/**
 * The run's headline numbers, from its metrics.jsonl through the report's `runFigures`: the
 * terminal prints exactly what the report's cards show, in the same format.
 */
export function summarize(io: CommandIO, r: RunResult): void {
  const metrics = readMetrics(r.runDir) as unknown as LoopMetrics[];
  const figures = runFigures(metrics);
  const v = (label: string) => figures.find((f) => f.label === label)?.value ?? '–';
  io.log(`${r.envId}: ${r.finished ? 'finished' : 'stopped'} after ${v('agent steps')} agent steps and ${v('labels')} labels in ${v('wall time')}`);
  io.log(`  ${figuresLine(figures, ['true return', 'learned return', 'held-out accuracy', 'learned-vs-true r'])}`);
  const { heldOutShare } = readJson<{ heldOutShare: number }>(`${r.runDir}/config.json`, 'run config');
  io.log(`  ${returnBoundLine(runConfidence(metrics, { envId: r.envId, heldOutShare }))}`);
  io.log(`  run directory: ${r.runDir}`);
}

/** Progress done, summary printed, report written: the common ending of train and resume. */
async function finishRun(io: CommandIO, hooks: { finish(): void }, result: RunResult): Promise<Record<string, unknown>> {
  hooks.finish();
  summarize(io, result);
  const report = writeRmReport(result.runDir).report;
  io.log(`  report: ${report}`);
  return { ...result, report };
}

/**
 * Refuse a bad --feedback before anything is written: startRun creates the run directory
 * before it builds the feedback source, so a typo would otherwise leave a stray directory.
 */
export function checkFeedbackSpec(spec: string): void {
  if (spec === 'human') return;
  if (spec === 'synthetic' || spec.startsWith('synthetic:')) {
    new SyntheticTeacher(parseTeacherSpec(spec), new Rng(0)); // the constructor checks the combined options too
    return;
  }
  throw new ConfigError('--feedback', spec, "must be 'human', 'synthetic' or 'synthetic:<options>' (e.g. synthetic:mistake, synthetic:beta=1,eps=0.1)");
}

/**
 * Bind and release the labeling server's address before the run directory exists, so a port in
 * use or a bad --host fails with nothing written (startRun binds only after creating the run).
 */
function checkCanListen(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'learn a reward model from feedback and train an agent on it, online (the reward-modeling loop)',
  flags: [
    { name: 'env', type: 'string', default: 'FixedHorizonCartPole-v0', help: 'environment id (fixed-horizon variants recommended)' },
    { name: 'feedback', type: 'string', default: 'synthetic', help: "feedback source: human (label in the browser) or synthetic[:oracle|stoc|mistake|myopic|skip|equal|key=value,…]" },
    { name: 'host', type: 'string', default: '127.0.0.1', help: 'with --feedback human: interface of the labeling server (non-loopback requires the printed token)' },
    { name: 'port', type: 'int', default: 0, help: 'with --feedback human: port of the labeling server (0 = any free port)', ...LIMITS.anyPort },
    { name: 'redundancy', type: 'int', default: 1, help: 'with --feedback human: labelers asked per pair (agreement is reported when > 1)', ...LIMITS.redundancy },
    { name: 'labels', type: 'int', default: 200, help: 'label budget', ...LIMITS.labels },
    { name: 'steps', type: 'int', help: 'agent env steps (default: the env PPO preset)', ...LIMITS.steps },
    { name: 'seed', type: 'int', default: 0, help: 'run seed', ...LIMITS.seed },
    { name: 'selector', type: 'string', choices: SELECTORS, help: "query selection (default: the env preset's, else disagreement); 'red-team' (gridworlds, synthetic feedback): segments planned for the learned reward + ensemble spread are asked first" },
    { name: 'fragment-length', type: 'int', help: "steps per compared segment (default: the env preset's, e.g. 60 on FixedHorizonHopper-v5, else 25)", min: 1, max: 100_000 },
    { name: 'ask', type: 'string', default: 'preference', help: "kinds of question, taking turns: 'preference' (compare two clips), 'rating' (rate one clip 1–5), 'demo' (play one episode with the keys; discrete actions), 'goal' (mark the frames of a clip that look done), 'correction' (take over an agent clip at a step and drive the rest with the keys; discrete actions), e.g. preference,correction. With --feedback human people answer them in the labeling page; --feedback synthetic answers them on FixedHorizon CartPole, Acrobot and MountainCar (a noisy rater, a scripted demonstrator, a goal marker, a corrector)" },
    { name: 'pre-explore', type: 'int', default: 0, help: 'agent steps of reward-free exploration (state entropy, PEBBLE) before the first query; part of --steps', ...LIMITS.steps, min: 0 },
    { name: 'out', type: 'string', help: 'run directory (default runs/<env>__rm__s<seed>__<time>)' },
    { name: 'instructions', type: 'string', help: 'with --feedback human: the task in one sentence for labelers (default: the env\'s own)' },
    { name: 'env-module', type: 'string', help: 'a module that registers your own env when imported (register() from rewardlab/envs), e.g. ./my-env.mjs; recorded in config.json, so resume loads it again' },
    { name: 'store', type: 'string', help: 'feedback store: a path or postgres://user@host:port/db?run=name (no password: PGPASSWORD or ~/.pgpass); default <run dir>/feedback.sqlite' },
  ],
  async run({ values }, io) {
    checkFeedbackSpec(values.feedback as string);
    if (values.feedback === 'human') await checkCanListen(values.host as string, values.port as number);
    const { resolveConfig } = await import('../../app/train-run.js');
    const envModule = values['env-module'] === undefined ? undefined : resolveEnvModule(values['env-module'] as string);
    await prepareRunEnv({ envId: values.env as string, envModule }); // the user's env module; MuJoCo: load the WASM module
    const config = resolveConfig({
      ...(envModule === undefined ? {} : { envModule }),
      envId: values.env as string, feedback: values.feedback as string, labels: values.labels as number, seed: values.seed as number,
      preExploreSteps: values['pre-explore'] as number,
      ...(values.selector === undefined ? {} : { selector: values.selector as 'uniform' }),
      ...(values['fragment-length'] === undefined ? {} : { fragmentLength: values['fragment-length'] as number }),
      ask: (values.ask as string).split(',').map((k) => k.trim()) as AskKind[],
      ...(values.steps === undefined ? {} : { agentSteps: values.steps as number }),
      ...(values.store === undefined ? {} : { store: values.store as string }),
      ...(values.instructions === undefined ? {} : { instructions: values.instructions as string }),
    });
    const hooks = loopProgress(io, config.agentSteps);
    const server = { host: values.host as string, port: values.port as number, redundancy: values.redundancy as number };
    return finishRun(io, hooks, await startRun(config, { out: values.out as string | undefined, hooks, server }));
  },
};

export const resumeCommand: Command = {
  name: 'resume',
  usage: 'RUN_DIR',
  summary: 'continue a reward-modeling run from its last checkpoint (no label lost or asked twice)',
  flags: [],
  async run({ positionals }, io) {
    const dir = positionals[0];
    if (!dir) throw new Error('RUN_DIR = (none): give the run directory to resume');
    const { readJson } = await import('../../runs/run-dir.js');
    const { resumeRun } = await import('../../app/train-run.js');
    const config = readJson<{ agentSteps: number; envId?: unknown }>(`${dir}/config.json`, 'run config');
    if (typeof config.envId === 'string') await prepareRunEnv(config as { envId: string; envModule?: string | null }); // the user's env module; MuJoCo: load the WASM module
    const hooks = loopProgress(io, config.agentSteps);
    return finishRun(io, hooks, await resumeRun(dir, { hooks }));
  },
};
