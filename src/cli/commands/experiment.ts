/** `rewardlab experiment <name> [flags]`: run one experiment, write its directory and report. */
import { ConfigError } from '../../core/errors.js';
import { EXPERIMENT_FLAGS } from '../../experiments/kit/experiment.js';
import { EXPERIMENTS, findExperiment } from '../../experiments/index.js';
import { writeJsonAtomic } from '../../runs/run-dir.js';
import { mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from '../command.js';

/** --seeds parsing lives with the experiment kit (ranges like 0-9 included). */
export { parseSeeds } from '../../experiments/kit/experiment.js';
import { parseSeeds } from '../../experiments/kit/experiment.js';

/**
 * An experiment checks its own flags once it runs: remove the directories this command created
 * for a refused one (`dir` up to `top`), as long as nothing was written into them.
 */
function removeEmpty(dir: string, top: string): void {
  for (let d = resolve(dir); d.startsWith(resolve(top)) && readdirSync(d).length === 0; d = dirname(d)) {
    rmdirSync(d);
    if (d === resolve(top)) break;
  }
}

export const experimentCommand: Command = {
  name: 'experiment',
  usage: 'NAME',
  get summary() {
    return `run an experiment and write its report (${EXPERIMENTS.map((e) => e.name).join(', ') || 'none registered'})`;
  },
  flags: EXPERIMENT_FLAGS,
  async run({ values, positionals }, io) {
    const name = positionals[0];
    const experiment = findExperiment(name);
    if (!experiment) {
      const list = EXPERIMENTS.map((e) => `  ${e.name.padEnd(22)}${e.summary}`).join('\n');
      throw new ConfigError('NAME', name, `is not a known experiment; known experiments:\n${list}`);
    }
    const seeds = parseSeeds(values.seeds as string | undefined, values.seed as number);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const out = (values.out as string | undefined) ?? join('runs', `${experiment.name}__s${seeds.join('-')}__${stamp}`);
    const firstCreated = mkdirSync(out, { recursive: true });
    let result;
    try {
      result = await experiment.run({ out, seeds, quick: Boolean(values.quick), values, log: (t) => io.err(t) });
    } catch (e) {
      if (firstCreated) removeEmpty(out, firstCreated);
      throw e;
    }
    writeJsonAtomic(join(out, 'result.json'), result);
    io.log(result.headline);
    io.log(`  run directory: ${result.runDir}`);
    io.log(`  report: ${result.report}`);
    return { ...result };
  },
};
