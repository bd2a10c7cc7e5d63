/** Config and result types of `rewardlab experiment hypothetical-queries`, shared by the runner and its report. */
import type { HypotheticalObjective } from '../../preferences/hypothetical-queries.js';

/**
 * Where the labels come from: clips of states the simulator is reset to (`hypothetical`), or clips
 * of the agent's own real episodes, with some of them exploratory (`on-policy`) or all of them
 * played by the greedy planner (`on-policy-greedy`, the control: same agent as `hypothetical`).
 */
export type QuerySource = 'hypothetical' | 'on-policy' | 'on-policy-greedy';
export const QUERY_SOURCES: QuerySource[] = ['hypothetical', 'on-policy', 'on-policy-greedy'];

export interface HypotheticalStatesConfig {
  /** Case labels to run (see cases.ts). */
  cases: string[];
  /** Label rounds; each round asks `labelsPerRound` queries and plays `episodesPerRound` real episodes. */
  rounds: number;
  labelsPerRound: number;
  episodesPerRound: number;
  /** Of each round's real episodes, how many the on-policy learner plays with the case's exploratory policy (random headings / random moves) instead of its planner, as the loop's agents explore: its queries can only show states it visited. 0 = the same greedy agent in both sources. */
  onPolicyExplorationEpisodes: number;
  /** Objectives of the hypothetical generator, taking turns. */
  objectives: HypotheticalObjective[];
  /** Start states proposed per round (hypothetical) / candidate pairs per label (on-policy, ×). */
  candidates: number;
  candidatePairsPerLabel: number;
  /** Share of hypothetical clips played by the agent's own planner (the rest by the case's exploratory clip policy). */
  plannedClipShare: number;
  /** A planned clip follows each plan open-loop for this many steps (≤ planHorizon). */
  clipReplanEvery: number;
  /** Boltzmann rationality of the synthetic teacher (B-Pref's stoc teacher has 1): a finite β makes answers carry how much better a clip is, so the trap's −10 against the goal's +1 can be learned, not only their order. */
  teacherBeta: number;
  /** Planner: action sequences per step and their horizon. */
  planSequences: number;
  planHorizon: number;
  /** Weight of the last planned state's reward (the value of staying there). */
  planTerminalWeight: number;
  /** Episodes of the final agent, measured after learning (not counted as learning visits). */
  evalEpisodes: number;
  quick: boolean;
}

/** One learning run: a case, a query source, a seed. */
export interface ConditionRun {
  source: QuerySource;
  seed: number;
  labels: number;
  /** Real episodes the agent played while it learned. */
  episodes: number;
  /** Entries into the unsafe region (trap / water) during learning: steps that arrive inside from outside. */
  unsafeEntries: number;
  /** Steps spent in the unsafe region during learning. */
  unsafeSteps: number;
  /** Cumulative unsafe entries after each round. */
  curve: number[];
  /** The final agent over `evalEpisodes` episodes: mean true return, share reaching the goal, unsafe entries. */
  final: { meanReturn: number; goalShare: number; unsafeEntries: number };
  /** The learned reward (standardised ensemble mean) at the case's probe observations, when it has them. */
  rewardMap?: number[];
}

export interface CaseResult {
  label: string;
  envId: string;
  event: string;
  runs: ConditionRun[];
  /** Sum over seeds of unsafe entries, per source. */
  totals: Record<QuerySource, number>;
  /** on-policy ÷ hypothetical total unsafe entries (Infinity when hypothetical has none and on-policy some; null when both 0). */
  ratio: number | null;
  /** on-policy-greedy ÷ hypothetical, the same way. */
  greedyRatio: number | null;
  /** The ratios as text ('13×', '∞ (hypothetical 0)', 'n/a (both 0)'): JSON writes Infinity as null. */
  ratioText: string;
  greedyRatioText: string;
}
