/** The README opens with the two fresh-clone commands, and its first code snippet is the runnable example. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.js';

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  it('opens with exactly the two commands', () => {
    const first = readme.match(/```sh\n([\s\S]*?)```/)![1].trim().split('\n');
    expect(first).toEqual(['npm ci && npm run demo', 'npm ci && npm test']);
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '));
  });
  it('its TypeScript snippet is examples/quickstart.ts verbatim (so the typecheck covers it)', () => {
    const snippet = readme.match(/```ts\n([\s\S]*?)```/)![1];
    expect(snippet).toBe(readFileSync(join(ROOT, 'examples/quickstart.ts'), 'utf8'));
  });
  it('its measured table is what bench/readme.ts generates from the committed bench/results', async () => {
    const { measuredTable, updateReadme } = await import('../../bench/readme.js');
    expect(readme).toBe(updateReadme(readme, measuredTable()));
    expect(readme).toMatch(/\| PPO, CartPole-v1, 100k steps/);
  });
  it('lists every CLI command', async () => {
    const { COMMANDS } = await import('../../src/cli/commands/index.js');
    for (const c of COMMANDS) expect(readme).toContain(`\`${c.name}`);
  });
});
