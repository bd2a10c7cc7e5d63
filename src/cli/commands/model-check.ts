/** `rewardlab model-check RUN_DIR`: exact safety figures of a gridworld run's final policy, and its Markov chain for PRISM (src/app/model-check-run.ts). */
import { ConfigError } from '../../core/errors.js';
import { modelCheckLines, modelCheckRun } from '../../app/model-check-run.js';
import type { SolveMethod } from '../../analysis/exact/markov-chain.js';
import type { Command } from '../command.js';

export const modelCheckCommand: Command = {
  name: 'model-check',
  usage: 'RUN_DIR',
  summary: "model-check a gridworld run's final policy on the env's exact model: P(ever unsafe), expected catastrophes, P(goal), expected steps; writes model-check.json and prism/",
  flags: [
    { name: 'policy', type: 'string', default: 'stochastic', choices: ['stochastic', 'greedy'], help: "the agent's sampled action probabilities, or its argmax (as evaluations run it)" },
    { name: 'horizon', type: 'string', help: "episode step limit to model, or 'none' for the untimed chain (default: the env's limit, 100)" },
    { name: 'method', type: 'string', default: 'auto', choices: ['auto', 'exact', 'iterative'], help: 'linear solver: elimination per strongly connected component, Gauss–Seidel to 1e-12, or exact up to --max-exact' },
    { name: 'max-exact', type: 'int', min: 1, max: 20_000, help: 'largest strongly connected component solved by elimination (default 1500)' },
  ],
  async run({ positionals, values }, io) {
    const dir = positionals[0];
    if (!dir) throw new ConfigError('RUN_DIR', '(none)', 'give the run directory of a gridworld run, e.g. runs/IslandNavigation-v0__rl__s0__…');
    const h = values.horizon as string | undefined;
    let horizon: number | null | undefined;
    if (h === 'none') horizon = null;
    else if (h !== undefined) {
      horizon = Number(h);
      if (!(Number.isInteger(horizon) && horizon >= 1 && horizon <= 100_000)) throw new ConfigError('--horizon', h, "must be an integer in [1, 100000] or 'none'");
    }
    const r = modelCheckRun(dir, { horizon, policy: values.policy as 'stochastic' | 'greedy', method: values.method as SolveMethod, maxExactStates: values['max-exact'] as number | undefined });
    for (const line of modelCheckLines(r)) io.log(line);
    return { ...r };
  },
};
