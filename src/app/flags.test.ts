import { describe, expect, it } from 'vitest';
import { formatFlags, parseFlags, type FlagSpec } from './flags.js';

const specs: FlagSpec[] = [
  { name: 'env', type: 'string', required: true, help: 'env id' },
  { name: 'steps', type: 'int', default: 100, help: 'steps' },
  { name: 'lr', type: 'number', default: 0.001, help: 'learning rate' },
  { name: 'mode', type: 'string', choices: ['a', 'b'], default: 'a', help: 'mode' },
  { name: 'fast', type: 'boolean', default: false, help: 'go fast' },
];

describe('parseFlags', () => {
  it('parses values, defaults, booleans, = syntax and positionals', () => {
    const r = parseFlags(['RUN', '--env', 'CartPole-v1', '--steps=5', '--fast', '--lr', '1e-3'], specs);
    expect(r.positionals).toEqual(['RUN']);
    expect(r.values).toMatchObject({ env: 'CartPole-v1', steps: 5, lr: 0.001, mode: 'a', fast: true, json: false });
    expect(parseFlags(['--env', 'x', '--no-fast'], specs).values.fast).toBe(false);
  });
  it('names the flag and value on bad input', () => {
    expect(() => parseFlags(['--env', 'x', '--steps', '1.5'], specs)).toThrow(/--steps = "1.5": must be an integer/);
    expect(() => parseFlags(['--env', 'x', '--lr', 'fast'], specs)).toThrow(/--lr = "fast": must be a finite number/);
    expect(() => parseFlags(['--env', 'x', '--mode', 'c'], specs)).toThrow(/--mode = "c": must be one of a, b/);
    expect(() => parseFlags(['--env', 'x', '--nope'], specs)).toThrow(/flag = "--nope": is not a known flag/);
    expect(() => parseFlags([], specs)).toThrow(/--env = undefined: is required/);
    expect(() => parseFlags(['--env'], specs)).toThrow(/--env = undefined: needs a value/);
  });
  it('generates help from the same table', () => {
    const help = formatFlags(specs);
    expect(help).toContain('--steps <int>');
    expect(help).toContain('(default: 100)');
    expect(help).toContain('--mode <a|b>');
    expect(help).toContain('--json');
  });
});
