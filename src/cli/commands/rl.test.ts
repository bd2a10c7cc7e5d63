import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../app/flags.js';
import { readMetrics } from '../../runs/run-dir.js';
import { rlCommand } from './rl.js';

const parse = (argv: string[]) => parseFlags(argv, rlCommand.flags);

describe('rewardlab rl --eval-every / --env-workers', () => {
  it('refuses bad values naming the flag and the value', () => {
    expect(() => parse(['--eval-every', '-1'])).toThrow('--eval-every = "-1": must be in 0..1000000');
    expect(() => parse(['--eval-every', 'often'])).toThrow('--eval-every = "often": must be an integer');
    expect(() => parse(['--env-workers', '65'])).toThrow('--env-workers = "65": must be in 0..64');
    expect(parse([]).values).toMatchObject({ 'env-workers': 0 });
    expect(parse([]).values['eval-every']).toBeUndefined(); // the run picks the default from its length
  });

  it('the flags reach the run: --eval-every 1 evaluates after every rollout, --env-workers 2 steps the copies in workers', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rewardlab-rl-cli-')), 'run');
    try {
      const { values, positionals } = parse(['--env', 'CartPole-v1', '--steps', String(3 * 4096), '--seed', '1', '--eval-every', '1', '--eval-episodes', '1', '--env-workers', '2', '--out', out]);
      const result = await rlCommand.run({ values, positionals }, { log: () => {}, err: () => {}, json: true });
      expect(result.finished).toBe(true);
      expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).evalEvery).toBe(1);
      expect(readMetrics(out).map((m) => m.evalReturn !== null)).toEqual([true, true, true]);
    } finally {
      rmSync(join(out, '..'), { recursive: true, force: true });
    }
  }, 60_000);
});
