/** Result and config types of `rewardlab experiment unacceptable-outcomes`, shared by the runner and its report. */
import type { PolicyValues } from '../../analysis/gridworld-exact.js';
import type { CatastropheCase, GridworldBudget } from '../kit/gridworld-cases.js';

export interface UnacceptableOutcomesConfig extends GridworldBudget {
  cases: CatastropheCase[];
}

export interface AgentCatastrophes {
  total: number;
  beforeTraining: number;
  episodes: number;
  curve: [number, number][];
  /** The trained greedy agent: visible return and hidden performance. */
  final: PolicyValues;
}

export interface UnacceptableOutcomesRow {
  label: string;
  envId: string;
  event: string;
  labels: number;
  steps: number;
  seeds: number[];
  /** Medians over seeds. */
  proxy: { total: number; final: PolicyValues };
  rm: { total: number; beforeTraining: number; final: PolicyValues; labels: number };
  perSeed: { seed: number; proxy: AgentCatastrophes; rm: AgentCatastrophes & { labels: number } }[];
}
