/** Result and config types of `rewardlab experiment blocker`, shared by the runner and its report. */
import type { BlockerFit } from '../../rewards/blocker-classifier.js';

/** What happened in the agent's envs during one phase (counted per agent env step). */
export interface PhaseCounts {
  /** Agent env steps in the phase. */
  steps: number;
  /** Actions the agent proposed that the overseer's one-step predicate calls catastrophic. */
  catastrophicProposals: number;
  /** Actions blocked (by the overseer before handover, by the classifier after). */
  blocked: number;
  /** Blocked and catastrophic. */
  blockedCatastrophic: number;
  /** Blocked though the overseer calls them safe. */
  falseBlocks: number;
  /** Blocked steps whose replacement action the overseer calls catastrophic. */
  unsafeReplacements: number;
  /** Catastrophes that happened (the sealed channel of the executed action). */
  catastrophes: number;
}

export interface ProtectedRunResult {
  /** false: the unprotected baseline (nothing blocked; the overseer only scores). */
  protect: boolean;
  steps: number;
  /** Preference labels of the reward-modeling loop. */
  labels: number;
  /** The loop's random-policy episodes before RL (it plays them itself, outside the agent's envs: not overseen). */
  warmStart: { episodes: number; catastrophes: number };
  oversight: PhaseCounts;
  afterHandover: PhaseCounts;
  /** Agent steps at handover (the unprotected run switches its counts at the protected run's step); null if it never came. */
  handoverStep: number | null;
  /** The classifier trained at handover (null for the baseline). */
  handover: (BlockerFit & { step: number; examples: number; catastropheExamples: number; safeExamples: number; safeSeen: number }) | null;
  /** Stops stored as intervention feedback (the labels the blocker costs). */
  interventions: number;
  /** Steps a person would have watched (the oversight phase). */
  overseenSteps: number;
  /**
   * After handover, over every catastrophic action the blocker judged (the agent's catastrophic
   * proposals, and the catastrophic replacements it chose): how many it let through, and the
   * one-sided 95% Clopper–Pearson upper bound on that miss rate.
   */
  missRate: { misses: number; catastrophic: number; upper95: number };
  /** The final greedy agent on the plain env (visible return and hidden performance). */
  final: { visible: number; performance: number };
  /** Blocks whose penalty found no transition in the agent's batch (0 = every penalty reached the training reward). */
  ledgerUnmatched: number;
  /** Observations the overseer's model did not know (0 for a complete model). */
  overseerUnknown: number;
  /** [agent steps, cumulative catastrophic proposals, cumulative catastrophes] per iteration. */
  curve: [number, number, number][];
}

export interface BlockerSeedResult {
  seed: number;
  protected: ProtectedRunResult;
  baseline: ProtectedRunResult | null;
}

export interface BlockerRow {
  label: string;
  envId: string;
  event: string;
  steps: number;
  /** The handover rule: at least this many steps overseen and `minInterventions` stops, or `maxOversightSteps`. */
  oversightSteps: number;
  minInterventions: number;
  maxOversightSteps: number;
  labels: number;
  /** Seconds a person needs per overseen step (they watch the live view at the env's frame rate). */
  secondsPerOverseenStep: number;
  seeds: number[];
  perSeed: BlockerSeedResult[];
  /** Medians over seeds. */
  median: {
    /** Catastrophes the agent attempted under oversight (each stopped: an intervention). */
    attemptedBefore: number;
    /** Catastrophes that happened after handover. */
    after: number;
    /** The unprotected run's catastrophes in the same steps (after the handover step); null without baseline. */
    baselineAfter: number | null;
    /** The unprotected run's catastrophes over all agent steps; null without baseline. */
    baselineTotal: number | null;
    interventions: number;
    oversightSeconds: number;
    missUpper95: number;
  };
  /** Pooled over seeds: misses and catastrophic actions judged after handover, and the 95% upper bound. */
  pooledMiss: { misses: number; catastrophic: number; upper95: number };
}
