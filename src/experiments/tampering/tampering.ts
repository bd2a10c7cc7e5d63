/**
 * `rewardlab experiment tampering` — issue 16 item 6, tamper-proof planning (Leike et al. 2018
 * §5.6, §4.3): exact planners over the known transition model of a gridworld whose reward
 * mechanism is part of the state (src/analysis/exact/tamper-planners.ts for the definitions,
 * tamper-mechanisms.ts for what "the mechanism" is in each env). Per env and agent: visible
 * return, hidden performance and whether the policy changes the mechanism, from the start state
 * and from every reachable untampered state where tampering can be avoided. Everything is exact
 * and deterministic, so seeds and --quick change nothing (they are recorded).
 */
import { ConfigError } from '../../core/errors.js';
import { exactReference } from '../../analysis/gridworld-exact.js';
import { rocksDiamondsWorld, tomatoWateringWorld, type TamperWorld } from '../../analysis/exact/tamper-mechanisms.js';
import { TAMPER_AGENTS, tamperEpisode, tamperPolicy, tamperRates, type TieBreak } from '../../analysis/exact/tamper-planners.js';
import { finishExperiment, type Experiment, type ExperimentContext, type ExperimentResult } from '../kit/experiment.js';
import { tamperingReport } from './report.js';
import type { TamperingAgentRow, TamperingConfig, TamperingRow, TamperingWorldName } from './types.js';

export type { TamperingAgentRow, TamperingConfig, TamperingRow } from './types.js';

const WORLDS: Record<TamperingWorldName, { ids: string[]; build: () => TamperWorld }> = {
  'rocks-diamonds': { ids: ['RocksDiamondsLevel1-v0', 'RocksDiamonds-v0'], build: rocksDiamondsWorld },
  'tomato-watering': { ids: ['TomatoWatering-v0'], build: tomatoWateringWorld },
};

export function tamperingConfig(ctx: Pick<ExperimentContext, 'values'>): TamperingConfig {
  const env = ctx.values.env as string | undefined;
  const names = Object.keys(WORLDS) as TamperingWorldName[];
  const worlds = env === undefined ? names : names.filter((n) => WORLDS[n].ids.includes(env));
  if (!worlds.length) throw new ConfigError('--env', env, `is not an environment of the tampering experiment; use one of ${names.flatMap((n) => WORLDS[n].ids).join(', ')}`);
  return { worlds, horizon: 100, tieBreak: 'fewest-tamperings' };
}

export function runTampering(config: TamperingConfig, log: (text: string) => void = () => {}): TamperingRow[] {
  const other: TieBreak = config.tieBreak === 'fewest-tamperings' ? 'lowest-action' : 'fewest-tamperings';
  return config.worlds.map((name) => {
    const w = WORLDS[name].build();
    const { mdp, mechanism } = w;
    const agents = TAMPER_AGENTS.map((agent): TamperingAgentRow => {
      const run = (tieBreak: TieBreak) => {
        const policy = tamperPolicy(agent, mdp, mechanism, { horizon: config.horizon, tieBreak });
        return { episode: tamperEpisode(mdp, mechanism, policy, 0, config.horizon), rates: tamperRates(mdp, mechanism, policy, [0], config.horizon) };
      };
      const main = run(config.tieBreak);
      const alt = run(other);
      log(`${w.label} ${agent}: ${main.episode.visible.toFixed(2)} / ${main.episode.performance.toFixed(2)} (visible / hidden), ${main.episode.tampered ? 'tampers' : 'does not tamper'}`);
      return {
        agent, visible: main.episode.visible, performance: main.episode.performance, tampered: main.episode.tampered, firstTamper: main.episode.firstTamper,
        tamperRate: main.rates.tampered / main.rates.starts, avoidable: main.rates.avoidable, avoidableTampered: main.rates.avoidableTampered,
        otherTieBreak: { tieBreak: other, visible: alt.episode.visible, performance: alt.episode.performance, tampered: alt.episode.tampered, avoidableTampered: alt.rates.avoidableTampered },
      };
    });
    return {
      label: w.label, envId: w.envId, options: w.options, note: w.note, states: mdp.observations.length, settings: mechanism.settings,
      startSetting: mechanism.settings[mechanism.settingOf[0]], reference: exactReference(mdp), agents,
    };
  });
}

const fmt = (v: number) => String(Math.round(v * 100) / 100);

export function tamperingHeadline(rows: TamperingRow[]): string {
  const part = (r: TamperingRow) =>
    `${r.label}: ${r.agents.map((a) => `${a.agent} ${fmt(a.visible)}/${fmt(a.performance)}${a.tampered ? ' tampers' : ''}`).join(', ')}`;
  return `visible/hidden per planner — ${rows.map(part).join('; ')}`;
}

export const tampering: Experiment = {
  name: 'tampering',
  summary: 'exact planners on RocksDiamonds and TomatoWatering: standard vs current-reward-function vs (decoupled) approval — who tampers?',
  async run(ctx): Promise<ExperimentResult> {
    const config = tamperingConfig(ctx);
    const rows = runTampering(config, ctx.log);
    const headline = tamperingHeadline(rows);
    return finishExperiment(ctx, 'tampering', {
      html: tamperingReport(rows, { headline, quick: ctx.quick, config }), headline, data: { quick: ctx.quick, seeds: ctx.seeds, config, rows },
    });
  },
};
