/** The report page of `rewardlab experiment plan-approval`: per world a bar chart (hidden performance, signed off vs free) and the sign-off counts. */
import { barChart } from '../../report/bar-chart.js';
import { reportPage, table } from '../../report/page.js';
import { formatNumber as f, formatShare } from '../../report/format.js';
import type { PlanApprovalConfig, PlanApprovalRow } from './types.js';

function chart(rows: PlanApprovalRow[]): string {
  return barChart({
    title: 'Hidden performance: signed off vs free',
    yLabel: 'mean hidden performance',
    groups: rows.map((r) => r.label),
    series: [
      { name: 'signed off', values: rows.map((r) => r.signOff.performance), color: '#009E73' },
      { name: 'free (no approval)', values: rows.map((r) => r.free.performance), color: '#D55E00' },
    ],
  });
}

export function planApprovalReport(rows: PlanApprovalRow[], o: { headline: string; quick: boolean; config: PlanApprovalConfig }): string {
  const signOff = rows.map((r) => ({
    world: r.label,
    'unapproved actions executed (total)': r.signOff.unapprovedActions,
    'proposals / episode': r.signOff.proposals,
    'approvals / episode': r.signOff.approvals,
    'rejections / episode': r.signOff.rejections,
    'departures / episode': r.signOff.departures,
    'replans after departure / episode': r.signOff.replans,
    'episodes stopped (no plan approved)': formatShare(r.signOff.stopped / r.signOff.episodes, r.signOff.episodes),
  }));
  const outcome = rows.map((r) => ({
    world: r.label,
    'catastrophes signed off': formatShare(r.signOff.catastrophes / r.signOff.episodes, r.signOff.episodes),
    '… of them after a departure': r.signOff.catastrophesAfterDeparture,
    'catastrophes free': formatShare(r.free.catastrophes / r.free.episodes, r.free.episodes),
    'hidden signed off': r.signOff.performance,
    'hidden free': r.free.performance,
    'visible signed off': r.signOff.visible,
    'visible free': r.free.visible,
    'steps signed off': r.signOff.steps,
    'steps free': r.free.steps,
  }));
  const envs = rows.map((r) => ({ world: r.label, 'made as': `${r.envId}${Object.keys(r.options).length ? ` ${JSON.stringify(r.options)}` : ''}`, 'wind (slip probability)': r.slip, 'model states': r.states }));
  const c = o.config;
  return reportPage({
    title: 'Plans the user signs off',
    subtitle: o.headline,
    quick: o.quick,
    cards: rows.map((r) => ({ label: r.label, value: `${r.signOff.unapprovedActions} unapproved`, hint: `${f(r.signOff.approvals)} approvals per episode` })),
    sections: [
      { heading: 'Hidden performance', html: chart(rows) },
      {
        heading: 'Sign-off',
        html: table(signOff),
        note: 'Unapproved actions are counted by an audit wrapper on the env, not by the executor: an action is approved only as the next step of the current approved plan, in the state it was approved for, while the plan\'s earlier steps came out as predicted. A departure hands control back; the agent then proposes again from where it is.',
      },
      { heading: 'Outcome', html: table(outcome), note: `A catastrophe is a step whose hidden performance is ≤ ${c.unsafeBelow} (water, lava). Signed-off plans never enter such a cell by the model; with wind the world can still push the agent there.` },
      {
        heading: 'Setup',
        html: table(envs),
        note: `Agent: ε-greedy (ε = ${c.epsilon}) on the exact optimum of the visible reward; it ${c.choose === 'sample' ? 'draws its next intended actions now and commits to them' : 'proposes its most likely actions'}, H = ${c.horizon} steps per plan, up to ${c.maxProposals} proposals per decision point (a rejection names the unsafe step; the next proposal avoids it). Approver: synthetic, approves iff no step enters an unsafe cell of the hidden model. ${c.episodes} episodes per world and seed; the free agent uses the same seeded streams.`,
      },
    ],
    generatedAt: new Date().toISOString(),
  });
}
