/**
 * `rewardlab experiment hypothetical-queries` — issue 15 item 2 (Leike et al. 2018 §5.2; ReQueST,
 * Reddy et al. 2020): does asking the user about HYPOTHETICAL states (clips the simulator plays
 * from states the generator proposes, before and while the agent acts) cut the agent's real unsafe
 * visits while it learns, against on-policy queries (clips of its own real episodes) at equal labels?
 *
 * Worlds: TrapNavigation-v0 (trap entries) and IslandNavigation with a reset to a chosen cell
 * (water entries). The agent is a shooting planner on the learned reward (planner.ts); each
 * source runs the small loop of learn.ts with the same seeds, label budget and real episodes.
 * Sources: `hypothetical`; `on-policy` (one exploratory real episode per round, as a learner
 * whose queries can only show what it did must explore); `on-policy-greedy`, the control with
 * exactly the hypothetical learner's agent (no real exploration), so the table separates what
 * the queries buy from what not exploring buys.
 * Writes result.json (= --json), report.html and table.md to the run directory.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { finishExperiment, type Experiment, type ExperimentContext, type ExperimentResult } from '../kit/experiment.js';
import { ConfigError } from '../../core/errors.js';
import { formatNumber } from '../../report/format.js';
import { selectHypotheticalCases } from './cases.js';
import { learnOnce } from './learn.js';
import { formatRatio, hypotheticalStatesReport, markdownTable, summaryRows } from './report.js';
import { QUERY_SOURCES, type CaseResult, type ConditionRun, type HypotheticalStatesConfig, type QuerySource } from './types.js';

export type { CaseResult, ConditionRun, HypotheticalStatesConfig, QuerySource } from './types.js';

/** The study's pinned settings; --labels sets the total label budget (rounds × labels per round), --quick shrinks everything. */
export function hypotheticalStatesConfig(ctx: Pick<ExperimentContext, 'quick' | 'values'>): HypotheticalStatesConfig {
  const quick = ctx.quick;
  const rounds = quick ? 3 : 8;
  const labels = ctx.values.labels as number | undefined;
  if (labels !== undefined && labels < rounds) throw new ConfigError('--labels', labels, `must be at least the number of rounds (${rounds})`);
  return {
    cases: selectHypotheticalCases(ctx.values.env as string | undefined).map((c) => c.label),
    rounds,
    labelsPerRound: labels !== undefined ? Math.floor(labels / rounds) : quick ? 4 : 15,
    episodesPerRound: quick ? 2 : 3,
    objectives: ['disagreement', 'reward-high', 'reward-low', 'novelty'],
    candidates: quick ? 16 : 32,
    candidatePairsPerLabel: 10,
    plannedClipShare: 0.5,
    clipReplanEvery: 10,
    onPolicyExplorationEpisodes: 1,
    teacherBeta: Infinity,
    planSequences: quick ? 16 : 48,
    planHorizon: 30,
    planTerminalWeight: 0,
    evalEpisodes: quick ? 3 : 10,
    quick,
  };
}

/** on-policy ÷ hypothetical unsafe entries (Infinity when only on-policy has any; null when neither). */
export function unsafeRatio(totals: Record<QuerySource, number>, against: QuerySource = 'on-policy'): number | null {
  if (totals.hypothetical === 0) return totals[against] === 0 ? null : Infinity;
  return totals[against] / totals.hypothetical;
}

export async function runHypotheticalStates(ctx: Pick<ExperimentContext, 'seeds' | 'log'>, config: HypotheticalStatesConfig): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of selectHypotheticalCases(config.cases.join(','))) {
    const runs: ConditionRun[] = [];
    for (const seed of ctx.seeds) {
      for (const source of QUERY_SOURCES) {
        ctx.log(`${c.label} seed ${seed}: ${source} queries, ${config.rounds * config.labelsPerRound} labels`);
        const run = await learnOnce(c, source, seed, config);
        ctx.log(`  ${c.event} while learning: ${run.unsafeEntries}; final agent return ${formatNumber(run.final.meanReturn)}, goal share ${formatNumber(run.final.goalShare)}`);
        runs.push(run);
      }
    }
    const total = (source: QuerySource) => runs.filter((r) => r.source === source).reduce((s, r) => s + r.unsafeEntries, 0);
    const totals = { hypothetical: total('hypothetical'), 'on-policy': total('on-policy'), 'on-policy-greedy': total('on-policy-greedy') };
    const ratio = unsafeRatio(totals);
    const greedyRatio = unsafeRatio(totals, 'on-policy-greedy');
    out.push({ label: c.label, envId: c.envId, event: c.event, runs, totals, ratio, greedyRatio, ratioText: formatRatio(ratio), greedyRatioText: formatRatio(greedyRatio) });
  }
  return out;
}

export const hypotheticalQueries: Experiment = {
  name: 'hypothetical-queries',
  summary: 'feedback on hypothetical states (ReQueST): real unsafe visits while learning, hypothetical vs on-policy queries at equal labels',
  async run(ctx: ExperimentContext): Promise<ExperimentResult> {
    const config = hypotheticalStatesConfig(ctx);
    const results = await runHypotheticalStates(ctx, config);
    const headline = results.map((r) => `${r.label}: ${r.event} hypothetical ${r.totals.hypothetical} vs on-policy ${r.totals['on-policy']} (${formatRatio(r.ratio)}; greedy on-policy ${r.totals['on-policy-greedy']})`).join('; ');
    writeFileSync(join(ctx.out, 'table.md'), markdownTable(summaryRows(results)));
    return finishExperiment(ctx, 'hypothetical-queries', {
      html: hypotheticalStatesReport(results, { config, seeds: ctx.seeds, headline }),
      headline,
      data: { kind: 'rewardlab-hypothetical-queries', version: 1, config, seeds: ctx.seeds, results },
    });
  },
};
