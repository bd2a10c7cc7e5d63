/**
 * A small synthetic-feedback run for the crash-torture test: `crash-run.ts start|resume DIR`.
 * Prints the result as JSON on stdout. Settings are fixed so every process runs the same run.
 */
import { resumeRun, startRun } from '../../src/app/train-run.js';

export const CRASH_RUN = { envId: 'FixedHorizonCartPole-v0', seed: 11, labels: 30, agentSteps: 8 * 4096, ppo: { checkpointEvery: 2 } } as const;

const [mode, dir] = process.argv.slice(2);
if (mode === 'start' || mode === 'resume') {
  const result = mode === 'start' ? await startRun(CRASH_RUN, { out: dir }) : await resumeRun(dir);
  process.stdout.write(JSON.stringify(result) + '\n');
}
