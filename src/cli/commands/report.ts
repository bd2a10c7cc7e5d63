/** `rewardlab report RUN_DIR`: write RUN_DIR/report.html (charts, scatter, clips) for a reward-modeling run. */
import { writeRmReport } from '../../app/run-report.js';
import type { Command } from '../command.js';

export const reportCommand: Command = {
  name: 'report',
  usage: 'RUN_DIR',
  summary: 'write a self-contained report.html for a reward-modeling run (true vs learned return, scatter, clips)',
  flags: [],
  async run({ positionals }, io) {
    const dir = positionals[0];
    if (!dir) throw new Error('RUN_DIR = (none): give the run directory, e.g. runs/demo');
    const r = writeRmReport(dir);
    io.log(`report: ${r.report}`);
    return { ...r };
  },
};
