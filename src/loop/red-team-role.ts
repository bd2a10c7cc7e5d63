/**
 * The query selector of a run with `selector: 'red-team'` (Leike et al. 2018 §5.8): the red team
 * plans exactly over the gridworld's enumerated transition model for the CURRENT reward model's
 * mean + β·spread (src/analysis/exact/red-team-planner.ts), and its segments go to the user first,
 * each against an ordinary candidate (src/preferences/red-team-selector.ts); the rest of each
 * round is chosen by disagreement. Before the first label the loop asks for 'uniform' and gets it.
 * Only gridworlds can be planned this way; other envs get a ConfigError naming the env.
 */
import { ConfigError } from '../core/errors.js';
import { envSpec, make } from '../envs/registry.js';
import { enumerateStates } from '../analysis/exact/enumerate.js';
import { exactRedTeam, type RedTeamModel } from '../analysis/exact/red-team-planner.js';
import { disagreementSelector, uniformSelector, type QuerySelector } from '../preferences/query-selector.js';
import { redTeamSelector } from '../preferences/red-team-selector.js';
import { RM_DEFAULTS, type RewardModelingConfig } from './config.js';

export function redTeamQuerySelector(config: Pick<RewardModelingConfig, 'envId' | 'fragmentLength' | 'feedback' | 'redTeam'>, model: RedTeamModel): (name: string) => QuerySelector {
  const spec = envSpec(config.envId);
  if (spec.family !== 'gridworld') throw new ConfigError('selector', 'red-team', `plans over an enumerated transition model, which only gridworlds have; ${config.envId} is ${spec.family}: use 'disagreement' or 'entropy'`);
  if (config.feedback === 'human') throw new ConfigError('selector', 'red-team', "proposes planned segments without frames, which the labeling page cannot show yet; use it with synthetic feedback, or 'disagreement' with --feedback human");
  const settings = config.redTeam ?? RM_DEFAULTS.redTeam!;
  let mdp: ReturnType<typeof enumerateStates>;
  try {
    mdp = enumerateStates(() => make(config.envId));
  } catch (e) {
    throw new ConfigError('selector', 'red-team', `needs ${config.envId}'s states enumerated, which failed (${(e as Error).message}); use 'disagreement' or 'entropy'`);
  }
  const horizon = spec.maxEpisodeSteps ?? 100;
  const red = redTeamSelector({ proposer: exactRedTeam({ envId: config.envId, mdp, model, fragmentLength: config.fragmentLength, beta: settings.beta, tau: settings.tau, horizon }), inner: disagreementSelector, share: settings.share });
  return (name) => (name === 'uniform' ? uniformSelector : red);
}
