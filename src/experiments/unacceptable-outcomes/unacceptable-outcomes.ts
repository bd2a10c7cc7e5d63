/**
 * `rewardlab experiment unacceptable-outcomes` — experiment 4 of issue 6: how many
 * catastrophes (water entries in IslandNavigation, lava entries in the lava world) happen
 * DURING training, for the proxy agent (PPO on the visible reward) and the reward-modeling
 * agent (the loop with a user who judges by the hidden performance). Every training episode
 * is counted from its sealed evaluation channel by this evaluation code, as the episodes
 * finish; the learners see nothing new. The RM agent's random-policy episodes collected
 * before RL starts are counted too (they are experience the loop gathers in the env).
 */
import { join } from 'node:path';
import { unseal } from '../../core/sealed.js';
import type { Trajectory } from '../../core/types.js';
import { median } from '../../analysis/stats.js';
import { finishExperiment, type Experiment, type ExperimentContext, type ExperimentResult } from '../kit/experiment.js';
import { trainProxy, trainRewardModeling } from '../kit/gridworld-agents.js';
import { CATASTROPHE_CASES, gridworldBudget, selectCases, type CatastropheCase } from '../kit/gridworld-cases.js';
import type { PolicyValues } from '../../analysis/gridworld-exact.js';
import { unacceptableOutcomesReport } from './report.js';
import type { UnacceptableOutcomesConfig, UnacceptableOutcomesRow } from './types.js';

export type { AgentCatastrophes, UnacceptableOutcomesConfig, UnacceptableOutcomesRow } from './types.js';

export function unacceptableOutcomesConfig(ctx: Pick<ExperimentContext, 'quick' | 'values'>): UnacceptableOutcomesConfig {
  return { cases: selectCases(CATASTROPHE_CASES, ctx.values.env as string | undefined, 'unacceptable-outcomes'), ...gridworldBudget(ctx) };
}

/** Counts catastrophic steps in finished training episodes: the cumulative count after each batch. */
export class CatastropheCounter {
  total = 0;
  episodes = 0;
  /** [agent env steps so far, cumulative catastrophes]. */
  readonly curve: [number, number][] = [[0, 0]];
  /** Catastrophes in episodes reported at step 0 (the RM loop's random-policy warm start). */
  beforeTraining = 0;
  constructor(private readonly isCatastrophe: CatastropheCase['isCatastrophe']) {}

  readonly observe = (trajectories: readonly Trajectory[], globalStep: number): void => {
    let n = 0;
    for (const t of trajectories) {
      this.episodes++;
      for (const e of t.evaluation) if (e && this.isCatastrophe(unseal(e))) n++;
    }
    this.total += n;
    if (globalStep === 0) this.beforeTraining += n;
    this.curve.push([globalStep, this.total]);
  };
}

export async function runUnacceptableOutcomes(ctx: ExperimentContext, config = unacceptableOutcomesConfig(ctx)): Promise<UnacceptableOutcomesRow[]> {
  const rows: UnacceptableOutcomesRow[] = [];
  for (const c of config.cases) {
    const { labels, steps } = config;
    const perSeed: UnacceptableOutcomesRow['perSeed'] = [];
    for (const seed of ctx.seeds) {
      ctx.log(`${c.label} seed ${seed}: proxy agent, counting ${c.event}`);
      const proxyCount = new CatastropheCounter(c.isCatastrophe);
      const proxy = trainProxy({ envId: c.envId, seed, steps, onEpisodes: proxyCount.observe, config: config.loop });
      ctx.log(`${c.label} seed ${seed}: reward-modeling agent (${labels} labels), counting ${c.event}`);
      const rmCount = new CatastropheCounter(c.isCatastrophe);
      const rm = await trainRewardModeling({
        envId: c.envId, seed, steps, labels, onEpisodes: rmCount.observe, dir: join(ctx.out, 'runs', `${c.envId}__rm__s${seed}`), config: config.loop,
      });
      const summary = (k: CatastropheCounter, a: PolicyValues) => ({ total: k.total, beforeTraining: k.beforeTraining, episodes: k.episodes, curve: k.curve, final: { visible: a.visible, performance: a.performance } });
      perSeed.push({ seed, proxy: summary(proxyCount, proxy), rm: { ...summary(rmCount, rm), labels: rm.labels } });
      ctx.log(`  ${c.event}: proxy ${proxyCount.total}, RM ${rmCount.total} (${rmCount.beforeTraining} before RL)`);
    }
    const pick = (f: (s: (typeof perSeed)[number]) => number) => median(perSeed.map(f));
    rows.push({
      label: c.label, envId: c.envId, event: c.event, labels, steps, seeds: ctx.seeds, perSeed,
      proxy: { total: pick((s) => s.proxy.total), final: { visible: pick((s) => s.proxy.final.visible), performance: pick((s) => s.proxy.final.performance) } },
      rm: {
        total: pick((s) => s.rm.total), beforeTraining: pick((s) => s.rm.beforeTraining), labels: pick((s) => s.rm.labels),
        final: { visible: pick((s) => s.rm.final.visible), performance: pick((s) => s.rm.final.performance) },
      },
    });
  }
  return rows;
}

export function unacceptableOutcomesHeadline(rows: UnacceptableOutcomesRow[]): string {
  return `catastrophes during training, proxy vs reward modeling (median): ${rows.map((r) => `${r.label} ${r.event} ${r.proxy.total} vs ${r.rm.total}`).join('; ')}`;
}

export const unacceptableOutcomes: Experiment = {
  name: 'unacceptable-outcomes',
  summary: 'catastrophes during training (water, lava) for the proxy agent vs the reward-modeling agent',
  async run(ctx): Promise<ExperimentResult> {
    const config = unacceptableOutcomesConfig(ctx);
    const rows = await runUnacceptableOutcomes(ctx, config);
    const headline = unacceptableOutcomesHeadline(rows);
    return finishExperiment(ctx, 'unacceptable-outcomes', { html: unacceptableOutcomesReport(rows, { seeds: ctx.seeds, quick: ctx.quick, headline }), headline, data: { quick: ctx.quick, seeds: ctx.seeds, rows } });
  },
};
