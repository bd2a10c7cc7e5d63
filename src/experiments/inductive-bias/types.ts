/** Result and config types of `rewardlab experiment inductive-bias`, shared by the runner and its report. */
import type { RewardModelingOverrides } from '../../loop/config.js';

/** One reward-model inductive bias: a named delta on the pinned base loop settings. */
export interface InductiveBiasVariant {
  /** kebab-case name, e.g. `baseline`, `no-next-obs`. */
  name: string;
  /** What the variant changes, for the report. */
  description: string;
  /** Applied on top of the base loop settings (rewardModel merged field by field). */
  delta: RewardModelingOverrides;
}

/** Budgets and settings of one inductive-bias run. */
export interface InductiveBiasConfig {
  /** Env ids (--env, comma list). Default BoatRace-v0 and FixedHorizonCartPole-v0. */
  envIds: string[];
  /** Labels per run. Default 100 (quick 12). */
  labels: number;
  /** Agent env steps per run. Default 30k on gridworlds, 60k on other envs (quick 1024); --steps sets all. */
  steps: Record<string, number>;
  /** The variants, baseline first. */
  variants: InductiveBiasVariant[];
}

/** One variant × env × seed. */
export interface VariantRun {
  variant: string;
  envId: string;
  seed: number;
  runDir: string;
  labels: number;
  /** Strict held-out pairs and how many the final model ordered right (null: never scored). */
  heldOut: { correct: number; scored: number } | null;
  heldOutAccuracy: number | null;
  /** Exact EPIC(learned reward mean, hidden performance) on the enumerated gridworld; null on other envs. */
  epic: number | null;
  /** The last evaluation's mean hidden performance per episode. */
  finalPerformance: number | null;
  /** The last evaluation's mean visible (env) return per episode. */
  finalTrueReturn: number | null;
}

/** Medians over seeds of one variant × env, with the held-out pairs pooled over seeds. */
export interface VariantSummary {
  variant: string;
  envId: string;
  seeds: number;
  heldOutAccuracy: number | null;
  /** Held-out pairs summed over seeds (for one Clopper–Pearson interval). */
  heldOutPooled: { correct: number; scored: number };
  epic: number | null;
  finalPerformance: number | null;
  finalTrueReturn: number | null;
}
