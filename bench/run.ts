/**
 * `npm run bench [-- --quick] [-- --only envs,ppo]`: runs every suite in bench/suites/,
 * writes bench/results/<suite>.json and .md (the latest result of every row, with the machine,
 * the commit and the date it was measured on; rows of a partial run replace only themselves)
 * and the whole run under bench/results/runs/ (not committed).
 */
import { execSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow, BenchSuite } from './suite.js';
import { writeSuiteResults } from './results.js';

const here = dirname(fileURLToPath(import.meta.url));

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  return process.argv[i + 1];
}

function machine() {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

function commit(): string {
  try {
    const sha = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { encoding: 'utf8' }).trim() ? '+dirty' : '';
    return sha + dirty;
  } catch {
    return 'unknown';
  }
}

function fmt(v: number): string {
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toPrecision(3);
}

export function markdown(rows: BenchRow[], meta: { machine: ReturnType<typeof machine>; commit: string; date: string; quick: boolean }): string {
  const m = meta.machine;
  const lines = [
    `# RewardLab benchmarks`,
    '',
    `${meta.date} · commit ${meta.commit} · ${m.cpu} × ${m.cores} cores, ${m.memoryGiB} GiB · Node ${m.node}${meta.quick ? ' · QUICK MODE (fewer runs)' : ''}`,
    '',
  ];
  for (const suite of [...new Set(rows.map((r) => r.suite))]) {
    lines.push(`## ${suite}`, '', '| measurement | median | unit | runs | notes |', '|---|---:|---|---|---|');
    for (const r of rows.filter((x) => x.suite === suite)) {
      lines.push(`| ${r.name} | ${fmt(r.value)} | ${r.unit} | ${r.runs.map(fmt).join(', ')} | ${r.notes ?? ''} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

async function main() {
  const quick = process.argv.includes('--quick');
  const only = arg('only')?.split(',');
  const files = readdirSync(join(here, 'suites')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  const rows: BenchRow[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(here, 'suites', file)).href)) as Record<string, unknown>;
    const suites = Object.values(mod).filter((v): v is BenchSuite => typeof v === 'object' && v !== null && 'run' in v && 'name' in v);
    for (const suite of suites) {
      if (only && !only.includes(suite.name)) continue;
      process.stderr.write(`▶ ${suite.name}\n`);
      const t0 = performance.now();
      const got = await suite.run({ quick }, (msg) => process.stderr.write(`  ${suite.name}: ${msg}\n`));
      rows.push(...got);
      process.stderr.write(`  ${suite.name}: ${got.length} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    }
  }
  const meta = { machine: machine(), commit: commit(), date: new Date().toISOString(), quick };
  const outDir = join(here, 'results');
  mkdirSync(join(outDir, 'runs'), { recursive: true });
  // This run in full (not committed: bench/results/runs/ is ignored) …
  const stamp = meta.date.replace(/[:.]/g, '-');
  writeFileSync(join(outDir, 'runs', `${stamp}.json`), JSON.stringify({ kind: 'rewardlab-bench', version: 1, ...meta, rows }, null, 2));
  writeFileSync(join(outDir, 'runs', `${stamp}.md`), markdown(rows, meta));
  // … and per suite the latest result of every row (committed; the README's numbers come from these files).
  for (const suite of [...new Set(rows.map((r) => r.suite))]) {
    const file = writeSuiteResults(outDir, suite, rows.filter((r) => r.suite === suite), meta);
    process.stderr.write(`written: ${file} and .md\n`);
  }
  console.log(markdown(rows, meta));
}

await main();
