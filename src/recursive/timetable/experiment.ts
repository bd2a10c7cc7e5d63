/** The exam-timetable testbed of recursive reward modeling (being built: replaced by the real experiment). */
import { ConfigError } from '../../core/errors.js';
import type { ExperimentContext, ExperimentResult } from '../../experiments/experiment.js';

export async function runTimetable(_ctx: ExperimentContext): Promise<ExperimentResult> {
  throw new ConfigError('--testbed', 'timetable', 'is not available yet; use --testbed powering');
}
