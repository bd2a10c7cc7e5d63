export { Wrapper } from './wrapper.js';
export { TimeLimit } from './time-limit.js';
export { RecordEpisodeStatistics, type EpisodeStats } from './record-episode-stats.js';
export { NormalizeObservation } from './normalize-observation.js';
export { RunningStats, type RunningStatsJSON } from './running-stats.js';
export { hideReward, withReward, type TransitionReward } from './hide-reward.js';
export { AbsorbTerminal } from './absorb-terminal.js';
