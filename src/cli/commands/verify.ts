/** `rewardlab verify RUN_DIR --spec FILE`: prove or refute properties of a run's reward model (src/verify). */
import { verifyLines, verifyRun } from '../../app/verify-run.js';
import type { Command } from '../command.js';

export const verifyCommand: Command = {
  name: 'verify',
  usage: 'RUN_DIR --spec FILE',
  summary: "prove or refute properties of a run's final reward model (range, ordering, monotonicity) by bound propagation and branch and bound (gridworld runs: by exhaustion over every reachable transition); writes verify.json",
  flags: [
    { name: 'spec', type: 'string', required: true, help: 'the property spec (JSON, kind rewardlab-verify-spec; see examples/verify-cartpole.json)' },
    { name: 'max-boxes', type: 'int', min: 1, max: 10_000_000, help: "boxes branch and bound may split per property and model (default: the spec's budget, else 2000)" },
    { name: 'max-ms', type: 'int', min: 1, max: 86_400_000, help: 'wall-clock cap per property and model, ms (default none)' },
    { name: 'members', type: 'boolean', default: true, help: 'also verify each ensemble member alone (--no-members: the mean only)' },
  ],
  async run({ positionals, values }, io) {
    const dir = positionals[0];
    if (!dir) throw new Error('RUN_DIR = (none): give the run directory, e.g. runs/demo');
    const r = verifyRun(dir, values.spec as string, { maxBoxes: values['max-boxes'] as number | undefined, maxMillis: values['max-ms'] as number | undefined, members: values.members as boolean });
    for (const line of verifyLines(r)) io.log(line);
    io.log(`verify: ${r.file}`);
    return { ...r };
  },
};
