import { describe, expect, it } from 'vitest';
import '../../index.js';
import { unseal } from '../../../core/sealed.js';
import { Rng } from '../../../core/rng.js';
import { make } from '../../registry.js';
import { checkEnv } from '../../check-env.js';
import { GridWorldEnv } from '../grid-env.js';
import { keyDoor } from './key-door.js';
import { readKeyDoor, subgoalPotential, subgoalProgress } from './key-door-subgoals.js';

const [UP, DOWN, LEFT, RIGHT] = [0, 1, 2, 3];
// A at (1,5); locked door at (1,6), right of the start; key at (5,1); goal at (5,12)
const TO_KEY = [DOWN, DOWN, DOWN, DOWN, LEFT, LEFT, LEFT, LEFT];
const KEY_TO_DOOR = [UP, UP, UP, UP, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT];
const DOOR_TO_GOAL = [RIGHT, DOWN, DOWN, DOWN, DOWN, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT];

function play(actions: number[]) {
  const env = new GridWorldEnv(keyDoor());
  env.reset({ seed: 0 });
  const steps = actions.map((a) => { const s = env.step(a); return { ...(unseal(s.evaluation!) as { reward: number; performance: number }), terminated: s.terminated, observation: s.observation }; });
  return { env, steps };
}

describe('KeyDoor', () => {
  it('the locked door is a wall without the key', () => {
    const { env } = play([RIGHT, RIGHT, DOWN, RIGHT]);
    expect(env.agentPosition).toEqual([2, 5]);
    expect(env.boardRows()[1][6]).toBe('D');
  });
  it('the key goes into the inventory corner, the door opens with it (using it up), the goal ends the episode: 27 steps, hidden 50 − 27', () => {
    const { env, steps } = play([...TO_KEY, ...KEY_TO_DOOR, ...DOOR_TO_GOAL]);
    expect(steps[TO_KEY.length - 1].terminated).toBe(false);
    const afterKey = play(TO_KEY).env.boardRows();
    expect(afterKey[0][0]).toBe('K');
    expect(afterKey.join('')).not.toContain('k');
    const atDoor = play([...TO_KEY, ...KEY_TO_DOOR]);
    expect(atDoor.env.agentPosition).toEqual([1, 6]);
    expect(atDoor.env.boardRows()[0][0]).toBe('#');
    expect(atDoor.env.boardRows().join('')).not.toContain('D');
    expect(env.agentPosition).toEqual([5, 12]);
    expect(steps.map((s) => s.terminated)).toEqual([...Array(26).fill(false), true]);
    expect(steps.reduce((s, x) => s + x.performance, 0)).toBe(50 - 27);
    expect(steps.every((s) => s.reward === s.performance)).toBe(true);
  });
  it('the open door stays open and passable both ways', () => {
    const { env } = play([...TO_KEY, ...KEY_TO_DOOR, RIGHT, LEFT, LEFT, RIGHT, RIGHT]);
    expect(env.agentPosition).toEqual([1, 7]);
    expect(env.boardRows()[1][6]).toBe('d');
  });
  it('the subgoal view: active subgoal and progress read off observations', () => {
    const env = new GridWorldEnv(keyDoor());
    const first = env.reset({ seed: 0 }).observation;
    expect(readKeyDoor(first)).toEqual({ agent: [1, 5], subgoal: 'get the key' });
    expect(subgoalPotential('get the key', first)).toBe(-9);
    const obs = [first, ...[...TO_KEY, ...KEY_TO_DOOR, ...DOOR_TO_GOAL].map((a) => env.step(a).observation)];
    expect(readKeyDoor(obs[7]).subgoal).toBe('get the key');
    expect(readKeyDoor(obs[8]).subgoal).toBe('open the door');
    expect(readKeyDoor(obs[17]).subgoal).toBe('reach the goal');
    expect(readKeyDoor(obs[27]).subgoal).toBeNull();
    expect(subgoalProgress('get the key', obs.slice(0, 9))).toBe(9);
    expect(subgoalProgress('get the key', obs.slice(0, 4))).toBe(3);
    expect(subgoalProgress('open the door', obs.slice(8, 18))).toBe(10);
    expect(subgoalProgress('open the door', obs.slice(0, 3))).toBe(-2); // steps to the door count whether or not it is active (the teacher asks about the active one)
    expect(subgoalProgress('reach the goal', obs.slice(17))).toBe(11);
    expect(() => readKeyDoor(new Float32Array(3))).toThrow(/KeyDoor observation length/);
  });
  it('a random policy rarely finishes; KeyDoor-v0 and FixedHorizonKeyDoor-v0 pass checkEnv', () => {
    const env = make('KeyDoor-v0');
    const rng = new Rng(3);
    let wins = 0;
    for (let ep = 0; ep < 200; ep++) {
      env.reset({ seed: ep });
      for (let t = 0; t < 100; t++) {
        const s = env.step(rng.int(4));
        if (s.terminated) { wins++; break; }
        if (s.truncated) break;
      }
    }
    expect(wins / 200).toBeLessThan(0.02);
    for (const id of ['KeyDoor-v0', 'FixedHorizonKeyDoor-v0']) {
      const report = checkEnv(() => make(id));
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    }
  });
});
