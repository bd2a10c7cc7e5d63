/**
 * Unsupervised pre-exploration (Leike et al. 2018 §5.3; PEBBLE, Lee et al. 2021): before the
 * first query the agent trains for a number of env steps on a reward-free objective (the
 * loop hands it the state-entropy reward of src/rewards/state-entropy.ts meanwhile), so the
 * warm-start clips come from an agent that spreads over the state space rather than from the
 * random policy. The steps count toward the run's agent budget. A crash before the first
 * checkpoint reruns the warm start with a fresh agent, so a resumed run matches.
 */
import { ConfigError } from '../core/errors.js';
import type { Trajectory } from '../core/types.js';
import type { Agent, AgentIteration } from '../agents/agent.js';
import type { RewardModelingConfig } from './config.js';

export interface PreExploreOptions {
  /** Agent env steps to explore for. */
  steps: number;
  /** Latest episodes kept (the loop's pool size). */
  poolSize: number;
  /** Shortest episode kept (the loop's fragment length: shorter ones cannot be cut into a segment). */
  minLength: number;
  onIteration?(iteration: AgentIteration): void;
  log?(text: string): void;
}

/** Iterate `agent` until `steps` env steps are spent; returns its latest finished episodes. */
export function preExplore(agent: Agent, o: PreExploreOptions): Trajectory[] {
  const episodes: Trajectory[] = [];
  while (agent.globalStep < o.steps && !agent.done) {
    const iteration = agent.iterate();
    episodes.push(...iteration.trajectories.filter((t) => t.actions.length >= o.minLength));
    if (episodes.length > o.poolSize) episodes.splice(0, episodes.length - o.poolSize);
    o.onIteration?.(iteration);
  }
  if (episodes.length === 0) throw new ConfigError('preExploreSteps', o.steps, 'gave no episode of at least one fragment length; give it more steps');
  o.log?.(`pre-exploration: ${agent.globalStep} agent steps on the state-entropy reward, the latest ${episodes.length} episodes become the warm-start pool`);
  return episodes;
}

/** What the warm start of a new run will do, in one line for the run's log. */
export function describeWarmStart(c: Pick<RewardModelingConfig, 'initialEpisodes' | 'labels' | 'initialShare' | 'preExploreSteps'>): string {
  const labels = Math.round(c.labels * c.initialShare);
  return (c.preExploreSteps ?? 0) > 0
    ? `pre-exploring for ${c.preExploreSteps} agent steps (state entropy, no feedback), then ${labels} initial labels on its clips`
    : `collecting ${c.initialEpisodes} random-policy episodes and ${labels} initial labels`;
}
