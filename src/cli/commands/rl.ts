/** `rewardlab rl --env CartPole-v1 --steps 100000 --seed 0`: PPO on the env's own reward. */
import { LIMITS } from '../../app/flags.js';
import { resumeRl, trainRl, type RlRunResult } from '../../app/rl-run.js';
import { prepareEnv } from '../../envs/registry.js';
import { progressLine } from '../progress.js';
import type { Command, CommandIO } from '../command.js';
import type { PpoIterationStats } from '../../agents/ppo.js';
import type { EvaluationResult } from '../../analysis/evaluate.js';

function hooks(io: CommandIO, total: () => number) {
  let bar: ReturnType<typeof progressLine> | null = null;
  let lastEval: number | null = null;
  const recent: number[] = [];
  return {
    onIteration(s: PpoIterationStats, e: EvaluationResult | null) {
      bar ??= progressLine(total(), 'steps', (t) => process.stderr.write(t));
      recent.push(...s.episodeReturns);
      recent.splice(0, Math.max(0, recent.length - 20));
      if (e) lastEval = e.meanReturn;
      const mean = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : NaN;
      bar.update(s.globalStep, { iter: s.iteration, return: Number.isNaN(mean) ? '–' : mean, ...(lastEval === null ? {} : { eval: lastEval }) });
    },
    done(r: RlRunResult) {
      bar?.finish();
      io.log(`${r.envId}: ${r.globalStep} steps in ${r.wallSeconds.toFixed(1)} s (${Math.round(r.stepsPerSecond)} steps/s)` +
        (r.evaluation ? `, evaluation return ${r.evaluation.meanReturn.toFixed(1)} over ${r.evaluation.episodes} episodes` : '') + ` → ${r.runDir}`);
    },
  };
}

export const rlCommand: Command = {
  name: 'rl',
  summary: 'train PPO on the env\'s own reward (the oracle baseline); writes a run directory',
  flags: [
    { name: 'env', type: 'string', default: 'CartPole-v1', help: 'environment id (see rewardlab envs)' },
    { name: 'steps', type: 'int', help: 'total env steps (default: the env preset, e.g. 100000 for CartPole)', ...LIMITS.steps },
    { name: 'seed', type: 'int', default: 0, help: 'run seed', ...LIMITS.seed },
    { name: 'lr', type: 'number', help: 'learning rate (default: the env preset)' },
    { name: 'num-envs', type: 'int', help: 'parallel env copies (default: the env preset)', min: 1, max: 4096 },
    { name: 'out', type: 'string', help: 'run directory (default runs/<env>__rl__s<seed>__<time>)' },
    { name: 'eval-episodes', type: 'int', default: 10, help: 'episodes in each deterministic evaluation', min: 1, max: 100_000 },
    { name: 'eval-every', type: 'int', help: 'rollouts between deterministic evaluations, 0 = only at the end (default: every checkpoint in short runs, about 10 evaluations in long ones)', ...LIMITS.evalEvery },
    { name: 'env-workers', type: 'int', default: 0, help: 'worker threads stepping the env copies (same results; 0 = in the training thread)', ...LIMITS.envWorkers },
    { name: 'resume', type: 'string', help: 'continue the run in this directory from its last checkpoint' },
  ],
  async run({ values }, io) {
    let total = 0;
    const h = hooks(io, () => total);
    let result: RlRunResult;
    if (values.resume) {
      const { readJson } = await import('../../runs/run-dir.js');
      const saved = readJson<{ envId?: unknown; ppo?: { totalSteps?: number } }>(`${values.resume as string}/config.json`, 'run config');
      total = saved.ppo?.totalSteps ?? 0; // resumeRl validates the config
      if (typeof saved.envId === 'string') await prepareEnv(saved.envId); // MuJoCo: load the WASM module
      result = resumeRl(values.resume as string, h, undefined, values['env-workers'] as number);
    } else {
      const config: Record<string, unknown> = { seed: values.seed };
      if (values.steps !== undefined) config.totalSteps = values.steps;
      if (values.lr !== undefined) config.learningRate = values.lr;
      if (values['num-envs'] !== undefined) config.numEnvs = values['num-envs'];
      const { ppoPreset } = await import('../../app/presets/ppo-presets.js');
      total = (config.totalSteps as number | undefined) ?? ppoPreset(values.env as string).totalSteps ?? 100_000;
      await prepareEnv(values.env as string); // MuJoCo: load the WASM module
      result = trainRl({ envId: values.env as string, config, out: values.out as string | undefined, evalEpisodes: values['eval-episodes'] as number,
        evalEvery: values['eval-every'] as number | undefined, envWorkers: values['env-workers'] as number }, h);
    }
    h.done(result);
    return { ...result };
  },
};
