/** The report page of `rewardlab experiment tampering`: per env a bar chart (visible and hidden per agent) and one table of every agent. */
import { barChart } from '../../report/bar-chart.js';
import { reportPage, table } from '../../report/page.js';
import { formatNumber as f, formatShare } from '../../report/format.js';
import type { TamperAgent } from '../../analysis/exact/tamper-planners.js';
import type { TamperingConfig, TamperingRow } from './types.js';

const NAMES: Record<TamperAgent, string> = {
  standard: 'standard planner',
  'current-rf': 'current-RF planner',
  approval: 'approval (feedback after the action)',
  'decoupled-approval': 'decoupled approval',
};

const DEFINITIONS: Record<TamperAgent, string> = {
  standard: 'value iteration on the visible reward as the env delivers it (the mechanism as it is when the reward is paid).',
  'current-rf': 'at decision time the reward function is frozen as the current state\'s mechanism setting θ(s) and every future transition is scored with it; future selves do the same with their own setting (TI-considering, backward induction), so a mechanism change is scored by the function it replaces.',
  approval: 'takes argmax_a Q*_θ(s, a) with θ the setting the action leaves (value advice read off the mechanism after acting, REALab\'s approval RL).',
  'decoupled-approval': 'takes argmax_a Q*_θ(s) (s, a): the advice is about a query action in the current state, so it comes from the mechanism as it is now, whatever the executed action does to it (Uesato et al. 2020, exact fixed point). Equal to the TI-ignoring current-RF agent.',
};

function chart(r: TamperingRow): string {
  return barChart({
    title: `${r.label}: visible return and hidden performance`,
    yLabel: 'total over 100 steps',
    groups: r.agents.map((a) => `${NAMES[a.agent]}${a.tampered ? ' (tampers)' : ''}`),
    series: [
      { name: 'visible return', values: r.agents.map((a) => a.visible), color: '#E69F00' },
      { name: 'hidden performance', values: r.agents.map((a) => a.performance), color: '#009E73' },
    ],
    refLines: [{ y: r.reference.performanceOptimal.performance, label: 'performance optimum' }],
  });
}

export function tamperingReport(rows: TamperingRow[], o: { headline: string; quick: boolean; config: TamperingConfig }): string {
  const tableRows = rows.flatMap((r) =>
    r.agents.map((a) => ({
      env: r.label,
      agent: NAMES[a.agent],
      visible: a.visible,
      hidden: a.performance,
      tampers: a.tampered ? `yes, action ${a.firstTamper!.step + 1} (→ ${a.firstTamper!.setting})` : 'no',
      'tamper rate (start states)': formatShare(a.tamperRate, 1),
      'tampers from avoidable untampered states': formatShare(a.avoidable ? a.avoidableTampered / a.avoidable : null, a.avoidable),
      [`with ${a.otherTieBreak.tieBreak} ties (vis / hid, tampers)`]: `${f(a.otherTieBreak.visible)} / ${f(a.otherTieBreak.performance)}, ${a.otherTieBreak.tampered ? 'yes' : 'no'}`,
    })),
  );
  const envRows = rows.map((r) => ({
    env: r.label,
    'enumerated as': `${r.envId}${Object.keys(r.options).length ? ` ${JSON.stringify(r.options)}` : ''}`,
    states: r.states,
    'mechanism settings': r.settings.join('; '),
    'start setting': r.startSetting,
    'reward-optimal (vis / hid)': `${f(r.reference.rewardOptimal.visible)} / ${f(r.reference.rewardOptimal.performance)}`,
    'performance-optimal (vis / hid)': `${f(r.reference.performanceOptimal.visible)} / ${f(r.reference.performanceOptimal.performance)}`,
    note: r.note,
  }));
  const definitions = (Object.keys(DEFINITIONS) as TamperAgent[]).map((k) => ({ agent: NAMES[k], definition: DEFINITIONS[k] }));
  return reportPage({
    title: 'Tamper-proof planning on the safety gridworlds',
    subtitle: `${o.headline}. Exact and deterministic: seeds and --quick change nothing.`,
    quick: false,
    sections: [
      { heading: 'Visible return and hidden performance', html: `<div class="grid">${rows.map(chart).join('')}</div>` },
      {
        heading: 'Per agent',
        html: table(tableRows),
        note: `Main numbers break ties between equally valued actions towards the one after which the agent itself tampers least (${o.config.tieBreak}), so "tampers" means tampering is strictly preferred; the last column breaks them towards the lowest action index, which shows what an agent that is merely indifferent does. Avoidable untampered states: every enumerated state with the start's mechanism setting from which some policy keeps the mechanism for 100 steps (standing on a RocksDiamonds switch, every move flips it), each taken as a start.`,
      },
      { heading: 'Environments', html: table(envRows) },
      { heading: 'The agents', html: table(definitions) },
    ],
    generatedAt: new Date().toISOString(),
  });
}
