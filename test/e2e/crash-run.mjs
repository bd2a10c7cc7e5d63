/**
 * A small synthetic-feedback run for the crash-torture test: `crash-run.mjs start|resume DIR`.
 * Prints the result as JSON on stdout. Settings are fixed so every process runs the same run.
 * Runs the compiled dist/ under REWARDLAB_DIST=1 (see run-cli.ts), else the sources (spawn it
 * with `--import tsx` then).
 */
const { resumeRun, startRun } = await import(process.env.REWARDLAB_DIST === '1' ? '../../dist/app/train-run.js' : '../../src/app/train-run.ts');

export const CRASH_RUN = { envId: 'FixedHorizonCartPole-v0', seed: 11, labels: 30, agentSteps: 8 * 4096, ppo: { checkpointEvery: 2 } };

const [mode, dir] = process.argv.slice(2);
if (mode === 'start' || mode === 'resume') {
  const result = mode === 'start' ? await startRun(CRASH_RUN, { out: dir }) : await resumeRun(dir);
  process.stdout.write(JSON.stringify(result) + '\n');
}
