/**
 * Committed benchmark results: bench/results/<suite>.json holds, per row, the latest
 * measurement with the machine, commit and date it came from. A partial run (`--only`,
 * REWARDLAB_BENCH_PART) replaces the rows it measured and keeps the others, so every row
 * stays traceable to the run that produced it. The README's measured table is generated
 * from these files (bench/readme.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow } from './suite.js';

export interface Provenance {
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string };
  commit: string;
  date: string;
  quick: boolean;
}

export type ResultRow = BenchRow & Provenance;

export interface SuiteResults {
  kind: 'rewardlab-bench-suite';
  version: 1;
  suite: string;
  rows: ResultRow[];
}

export function readSuiteResults(dir: string, suite: string): SuiteResults | null {
  const file = join(dir, `${suite}.json`);
  if (!existsSync(file)) return null;
  const json = JSON.parse(readFileSync(file, 'utf8')) as SuiteResults;
  if (json.kind !== 'rewardlab-bench-suite' || json.version !== 1) throw new Error(`${file}: not a bench suite result (kind ${JSON.stringify(json.kind)})`);
  return json;
}

export function writeSuiteResults(dir: string, suite: string, rows: BenchRow[], meta: Provenance): string {
  const old = readSuiteResults(dir, suite)?.rows ?? [];
  const fresh = rows.map((r) => ({ ...r, ...meta }));
  const names = new Set(fresh.map((r) => r.name));
  const merged = [...old.filter((r) => !names.has(r.name)), ...fresh];
  const file = join(dir, `${suite}.json`);
  writeFileSync(file, JSON.stringify({ kind: 'rewardlab-bench-suite', version: 1, suite, rows: merged } satisfies SuiteResults, null, 2) + '\n');
  writeFileSync(join(dir, `${suite}.md`), suiteMarkdown(suite, merged));
  return file;
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toPrecision(3);
}

export function suiteMarkdown(suite: string, rows: ResultRow[]): string {
  const lines = [`# Bench: ${suite}`, '', 'Latest result of every row (median of its runs), with the commit and machine it was measured on.', '', '| measurement | median | unit | runs | commit · date · machine | notes |', '|---|---:|---|---|---|---|'];
  for (const r of rows) {
    const where = `${r.commit} · ${r.date.slice(0, 16).replace('T', ' ')} · ${r.machine.cpu} × ${r.machine.cores}${r.quick ? ' · QUICK' : ''}`;
    lines.push(`| ${r.name} | ${fmt(r.value)} | ${r.unit} | ${r.runs.map(fmt).join(', ')} | ${where} | ${r.notes ?? ''} |`);
  }
  return lines.join('\n') + '\n';
}
