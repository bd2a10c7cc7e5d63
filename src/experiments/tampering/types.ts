/** Result and config types of `rewardlab experiment tampering`, shared by the runner and its report. */
import type { ExactReference, PolicyValues } from '../../analysis/gridworld-exact.js';
import type { TamperAgent, TamperEpisode, TieBreak } from '../../analysis/exact/tamper-planners.js';

/** The worlds the experiment knows, by the ids `--env` accepts. */
export type TamperingWorldName = 'rocks-diamonds' | 'tomato-watering';

export interface TamperingConfig {
  worlds: TamperingWorldName[];
  /** Steps per episode. 100 (the gridworlds' time limit). */
  horizon: number;
  /** Tie-break of the main numbers; the other one is reported alongside. */
  tieBreak: TieBreak;
}

export interface TamperingAgentRow extends PolicyValues {
  agent: TamperAgent;
  /** The episode from the env's start state (the planners are deterministic: one episode per start). */
  tampered: boolean;
  firstTamper: TamperEpisode['firstTamper'];
  /** Tampering episodes / start states (the envs have one start state each, so 0 or 1). */
  tamperRate: number;
  /** Tampering episodes from every reachable state with the start's mechanism setting where tampering is avoidable. */
  avoidable: number;
  avoidableTampered: number;
  /** The same agent with the other tie-break (lowest action index). */
  otherTieBreak: PolicyValues & { tieBreak: TieBreak; tampered: boolean; avoidableTampered: number };
}

export interface TamperingRow {
  label: string;
  envId: string;
  /** Options the env was enumerated with. */
  options: Record<string, unknown>;
  note: string;
  states: number;
  settings: string[];
  startSetting: string;
  /** The visible-reward optimum and the hidden-performance optimum (exact). */
  reference: ExactReference;
  agents: TamperingAgentRow[];
}
