/** `rewardlab render --env ID --seed S --out episode.svg`: one random-policy episode as SVG. */
import { LIMITS } from '../../app/flags.js';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import '../../envs/index.js';
import { make, prepareEnv } from '../../envs/registry.js';
import { recordEpisode } from '../../envs/random-episode.js';
import { episodeToSvg } from '../../report/svg.js';
import type { Command } from '../command.js';

export const renderCommand: Command = {
  name: 'render',
  summary: 'render one episode of a random policy as an animated (or film-strip) SVG',
  flags: [
    { name: 'env', type: 'string', required: true, help: 'environment id (see rewardlab envs)' },
    { name: 'seed', type: 'int', default: 0, help: 'reset seed (the random policy is seeded from it too)', ...LIMITS.seed },
    { name: 'out', type: 'string', default: 'episode.svg', help: 'output SVG file' },
    { name: 'mode', type: 'string', choices: ['animated', 'strip'], default: 'animated', help: 'animated SVG or a film strip' },
    { name: 'max-steps', type: 'int', default: 500, help: 'stop after this many steps', min: 1, max: 1_000_000 },
  ],
  async run({ values }, io) {
    await prepareEnv(values.env as string); // MuJoCo: load the WASM module
    const env = make(values.env as string);
    const ep = recordEpisode(env, values.seed as number, undefined, values['max-steps'] as number);
    const svg = episodeToSvg(ep.frames, { mode: values.mode as 'animated' | 'strip', fps: env.metadata.renderFps });
    const out = values.out as string;
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, svg);
    io.log(`${values.env}: ${ep.length} steps, return ${ep.return.toFixed(2)}${ep.terminated ? ' (terminated)' : ep.truncated ? ' (truncated)' : ''} → ${out}`);
    return { env: values.env, seed: values.seed, steps: ep.length, return: ep.return, terminated: ep.terminated, truncated: ep.truncated, out };
  },
};
