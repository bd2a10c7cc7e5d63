/**
 * Which feedback mixes apply to an env, and what each adds to the loop config. Every mix starts
 * from the env's presets WITHOUT their scripted demonstration clips (the Acrobot and Pendulum
 * presets ship with them), so 'preferences' is preferences alone and only '+demonstrations' has
 * demonstrations:
 *  - preferences: the loop as configured, `demonstrations: null`;
 *  - +demonstrations: scripted demonstration episodes in the fragment pool (src/loop/demonstration-source.ts),
 *    only where a demonstrator plays the env;
 *  - +ratings: `ask: ['preference', 'rating']` (the kinds take turns within the same label budget),
 *    only where the env has a synthetic rater scale (src/app/presets/rm-presets.ts RATING_SCALES);
 *  - +pre-exploration: `preExploreSteps` = a share of the agent steps on the state-entropy reward
 *    before the first query (src/loop/pre-explore.ts), everywhere.
 */
import { RATING_SCALES } from '../../app/presets/rm-presets.js';
import type { RewardModelingOverrides } from '../../loop/config.js';
import { DEMONSTRATORS } from '../../loop/demonstration-source.js';
import { MIXES, type FeedbackMixConfig, type Mix, type SkippedMix } from './types.js';

/** The demonstrator that plays `envId`, if any. */
export function demonstratorFor(envId: string): keyof typeof DEMONSTRATORS | undefined {
  return (Object.keys(DEMONSTRATORS) as (keyof typeof DEMONSTRATORS)[]).find((k) => (DEMONSTRATORS[k].envs as readonly string[]).includes(envId));
}

/** Why a mix does not apply to an env (null: it does). */
export function whyNot(cfg: Pick<FeedbackMixConfig, 'demonstrations'>, envId: string, mix: Mix): string | null {
  if (mix === '+demonstrations' && !cfg.demonstrations[envId]) return 'no scripted demonstrator plays this env (src/loop/demonstration-source.ts)';
  if (mix === '+ratings' && !RATING_SCALES[envId]) return 'no synthetic rater scale for this env (RATING_SCALES in src/app/presets/rm-presets.ts)';
  return null;
}

export const mixesFor = (cfg: Pick<FeedbackMixConfig, 'demonstrations'>, envId: string): Mix[] => MIXES.filter((m) => whyNot(cfg, envId, m) === null);

export const skippedMixes = (cfg: Pick<FeedbackMixConfig, 'envIds' | 'demonstrations'>): SkippedMix[] =>
  cfg.envIds.flatMap((envId) => MIXES.flatMap((mix) => { const reason = whyNot(cfg, envId, mix); return reason ? [{ envId, mix, reason }] : []; }));

/** What a mix adds to the env's loop config. */
export function mixOverrides(cfg: FeedbackMixConfig, envId: string, mix: Mix): RewardModelingOverrides {
  switch (mix) {
    case 'preferences': return { demonstrations: null };
    case '+demonstrations': return { demonstrations: cfg.demonstrations[envId] };
    case '+ratings': return { demonstrations: null, ask: ['preference', 'rating'] };
    case '+pre-exploration': return { demonstrations: null, preExploreSteps: cfg.preExploreSteps[envId] };
  }
}
