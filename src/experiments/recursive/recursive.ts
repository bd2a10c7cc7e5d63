/**
 * `rewardlab experiment recursive --testbed powering|timetable [--depth 0..3] [--seeds 0,1,2,3,4]`:
 * recursive reward modeling (Leike et al. 2018 §3.2) — assistants help a limited user judge the
 * next agent. Each testbed writes result.json + report.html into the run directory.
 */
import { ConfigError } from '../../core/errors.js';
import { runPoweringExperiment } from './powering.js';
import { runTimetable } from './timetable.js';
import type { Experiment } from '../kit/experiment.js';

export const recursive: Experiment = {
  name: 'recursive',
  summary: 'recursive reward modeling: assisted limited users (--testbed powering|timetable)',
  async run(ctx) {
    const testbed = ctx.values.testbed as string | undefined;
    if (testbed === 'powering') return runPoweringExperiment(ctx);
    if (testbed === 'timetable' || testbed === undefined) return runTimetable(ctx);
    throw new ConfigError('--testbed', testbed, 'must be powering or timetable');
  },
};
