/** The report page of `rewardlab experiment seeds`: a strip plot of every seed's score (true return, or hidden performance), the curves, the per-seed diagnostics. */
import { PALETTE, lineChart } from '../../report/charts.js';
import { reportPage, table } from '../../report/page.js';
import { formatTick, linearScale } from '../../report/scale.js';
import { escapeXml } from '../../report/svg.js';
import { formatHeldOutAccuracy } from '../../report/accuracy-format.js';
import type { SeedRun, SeedsSummary } from './types.js';

const what = (s: SeedsSummary) => (s.metric === 'performance' ? 'hidden performance' : 'true return');

const r1 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10) / 10);
const f1 = (v: number | null | undefined) => (r1(v) === null ? '–' : String(r1(v)));
/** The held-out accuracy with its strict pairs and exact 95% interval (report/accuracy-format.ts), as run reports print it. */
const heldOut = (r: SeedRun) => formatHeldOutAccuracy({ heldOutAccuracy: r.heldOutAccuracy, ...(r.heldOutCounts ? { heldOutScored: r.heldOutCounts.scored, heldOutCorrect: r.heldOutCounts.correct } : {}) });
const pct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${Math.round(100 * v)}%`);

/** One dot per seed on a vertical axis (labelled with its seed), the threshold and the median as lines. */
export function stripPlot(s: SeedsSummary, o: { width?: number; height?: number } = {}): string {
  const w = o.width ?? 420;
  const h = o.height ?? 360;
  const m = { top: 40, right: 110, bottom: 30, left: 58 };
  const y = linearScale([...s.distribution, s.threshold], [h - m.bottom, m.top], { includeZero: true });
  const cx = (m.left + w - m.right) / 2;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeXml(`${what(s)} per seed, ${s.envId}`)}">`];
  parts.push(`<text x="${m.left}" y="20" font-size="14" font-weight="600">${escapeXml(`Final ${what(s)} per seed (${s.successes}/${s.perSeed.length} ≥ ${s.threshold})`)}</text>`);
  for (const t of y.ticks) parts.push(`<line x1="${m.left}" x2="${w - m.right}" y1="${y.map(t)}" y2="${y.map(t)}" stroke="#eee"/><text x="${m.left - 6}" y="${y.map(t) + 4}" font-size="11" text-anchor="end" fill="#555">${formatTick(t)}</text>`);
  const ref = (v: number, label: string, color: string, dash: string) =>
    `<line x1="${m.left}" x2="${w - m.right}" y1="${y.map(v)}" y2="${y.map(v)}" stroke="${color}" stroke-dasharray="${dash}"/><text x="${w - m.right + 4}" y="${y.map(v) + 4}" font-size="11" fill="${color}">${escapeXml(label)}</text>`;
  parts.push(ref(s.threshold, `threshold ${s.threshold}`, '#009E73', '5 3'), ref(s.median, `median ${formatTick(r1(s.median) ?? 0)}`, '#555', '2 2'));
  // spread the dots sideways by rank among close values, so equal returns stay visible
  const sorted = s.perSeed.map((r, i) => ({ r, i })).sort((a, b) => a.r.score - b.r.score);
  let lastY = -Infinity;
  let lane = 0;
  for (const { r } of sorted) {
    const py = y.map(Number.isFinite(r.score) ? r.score : y.domain[0]);
    lane = Math.abs(py - lastY) < 8 ? lane + 1 : 0;
    lastY = py;
    const px = cx + (lane % 2 ? 1 : -1) * Math.ceil(lane / 2) * 14;
    const color = r.success ? PALETTE[0] : PALETTE[1];
    parts.push(`<circle cx="${px}" cy="${py.toFixed(1)}" r="5" fill="${color}" fill-opacity="0.75"><title>${escapeXml(`seed ${r.seed}: ${r1(r.score)}`)}</title></circle>`);
    parts.push(`<text x="${px + 8}" y="${py + 4}" font-size="10" fill="#333">${r.seed}</text>`);
  }
  parts.push(`<text x="14" y="${(m.top + h - m.bottom) / 2}" font-size="12" transform="rotate(-90 14 ${(m.top + h - m.bottom) / 2})" text-anchor="middle">${escapeXml(what(s))}</text>`);
  return `${parts.join('')}</svg>`;
}

export function seedsReport(s: SeedsSummary, o: { quick: boolean; headline: string }): string {
  const curves = lineChart({
    title: `${what(s)[0].toUpperCase()}${what(s).slice(1)} during training, per seed`, xLabel: 'iteration', yLabel: `${what(s)} (greedy)`,
    series: s.perSeed.map((r, i) => ({ name: `seed ${r.seed}`, points: r.curve, color: PALETTE[i % PALETTE.length], dashed: !r.success })),
    refLines: [{ y: s.threshold, label: `threshold ${s.threshold}` }], width: 640,
  });
  const rows = s.perSeed.map((r, i) => ({
    seed: r.seed, ...(s.ppoTrue ? { 'PPO-true return': f1(s.ppoTrue.perSeed[i]) } : {}), ...(s.metric === 'performance' ? { 'hidden performance': f1(r.performance) } : {}), 'true return': f1(r.trueReturn), success: r.success ? 'yes' : 'NO', 'learned return': f1(r.learnedReturn), 'Pearson r': r.pearson === null || !Number.isFinite(r.pearson) ? '–' : r.pearson.toFixed(2),
    'held-out acc.': heldOut(r), 'on-policy acc.': pct(r.onPolicyAccuracy), labels: r.labels,
    'strict / equal / can\'t tell / skip': `${pct(r.answers.strict)} / ${pct(r.answers.equal)} / ${pct(r.answers.cantTell)} / ${pct(r.answers.skip)}`,
    'oracle ties (last rollout)': pct(r.lastRollout?.tieShare), 'wall s': Math.round(r.wallSeconds), 'what went wrong': r.findings.map((f) => f.message).join(' · ') || '–',
  }));
  return reportPage({
    title: `Every seed: ${s.envId}, ${s.labels} labels`,
    subtitle: `${o.headline}. Shipped defaults, ${s.steps} agent steps${o.quick ? ' · QUICK MODE (tiny budgets: a smoke check, not a result)' : ''}.`,
    cards: [
      { label: 'success rate', value: `${s.successes}/${s.perSeed.length}`, hint: `${what(s)} ≥ ${s.threshold}` },
      { label: 'median', value: String(r1(s.median)) },
      { label: 'worst seed', value: String(r1(s.worst.score)), hint: `seed ${s.worst.seed}` },
      ...(s.ppoTrue ? [{ label: 'PPO on the true reward', value: String(r1(s.ppoTrue.median)), hint: `median; 90% = ${r1(s.ppoTrue.ninetyPercent)}, reached by ${s.ppoTrue.loopSeedsAtNinety}/${s.perSeed.length} loop seeds` }] : []),
    ],
    sections: [
      { heading: 'Distribution', html: `<div class="grid">${stripPlot(s)}${curves}</div>`, note: `One dot per seed (orange: below the threshold). Final ${what(s)} is the mean over the loop's last evaluation episodes of the greedy agent${s.metric === 'performance' ? ' (the sealed channel; the teacher judged clips by it too)' : ''}.` },
      {
        heading: 'Per-seed diagnostics', html: table(rows),
        note: 'On-policy accuracy: share of pairs of the agent\'s own rollout segments (last quarter of the run) the learned reward orders as the true reward does. Oracle ties: share of such pairs the true reward cannot tell apart. What went wrong: src/analysis/run-diagnostics.ts (diagnoseRun) on the run\'s diagnostics.jsonl.',
      },
    ],
    generatedAt: new Date().toISOString(),
  });
}
