/**
 * `rewardlab demo` (what `npm run demo` runs): the main job on embedded defaults.
 * Until the reward-modeling loop lands, a showcase of the env layer: every env passes
 * checkEnv, and one random-policy episode per env is rendered to runs/demo/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import '../../envs/index.js';
import { checkEnv } from '../../envs/check-env.js';
import { recordEpisode } from '../../envs/random-episode.js';
import { make, registeredEnvs } from '../../envs/registry.js';
import { episodeToSvg } from '../../render/svg.js';
import type { Command } from '../command.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the main job on embedded defaults (what `npm run demo` does)',
  flags: [{ name: 'out', type: 'string', default: 'runs/demo', help: 'output directory' }],
  async run({ values }, io) {
    const out = values.out as string;
    mkdirSync(out, { recursive: true });
    const rows = [];
    for (const spec of registeredEnvs()) {
      const report = checkEnv(() => make(spec.id), { steps: 200 });
      const ep = recordEpisode(make(spec.id), 0, undefined, 300);
      const file = join(out, `${spec.id}.svg`);
      writeFileSync(file, episodeToSvg(ep.frames, { fps: make(spec.id).metadata.renderFps }));
      io.err(`${report.ok ? '✓' : '✗'} ${spec.id.padEnd(28)} random return ${ep.return.toFixed(1).padStart(8)} → ${file}`);
      rows.push({ id: spec.id, checkEnv: report.ok, randomReturn: ep.return, clip: file });
    }
    io.log(`\n${rows.filter((r) => r.checkEnv).length}/${rows.length} envs pass checkEnv; open the SVG clips in ${out}/ in a browser.`);
    return { envs: rows, out, exitCode: rows.every((r) => r.checkEnv) ? 0 : 1 };
  },
};
