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
 *    before the first query (src/loop/pre-explore.ts), everywhere;
 *  - +goals: `ask: ['preference', 'goal']`, the synthetic goal marker (top share of the hidden
 *    reward, src/loop/synthetic-teachers.ts), everywhere;
 *  - +corrections: `ask: ['preference', 'correction']`, the synthetic corrector (the env's ε-noisy
 *    scripted controller takes over), only where there is a scripted controller;
 *  - +demonstrations asked: `ask: ['preference', 'demo']`, the ε-noisy synthetic demonstrator plays
 *    one episode per query, only where there is a scripted controller.
 * In every `ask` mix the kinds take turns query by query over the same label budget
 * (src/loop/ask-round.ts), so half the budget is preferences and half the other kind, and every
 * answer of either kind counts as one label.
 */
import { ConfigError } from '../../core/errors.js';
import { RATING_SCALES } from '../../app/presets/rm-presets.js';
import type { RewardModelingOverrides } from '../../loop/config.js';
import { DEMONSTRATORS } from '../../loop/demonstration-source.js';
import { DEFAULT_CONTROLLERS } from '../../loop/synthetic-teachers.js';
import { MIXES, type FeedbackMixConfig, type Mix, type SkippedMix } from './types.js';

/** The demonstrator that plays `envId`, if any. */
export function demonstratorFor(envId: string): keyof typeof DEMONSTRATORS | undefined {
  return (Object.keys(DEMONSTRATORS) as (keyof typeof DEMONSTRATORS)[]).find((k) => (DEMONSTRATORS[k].envs as readonly string[]).includes(envId));
}

/** Why a mix does not apply to an env (null: it does). */
export function whyNot(cfg: Pick<FeedbackMixConfig, 'demonstrations'>, envId: string, mix: Mix): string | null {
  if (mix === '+demonstrations' && !cfg.demonstrations[envId]) return 'no scripted demonstrator plays this env (src/loop/demonstration-source.ts)';
  if (mix === '+ratings' && !RATING_SCALES[envId]) return 'no synthetic rater scale for this env (RATING_SCALES in src/app/presets/rm-presets.ts)';
  if ((mix === '+corrections' || mix === '+demonstrations asked') && !DEFAULT_CONTROLLERS.some((c) => c.match.test(envId))) {
    return `no scripted controller for the synthetic ${mix === '+corrections' ? 'corrector' : 'demonstrator'} on this env (DEFAULT_CONTROLLERS in src/loop/synthetic-teachers.ts)`;
  }
  return null;
}

/** The mixes of `cfg.mixes` (all of MIXES when absent) that apply to `envId`, in MIXES order. */
export const mixesFor = (cfg: Pick<FeedbackMixConfig, 'demonstrations'> & { mixes?: readonly Mix[] }, envId: string): Mix[] =>
  MIXES.filter((m) => (cfg.mixes ?? MIXES).includes(m) && whyNot(cfg, envId, m) === null);

export const skippedMixes = (cfg: Pick<FeedbackMixConfig, 'envIds' | 'demonstrations'> & { mixes?: readonly Mix[] }): SkippedMix[] =>
  cfg.envIds.flatMap((envId) => MIXES.filter((m) => (cfg.mixes ?? MIXES).includes(m)).flatMap((mix) => { const reason = whyNot(cfg, envId, mix); return reason ? [{ envId, mix, reason }] : []; }));

/** --mixes: a comma list of MIXES names ('preferences' is added when missing: every ratio divides by it); a ConfigError naming the flag and the bad name. */
export function parseMixes(spec: string | undefined): Mix[] {
  if (spec === undefined) return [...MIXES];
  const names = spec.split(',').map((x) => x.trim()).filter(Boolean);
  for (const n of names) if (!(MIXES as readonly string[]).includes(n)) throw new ConfigError('--mixes', n, `is not a feedback mix; use a comma list of ${MIXES.join(', ')}`);
  return MIXES.filter((m) => m === 'preferences' || names.includes(m));
}

/** What a mix adds to the env's loop config. */
export function mixOverrides(cfg: FeedbackMixConfig, envId: string, mix: Mix): RewardModelingOverrides {
  switch (mix) {
    case 'preferences': return { demonstrations: null };
    case '+demonstrations': return { demonstrations: cfg.demonstrations[envId] };
    case '+ratings': return { demonstrations: null, ask: ['preference', 'rating'] };
    case '+pre-exploration': return { demonstrations: null, preExploreSteps: cfg.preExploreSteps[envId] };
    case '+goals': return { demonstrations: null, ask: ['preference', 'goal'] };
    case '+corrections': return { demonstrations: null, ask: ['preference', 'correction'] };
    case '+demonstrations asked': return { demonstrations: null, ask: ['preference', 'demo'] };
  }
}
