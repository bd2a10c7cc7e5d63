/** Result and config types of `rewardlab experiment proxy-vs-rm`, shared by the runner and its report. */
import type { ExactReference, PolicyValues } from '../../analysis/gridworld-exact.js';
import type { LearnedRewardAnalysis } from '../../analysis/learned-reward.js';
import type { GridworldBudget, GridworldCase } from '../kit/gridworld-cases.js';

export interface ProxyVsRmConfig extends GridworldBudget {
  cases: GridworldCase[];
  /** Greedy evaluation episodes per agent. Default 4 (quick 1). */
  evalEpisodes: number;
}

export interface ProxyVsRmSeed {
  seed: number;
  proxy: PolicyValues;
  rm: PolicyValues & { labels: number };
  /** Exact analysis of the RM agent's learned reward (null for stochastic envs). */
  learned: LearnedRewardAnalysis | null;
  wallSeconds: { proxy: number; rm: number };
}

export interface ProxyVsRmRow {
  label: string;
  envId: string;
  labels: number;
  steps: number;
  /** Agent steps of the proxy agent (more than `steps` where a case's tuning says so). */
  proxySteps: number;
  seeds: number[];
  /** Medians over seeds. */
  proxy: PolicyValues;
  rm: PolicyValues & { labels: number };
  /** Exact optima (null for stochastic envs); spec values alongside. */
  exact: ExactReference | null;
  spec: GridworldCase['spec'];
  rewardResultGap: number | null;
  learnedOptimalPerformance: number | null;
  perSeed: ProxyVsRmSeed[];
  note?: string;
}
