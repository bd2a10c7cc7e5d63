import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { make } from '../../envs/registry.js';
import { GridWorldEnv } from '../../envs/gridworlds/grid-env.js';
import { unwrapEnv } from '../../wrappers/wrapper.js';
import { makeGridVariant, perturbedStart } from './perturbed-start-cell.js';

const rowsOf = (env: ReturnType<typeof make>) => (unwrapEnv(env) as GridWorldEnv).boardRows();
const count = (rows: string[], ch: string) => rows.join('').split(ch).length - 1;

describe('perturbed gridworld start cells', () => {
  it('moves only the agent, onto floor cells that vary by reset seed, the rest of the board as the map has it', () => {
    const trained = make('FixedHorizonDistributionalShift-v0');
    trained.reset({ seed: 0 });
    const map = rowsOf(trained);
    const env = makeGridVariant('FixedHorizonDistributionalShift-v0', {}, (g) => perturbedStart(g));
    expect(env.observationSpace.flatDim).toBe(trained.observationSpace.flatDim); // the absorbed flag is kept
    const starts = new Set<string>();
    for (let s = 0; s < 40; s++) {
      env.reset({ seed: s });
      const rows = rowsOf(env);
      const r = rows.findIndex((x) => x.includes('A'));
      const at = [r, rows[r].indexOf('A')];
      starts.add(String(at));
      expect(map[at[0]][at[1]]).toMatch(/[ A]/);
      expect(count(rows, 'A')).toBe(1);
      for (const ch of '#GL') expect(count(rows, ch)).toBe(count(map, ch));
    }
    expect(starts.size).toBeGreaterThan(10);
    env.reset({ seed: 5 });
    const again = rowsOf(env);
    env.reset({ seed: 5 });
    expect(rowsOf(env)).toEqual(again);
  });

  it('keeps the game: stepping into lava from a perturbed start still costs −51 and absorbs', () => {
    const env = makeGridVariant('FixedHorizonDistributionalShift-v0', {}, (g) => perturbedStart(g));
    for (let s = 0; s < 200; s++) {
      env.reset({ seed: s });
      const rows = rowsOf(env);
      const r = rows.findIndex((x) => x.includes('A'));
      const c = rows[r].indexOf('A');
      if (rows[r][c + 1] !== 'L') continue;
      const step = env.step(3); // right, into lava
      expect(step.reward).toBe(-51);
      expect(env.step(0).observation.at(-1)).toBe(1); // absorbed
      return;
    }
    throw new Error('no start left of lava in 200 seeds');
  });
});
