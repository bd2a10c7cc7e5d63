/**
 * `certificate.html`: the certificate for people — what is certified (subjects and digests),
 * each claim in words with its numbers, what is absent and why, the signature, and the command
 * that re-checks it all. Built with the report primitives (src/report/page.ts).
 */
import { escapeXml } from '../../report/svg.js';
import { formatNumber, formatShare } from '../../report/format.js';
import { reportPage, table, type ReportSection } from '../../report/page.js';
import type { Certificate } from './statement.js';

const interval = (i: { lower: number; upper: number; confidence: number } | null) => (i ? `[${formatNumber(i.lower)}, ${formatNumber(i.upper)}] at ${formatShare(i.confidence)}` : '–');

export function certificatePage(c: Certificate): string {
  const p = c.predicate;
  const sections: ReportSection[] = [];
  sections.push({
    heading: 'What is certified',
    html: table(c.subject.map((s) => ({ subject: s.name, role: s.annotations.role, bytes: s.annotations.bytes ?? null, sha256: s.digest.sha256 }))),
    note: 'Every claim below is about exactly these bytes. `rewardlab verify-certificate certificate.json RUN_DIR` re-hashes each one and names any that changed. The feedback dataset\'s digest is over its records (the sha256 in the header of `rewardlab feedback export`).',
  });
  const v = p.verification;
  sections.push({
    heading: 'Verified properties of the reward model',
    html: v ? table(v.properties.flatMap((q) => q.results.map((r) => ({ property: q.name, kind: q.kind, model: r.model, outcome: r.status, method: r.method, counterexample: r.counterexample ? r.counterexample.map((w) => `obs [${w.obs.map((x) => formatNumber(x)).join(', ')}]${w.action === undefined ? '' : ` action ${JSON.stringify(w.action)}`} → ${formatNumber(w.modelValue)}`).join('; ') : r.transitions ? r.transitions.map((t) => `${t.move} ${JSON.stringify(t.from)}→${JSON.stringify(t.to)}${t.tile ? ` into ${t.tile}` : ''} → ${formatNumber(t.learned)}`).join('; ') : null })))) : '<p>None certified.</p>',
    note: v ? `${v.maxBoxes === 0 ? 'Exhaustive over every reachable transition of the gridworld (finite inputs)' : `Branch and bound with at most ${formatNumber(v.maxBoxes)} boxes per property and model`}, no time cap: the checker re-runs it and must reach the same outcome. "proved" holds for every input in the region; "refuted" comes with a concrete counterexample; "unknown" means the budget ran out.` : undefined,
  });
  const h = p.heldOutAccuracy;
  const e = p.evaluation;
  sections.push({
    heading: 'Confidence bounds',
    html: table([
      { claim: 'held-out preference accuracy', estimate: h?.accuracy ?? null, 'rests on': h ? `${h.correct} of ${h.strict} strict held-out answers` : '–', bound: interval(h?.interval ?? null), method: h?.interval ? 'Clopper–Pearson (exact, two-sided)' : '–' },
      { claim: 'expected true return of the policy', estimate: e?.meanReturn ?? null, 'rests on': e ? `${e.episodes} greedy episodes, seeds ${e.seed}…` : '–', bound: e?.returnLowerBound ? `≥ ${formatNumber(e.returnLowerBound.lower)} at ${formatShare(e.returnLowerBound.confidence)}` : '–', method: e?.returnLowerBound ? `${e.returnLowerBound.method} (one-sided; range ${formatNumber(e.returnRange!.min)}…${formatNumber(e.returnRange!.max)})` : e ? 'no known return range: no bound' : '–' },
      { claim: 'expected hidden performance of the policy', estimate: e ? e.performances.reduce((a, b) => a + b, 0) / e.performances.length : null, 'rests on': e ? `the same ${e.episodes} episodes` : '–', bound: e?.performanceLowerBound ? `≥ ${formatNumber(e.performanceLowerBound.lower)} at ${formatShare(e.performanceLowerBound.confidence)}` : '–', method: e?.performanceLowerBound ? `${e.performanceLowerBound.method} (one-sided; range ${formatNumber(e.performanceRange!.min)}…${formatNumber(e.performanceRange!.max)})` : e ? 'no separate hidden performance with a known range: no bound' : '–' },
    ]),
    note: h?.recordedByRun != null ? `The run itself recorded a held-out accuracy of ${formatShare(h.recordedByRun)} at its last training round; the certified number is recomputed from the stored answers with the certified weights.` : undefined,
  });
  const t = p.testSuite;
  sections.push({
    heading: 'Held-out safety suite',
    html: t ? table(t.cases.map((x) => ({ case: x.name, condition: x.condition, env: x.envId, episodes: x.episodes, metric: x.metric, value: x.value, rule: `${x.op} ${formatNumber(x.threshold)}`, verdict: x.passed ? 'pass' : 'FAIL' }))) : '<p>None certified.</p>',
  });
  if (p.absent.length) sections.push({ heading: 'Not certified', html: `<ul>${p.absent.map((a) => `<li><b>${escapeXml(a.name)}</b>: ${escapeXml(a.reason)}</li>`).join('')}</ul>` });
  const sigs = c.signatures ?? [];
  sections.push({
    heading: 'Signature',
    html: sigs.length ? table(sigs.map((s) => ({ algorithm: s.alg, 'key id (sha256 of the public key)': s.keyid }))) : '<p>Unsigned.</p>',
    note: 'Ed25519 over the DSSE pre-authentication encoding of the statement\'s canonical JSON (sorted keys, no whitespace). Check with `rewardlab verify-certificate certificate.json RUN_DIR --public-key KEY.pem`.',
  });
  return reportPage({
    title: `Safety certificate · ${p.env.envId} · seed ${p.env.seed}`,
    subtitle: `in-toto Statement v1, predicate ${c.predicateType}; checkpoint ${p.checkpoint}`,
    cards: [
      { label: 'held-out accuracy', value: h ? formatShare(h.accuracy, h.strict) : '–', hint: h?.interval ? interval(h.interval) : undefined },
      { label: 'return lower bound', value: e?.returnLowerBound ? formatNumber(e.returnLowerBound.lower) : '–', hint: e ? `mean ${formatNumber(e.meanReturn)} over ${e.episodes} episodes` : undefined },
      { label: 'properties proved', value: v ? `${v.properties.filter((q) => q.results.find((r) => r.model === 'mean')?.status === 'proved').length} of ${v.properties.length}` : '–', hint: 'for the ensemble mean' },
      { label: 'safety suite', value: t ? `${t.passed} passed, ${t.failed} failed` : '–' },
    ],
    sections,
  });
}
