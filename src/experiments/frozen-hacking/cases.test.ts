import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { frozenHackingConfig } from './frozen-hacking.js';

describe('frozen-hacking cases', () => {
  it('early-policy: every label of the frozen model comes from random-policy clips; the online loop asks most while the agent trains', () => {
    const cfg = frozenHackingConfig({ quick: false, values: { case: 'early-policy' } });
    expect(cfg.loop.initialShare).toBe(1);
    expect(cfg.onlineLoop?.initialShare).toBe(0.25);
    expect(frozenHackingConfig({ quick: false, values: {} }).onlineLoop).toBeUndefined();
  });
  it('rejects an unknown case, naming the flag', () => {
    expect(() => frozenHackingConfig({ quick: true, values: { case: 'nope' } })).toThrow(ConfigError);
    expect(() => frozenHackingConfig({ quick: true, values: { case: 'nope' } })).toThrow(/--case/);
  });
});

describe('frozen-hacking case sensor-lamp', () => {
  it('runs the early-policy settings on the gridworld built for it; --env picks its level-1 map', () => {
    const cfg = frozenHackingConfig({ quick: false, values: { case: 'sensor-lamp' } });
    expect(cfg.envId).toBe('SensorLamp-v0');
    expect(cfg.loop.initialShare).toBe(1);
    expect(cfg.onlineLoop?.initialShare).toBe(0.25);
    expect(frozenHackingConfig({ quick: false, values: { case: 'sensor-lamp', env: 'SensorLampLevel1-v0' } }).envId).toBe('SensorLampLevel1-v0');
    expect(frozenHackingConfig({ quick: false, values: { case: 'early-policy' } }).envId).toBe('BoatRace-v0');
  });
});

describe('frozen-hacking case overshoot', () => {
  it('runs the early-policy settings with standardised inputs on the point mass built for it; the online loop asks evenly over training', () => {
    const cfg = frozenHackingConfig({ quick: false, values: { case: 'overshoot' } });
    expect(cfg.envId).toBe('Overshoot-v0');
    expect(cfg.loop.initialShare).toBe(1);
    expect(cfg.loop.rewardModel?.inputTransform).toBe('standardize');
    expect(cfg.onlineLoop).toMatchObject({ initialShare: 0.25, scheduleDecay: 4, rewardModel: { inputTransform: 'standardize' } });
    expect(cfg.labels).toBe(100);
    expect(cfg.longSteps).toBe(100_000);
    expect(frozenHackingConfig({ quick: false, values: { case: 'overshoot', env: 'OvershootPlane-v0' } }).envId).toBe('OvershootPlane-v0');
  });
});
