import { describe, expect, it } from 'vitest';
import { MUJOCO_END, MUJOCO_START, mujocoTable, updateMujocoReadme } from '../../bench/mujoco-readme.js';
import { normalisedScore } from '../../bench/mujoco-random-returns.js';
import type { ResultRow } from '../../bench/results.js';

const row = (name: string, value: number, cpu: number): ResultRow => ({
  suite: 'mujoco', name, unit: 'true return', value, runs: [value], notes: `${cpu} CPU s, 9 s wall`,
  machine: { cpu: 'x', cores: 2, memoryGiB: 1, node: 'v20', platform: 'linux' }, commit: 'abc', date: '2026-12-04T00:00:00Z', quick: false,
});

describe('mujocoTable', () => {
  const rows = [
    row('Reacher-v5 PPO-true, 1000k steps, seed 0', -4, 10),
    row('Reacher-v5 loop, 700 labels, 1000k steps, seed 0', -8, 20),
    row('Reacher-v5 loop, 700 labels, 100k steps, seed 0', -1, 5), // a cost run, not in the table
    row('FixedHorizonHopper-v5 PPO-true, 1000k steps, seed 0', 3000, 1),
    row('FixedHorizonHopper-v5 PPO-true, 1000k steps, seed 1', 2000, 1),
    row('FixedHorizonHopper-v5 loop, 700 labels, 1000k steps, seed 0', 1000, 1),
    row('FixedHorizonHopper-v5 loop, 700 labels, 1000k steps, seed 1', 2000, 1),
  ];
  const table = mujocoTable(rows);
  const line = (task: string) => table.split('\n').find((l) => l.startsWith(`| ${task} `))!;

  it('states a negative-return task as a normalised score, not a ratio of negatives', () => {
    // random −43.08: (−8 + 43.08) / (−4 + 43.08) = 89.8%
    expect(line('Reacher')).toContain('| -8.00 (seed 0, 90%) |');
    expect(line('Reacher')).toContain('| 30 |'); // CPU of the 1M rows only
  });

  it('takes medians over seeds, scores each seed against its own PPO-true, and says "not run"', () => {
    const cells = line('Hopper').split(' | ');
    expect(cells[1]).toBe('2,500 (seeds 0, 1)');
    expect(cells[2]).toBe('not run');
    expect(cells[3]).toMatch(/^1,500 \(seeds 0, 1, \d+%\)$/);
    expect(line('Ant')).toMatch(/\| not run \| not run \| not run \| not run \| – \|/);
    expect(line('Hopper')).toContain('2,410 (v3)');
  });

  it('replaces only its own block', () => {
    const readme = `a\n${MUJOCO_START}\nold\n${MUJOCO_END}\nb\n`;
    expect(updateMujocoReadme(readme, 'T')).toBe(`a\n${MUJOCO_START}\nT\n${MUJOCO_END}\nb\n`);
  });

  it('normalisedScore is 0 at random, 1 at PPO-true, null when PPO-true is no better than random', () => {
    expect(normalisedScore(5, 10, 5)).toBe(0);
    expect(normalisedScore(10, 10, 5)).toBe(1);
    expect(normalisedScore(3, 2, 5)).toBeNull();
  });
});
