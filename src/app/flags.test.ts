import { describe, expect, it } from 'vitest';
import { LIMITS, formatFlags, parseFlags, type FlagSpec } from './flags.js';

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
  it('int flags take only exact (safe) integers and name the field and the value', () => {
    for (const raw of ['1e99', '99999999999999999999', '9007199254740993']) {
      expect(() => parseFlags(['--env', 'x', '--steps', raw], specs)).toThrow(new RegExp(`--steps = "${raw}": must be an integer of at most 9007199254740991 in magnitude`));
    }
    for (const raw of ['1.5', '', ' ', '0x10', 'Infinity', '12abc', '1e-1']) {
      expect(() => parseFlags(['--env', 'x', `--steps=${raw}`], specs)).toThrow(`--steps = ${JSON.stringify(raw)}: must be an integer`);
    }
    expect(parseFlags(['--env', 'x', '--steps', '2e5'], specs).values.steps).toBe(200_000);
    expect(parseFlags(['--env', 'x', '--steps', '-7'], specs).values.steps).toBe(-7);
    expect(() => parseFlags(['--env', 'x', '--lr', '0x1'], specs)).toThrow(/--lr = "0x1": must be a finite number/);
  });
  it('min/max bounds are checked and shown in the message and the help', () => {
    const bounded: FlagSpec[] = [
      { name: 'labels', type: 'int', default: 200, help: 'label budget', ...LIMITS.labels },
      { name: 'port', type: 'int', default: 0, help: 'port (0 = any free port)', ...LIMITS.anyPort },
      { name: 'redundancy', type: 'int', default: 1, help: 'labelers', min: 1 },
      { name: 'for-seconds', type: 'number', help: 'seconds', max: 60 },
    ];
    expect(parseFlags(['--labels', '2', '--port', '65535'], bounded).values).toMatchObject({ labels: 2, port: 65535 });
    expect(parseFlags(['--labels', '1000000'], bounded).values.labels).toBe(1_000_000);
    expect(() => parseFlags(['--labels', '1'], bounded)).toThrow(/--labels = "1": must be in 2\.\.1000000/);
    expect(() => parseFlags(['--labels', '1000001'], bounded)).toThrow(/--labels = "1000001": must be in 2\.\.1000000/);
    expect(() => parseFlags(['--labels', '1e99'], bounded)).toThrow(/--labels = "1e99": must be an integer in 2\.\.1000000/);
    expect(() => parseFlags(['--labels', '2.5'], bounded)).toThrow(/--labels = "2.5": must be an integer \(2\.\.1000000\)/);
    expect(() => parseFlags(['--port', '99999'], bounded)).toThrow(/--port = "99999": must be in 0\.\.65535/);
    expect(() => parseFlags(['--port', '-1'], bounded)).toThrow(/--port = "-1": must be in 0\.\.65535/);
    expect(() => parseFlags(['--redundancy', '0'], bounded)).toThrow(/--redundancy = "0": must be ≥ 1/);
    expect(() => parseFlags(['--for-seconds', '61'], bounded)).toThrow(/--for-seconds = "61": must be ≤ 60/);
    const help = formatFlags(bounded);
    expect(help).toContain('--labels <int 2..1000000>');
    expect(help).toContain('--redundancy <int ≥ 1>');
  });
  it('generates help from the same table', () => {
    const help = formatFlags(specs);
    expect(help).toContain('--steps <int>');
    expect(help).toContain('(default: 100)');
    expect(help).toContain('--mode <a|b>');
    expect(help).toContain('--json');
  });
});
