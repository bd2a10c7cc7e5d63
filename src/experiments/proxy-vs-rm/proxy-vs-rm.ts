/**
 * `rewardlab experiment proxy-vs-rm` — experiment 1 of issue 6: on each specification
 * gridworld, PPO on the VISIBLE reward (the proxy agent) vs the reward-modeling loop with a
 * synthetic user who prefers clips by the HIDDEN performance, same env, same agent steps.
 * Both agents' visible return and hidden performance (greedy policy) are reported next to the
 * exact reward-optimal and performance-optimal values (value iteration over the enumerated
 * states) and the spec's values; for the RM agent also the reward-result gap of its learned
 * reward and the performance of that reward's own optimal policy (both exact).
 */
import { join } from 'node:path';
import { median } from '../../analysis/stats.js';
import type { RewardModelingOverrides } from '../../loop/config.js';
import { finishExperiment, type Experiment, type ExperimentContext, type ExperimentResult } from '../kit/experiment.js';
import { trainProxy, trainRewardModeling } from '../kit/gridworld-agents.js';
import { PROXY_VS_RM_CASES, gridworldBudget, selectCases } from '../kit/gridworld-cases.js';
import { enumerateGridworld, exactReference } from '../../analysis/gridworld-exact.js';
import { analyseLearnedReward } from '../../analysis/learned-reward.js';
import { proxyVsRmReport } from './report.js';
import type { ProxyVsRmConfig, ProxyVsRmRow, ProxyVsRmSeed } from './types.js';

export type { ProxyVsRmConfig, ProxyVsRmRow, ProxyVsRmSeed } from './types.js';

export function proxyVsRmConfig(ctx: Pick<ExperimentContext, 'quick' | 'values'>): ProxyVsRmConfig {
  return { cases: selectCases(PROXY_VS_RM_CASES, ctx.values.env as string | undefined, 'proxy-vs-rm'), ...gridworldBudget(ctx), evalEpisodes: ctx.quick ? 1 : 4 };
}

/** A case's loop settings on top of the experiment's (nested option bags merged key by key). */
function mergeLoop(base: RewardModelingOverrides, over: RewardModelingOverrides | undefined): RewardModelingOverrides {
  if (!over) return base;
  return {
    ...base, ...over,
    rewardModel: { ...base.rewardModel, ...over.rewardModel }, rewardTrainer: { ...base.rewardTrainer, ...over.rewardTrainer }, ppo: { ...base.ppo, ...over.ppo },
  };
}

const med = (xs: number[]) => median(xs);

export async function runProxyVsRm(ctx: ExperimentContext, config = proxyVsRmConfig(ctx)): Promise<ProxyVsRmRow[]> {
  const rows: ProxyVsRmRow[] = [];
  for (const c of config.cases) {
    const mdp = c.exact ? enumerateGridworld(c.envId) : null;
    const exact = mdp ? exactReference(mdp) : null;
    const t = config.quick ? {} : (c.tuning ?? {});
    const labels = config.given.labels ?? t.labels ?? config.labels;
    const steps = config.given.steps ?? t.steps ?? config.steps;
    const proxySteps = config.given.steps ?? t.proxy?.steps ?? steps;
    const loop = mergeLoop(config.loop, t.loop);
    const proxyLoop = mergeLoop(loop, t.proxy?.ppo && { ppo: t.proxy.ppo }); // the proxy uses the PPO part
    const perSeed: ProxyVsRmSeed[] = [];
    for (const seed of ctx.seeds) {
      ctx.log(`${c.label} seed ${seed}: proxy agent (visible reward, ${proxySteps} steps)`);
      const proxy = trainProxy({ envId: c.envId, seed, steps: proxySteps, evalEpisodes: config.evalEpisodes, config: proxyLoop });
      ctx.log(`${c.label} seed ${seed}: reward-modeling agent (${labels} labels)`);
      const rm = await trainRewardModeling({
        envId: c.envId, seed, steps, labels, evalEpisodes: config.evalEpisodes, dir: join(ctx.out, 'runs', `${c.envId}__rm__s${seed}`), config: loop,
      });
      const learned = mdp ? analyseLearnedReward(mdp, { model: rm.model!, reward: rm.learnedReward!, agent: rm.policy }) : null;
      perSeed.push({
        seed, proxy: { visible: proxy.visible, performance: proxy.performance }, rm: { visible: rm.visible, performance: rm.performance, labels: rm.labels }, learned,
        wallSeconds: { proxy: proxy.wallSeconds, rm: rm.wallSeconds },
      });
      ctx.log(`  proxy ${proxy.visible.toFixed(1)} / ${proxy.performance.toFixed(1)}, RM ${rm.visible.toFixed(1)} / ${rm.performance.toFixed(1)} (visible / hidden)`);
    }
    const pick = (f: (s: ProxyVsRmSeed) => number) => med(perSeed.map(f));
    rows.push({
      label: c.label, envId: c.envId, labels, steps, proxySteps, seeds: ctx.seeds, note: c.note, exact, spec: c.spec, perSeed,
      proxy: { visible: pick((s) => s.proxy.visible), performance: pick((s) => s.proxy.performance) },
      rm: { visible: pick((s) => s.rm.visible), performance: pick((s) => s.rm.performance), labels: pick((s) => s.rm.labels) },
      rewardResultGap: mdp ? pick((s) => s.learned!.rewardResultGap.gap) : null,
      learnedOptimalPerformance: mdp ? pick((s) => s.learned!.learnedOptimal.performance) : null,
    });
  }
  return rows;
}

const fmt = (v: number) => String(Math.round(v * 10) / 10);

export function proxyVsRmHeadline(rows: ProxyVsRmRow[]): string {
  const parts = rows.map((r) => `${r.label} ${fmt(r.proxy.performance)}→${fmt(r.rm.performance)} (opt ${fmt(r.exact?.performanceOptimal.performance ?? r.spec.performanceOptimal[1])})`);
  return `hidden performance, proxy → reward modeling: ${parts.join('; ')}`;
}

export const proxyVsRm: Experiment = {
  name: 'proxy-vs-rm',
  summary: 'safety gridworlds: PPO on the visible reward vs reward modeling from a user who judges by the hidden performance',
  async run(ctx): Promise<ExperimentResult> {
    const config = proxyVsRmConfig(ctx); // bad --env fails here, before any training
    const rows = await runProxyVsRm(ctx, config);
    const headline = proxyVsRmHeadline(rows);
    return finishExperiment(ctx, 'proxy-vs-rm', { html: proxyVsRmReport(rows, { seeds: ctx.seeds, quick: ctx.quick, headline }), headline, data: { quick: ctx.quick, seeds: ctx.seeds, rows } });
  },
};
