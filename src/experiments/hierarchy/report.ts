/** The report of `rewardlab experiment hierarchy`: the greedy agent's hidden performance per round, and the tables (HTML and markdown). */
import { lineChart, PALETTE } from '../../report/charts.js';
import { formatNumber } from '../../report/format.js';
import { reportPage, table } from '../../report/page.js';
import { KEY_DOOR_LEGEND, KEY_DOOR_MAP } from '../../envs/gridworlds/games/key-door.js';
import type { HierarchyResult } from './types.js';

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : NaN);

/** One row per condition: over seeds. */
export function summaryRows(r: HierarchyResult): Record<string, string | number>[] {
  return r.summary.map((s) => {
    const runs = r.runs.filter((x) => x.condition === s.condition);
    return {
      feedback: s.condition, seeds: s.seeds, labels: runs[0]?.labels ?? 0, 'simulated seconds': formatNumber(s.meanSeconds),
      'final success rate': formatNumber(s.finalSuccessRate), 'final hidden performance (mean)': formatNumber(s.meanFinalPerformance),
      'per seed': runs.map((x) => formatNumber(x.final.performance)).join(' / '),
      'reached the goal (seeds)': `${s.reachedGoal}/${s.seeds}`, 'labels to the goal (mean of those)': s.meanLabelsToGoal === null ? '—' : formatNumber(s.meanLabelsToGoal),
      'labels to the goal per seed': runs.map((x) => x.labelsToGoal ?? '—').join(' / '),
      'rounds at the goal': formatNumber(s.meanGoalRoundShare),
      'subgoal agreement (held out)': formatNumber(s.meanSubgoalAgreement),
      'exploring episodes reaching the goal': formatNumber(s.meanTrainingSuccess),
    };
  });
}

export function markdownTable(rows: Record<string, string | number>[]): string {
  if (rows.length === 0) return '';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(cols), line(cols.map(() => '---')), ...rows.map((row) => line(cols.map((c) => row[c] ?? '')))].join('\n') + '\n';
}

function curveChart(r: HierarchyResult): string {
  const series = r.config.conditions.map((condition, i) => {
    const runs = r.runs.filter((x) => x.condition === condition);
    const rounds = runs[0]?.curve.length ?? 0;
    const points = Array.from({ length: rounds }, (_, k) => [runs[0].curve[k].labels, mean(runs.map((x) => x.curve[k].performance))] as [number, number]);
    return { name: `${condition} (mean of ${runs.length})`, points, color: PALETTE[i] };
  });
  return lineChart({ quick: r.config.quick, title: 'Greedy agent on the learned reward: hidden performance vs labels', xLabel: 'labels', yLabel: 'hidden performance (36 optimal, −100 never at the goal)', series });
}

export function hierarchyReport(r: HierarchyResult, headline: string): string {
  const c = r.config;
  return reportPage({
    title: 'Hierarchical feedback vs flat preferences (KeyDoor)',
    subtitle: `${headline}. Seeds ${r.seeds.join(', ')}; ${c.rounds} rounds × ${c.labelsPerRound} labels; clips of ${c.clipLength} steps; hierarchical asks ${formatNumber(c.taskLabelShare)} of its labels about whole episodes (weights task ${c.weights.task}, subgoal ${c.weights.subgoal}).`,
    quick: c.quick,
    sections: [
      {
        heading: 'The world',
        html: `<pre>${KEY_DOOR_MAP.join('\n')}</pre><p>${Object.entries(KEY_DOOR_LEGEND).map(([name, ch]) => `<code>${ch === ' ' ? '␣' : ch}</code> ${name}`).join(', ')}</p>`,
        note: 'Subgoals in order: get the key (it then shows in the top-left corner), open the door (walk into it with the key), reach the goal. Hidden reward −1 per step, +50 at the goal; a random policy finishes 0.1% of episodes.',
      },
      { heading: 'Hidden performance while labels accumulate', html: curveChart(r), note: 'After each round the planner (exact value iteration on the learned reward) plays one greedy episode; the env and the planner are deterministic, so one episode is the whole evaluation.' },
      { heading: 'Per condition', html: table(summaryRows(r)), note: `Equal effort is equal labels. Simulated seconds (${c.costs.perQuery} s per query + ${c.costs.perStep} s per step watched) are shown beside them: a whole-episode pair costs more to judge than a clip pair.` },
      {
        heading: 'Per seed',
        html: table(r.runs.map((x) => ({
          feedback: x.condition, seed: x.seed, labels: x.labels, 'labels by level': Object.entries(x.labelsByLevel).map(([k, v]) => `${k} ${v}`).join(', '), ties: x.ties,
          'final performance': formatNumber(x.final.performance), 'final subgoals done': x.final.subgoalsDone, 'labels to the goal': x.labelsToGoal ?? '—', 'subgoal agreement': `${formatNumber(x.subgoalAgreement)} of ${x.probePairs}`,
          'performance per round': x.curve.map((p) => formatNumber(p.performance)).join(' '),
        }))),
        note: 'subgoals done: 0 none, 1 key, 2 door open, 3 goal. Ties are answers "equal": against the sparse task most pairs without the goal tie.',
      },
      {
        heading: 'Reading it',
        html: `<p>Before any clip shows the goal, the learned reward of the absorbing state after it is whatever the network says about an input it never saw, and the exact planner follows it: a seed whose first greedy episode already reaches the goal (performance 23 in round 1, under any feedback) got there from that prior, not from the labels. Look at the rounds: a condition that learned the task fails early and then reaches the goal; a lucky prior reaches it at once. The reward is re-learned every round, so the greedy agent can lose the goal again; "rounds at the goal" counts every round, the final success only the last. Subgoal agreement scores the final reward on clip pairs with the same subgoal active that were never asked (0.5 is chance).</p>`,
      },
    ],
    generatedAt: new Date().toISOString(),
  });
}
