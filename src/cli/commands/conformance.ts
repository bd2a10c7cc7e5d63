/**
 * `rewardlab conformance FILE.json …`: replay reference trajectories against our env of the
 * same id and print the largest deviation per field; exits 1 when a tolerance is exceeded.
 */
import { readFileSync } from 'node:fs';
import '../../envs/index.js';
import { DataFormatError } from '../../core/errors.js';
import { defaultTolerances, parseReferenceFile, replayReference, type ReplayReport } from '../../envs/reference-replay.js';
import { isGridworldReference, replayGridworldReference } from '../../envs/gridworlds/reference-replay.js';
import { isMujocoReference, replayMujocoReference } from '../../envs/mujoco/reference-replay.js';
import { prepareEnv } from '../../envs/registry.js';
import type { Command } from '../command.js';

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataFormatError(`FILE = ${JSON.stringify(path)}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DataFormatError(`FILE = ${JSON.stringify(path)}: is not valid JSON (${(e as Error).message})`);
  }
}

const fmt = (x: number) => (x === 0 ? '0' : x.toExponential(2));

export const conformanceCommand: Command = {
  name: 'conformance',
  usage: 'FILE.json …',
  summary: 'replay reference trajectories (Gymnasium, MuJoCo v5 or safety-gridworld format) against our envs; print the largest deviation per field',
  flags: [
    { name: 'obs-tol', type: 'number', help: 'override the observation tolerance (default: 0, Acrobot 1e-5)' },
    { name: 'state-tol', type: 'number', help: 'override the internal-state tolerance (default: 1e-9, Acrobot 1e-5)' },
    { name: 'reward-tol', type: 'number', help: 'override the reward tolerance (default: 1e-9, Acrobot 1e-5)' },
  ],
  async run({ values, positionals }, io) {
    if (positionals.length === 0) throw new DataFormatError('FILE = (none): give at least one reference file, e.g. test/fixtures/reference/gymnasium/CartPole-v1.json');
    const reports: (ReplayReport & { file: string })[] = [];
    for (const path of positionals) {
      const doc = readJson(path);
      let replayed: ReplayReport;
      if (isGridworldReference(doc)) replayed = replayGridworldReference(doc, path);
      else if (isMujocoReference(doc)) {
        await prepareEnv(doc.meta.env_id); // tolerances come from the file's own meta.tolerance
        replayed = replayMujocoReference(doc, path);
      } else {
        const file = parseReferenceFile(doc, path);
        const tol = defaultTolerances(file.meta.env_id);
        if (values['obs-tol'] !== undefined) tol.obs = values['obs-tol'] as number;
        if (values['state-tol'] !== undefined) tol.state = values['state-tol'] as number;
        if (values['reward-tol'] !== undefined) tol.reward = values['reward-tol'] as number;
        replayed = replayReference(file, tol);
      }
      const report = { file: path, ...replayed };
      reports.push(report);
      io.log(`${report.ok ? 'PASS' : 'FAIL'} ${report.envId}  (${report.cases} cases, ${report.stepsCompared} steps)  ${path}`);
      for (const f of report.fields) {
        const where = f.at ? ` at case ${f.at.case} t=${f.at.t}${f.at.index === undefined ? '' : ` [${f.at.index}]`}` : '';
        const what = ['terminated', 'truncated', 'board', 'done'].includes(f.field) ? `${f.maxAbs} mismatching steps` : `max |Δ| ${fmt(f.maxAbs)} (tolerance ${fmt(f.tolerance)})`;
        io.log(`   ${f.ok ? '✓' : '✗'} ${f.check ? `${f.check.padEnd(14)} ` : ''}${f.field.padEnd(10)} ${what}${where}`);
      }
    }
    const failed = reports.filter((r) => !r.ok).length;
    return { exitCode: failed ? 1 : 0, ok: failed === 0, reports };
  },
};
