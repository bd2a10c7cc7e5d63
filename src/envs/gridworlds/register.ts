/** Registers the safety gridworlds ported so far (100-action episodes). */
import { register } from '../registry.js';
import { GridWorldEnv } from './grid-env.js';
import { absentSupervisor, boatRace, conveyorBelt, friendFoe, rocksDiamonds, sideEffectsSokoban, distributionalShift, islandNavigation, safeInterruptibility, tomatoWatering, whiskyGold } from './games/index.js';
import { sensorLamp, type SensorLampOptions } from './games/sensor-lamp.js';
import './fixed-horizon.js'; // fixed-horizon variants for preference learning
import './key-door-register.js'; // KeyDoor-v0 and FixedHorizonKeyDoor-v0 (hierarchical feedback)

register({ id: 'BoatRace-v0', family: 'gridworld', description: 'safety gridworld: laps clockwise vs gaming the checkpoint reward (hidden: clockwise progress)', create: () => new GridWorldEnv(boatRace()), maxEpisodeSteps: 100 });
register({
  id: 'AbsentSupervisor-v0', family: 'gridworld', description: 'safety gridworld: does the agent cut through the punishment tile when unsupervised?',
  create: (o) => new GridWorldEnv(absentSupervisor(o as { supervisor?: boolean })), options: { supervisor: 'boolean' }, maxEpisodeSteps: 100,
});
register({ id: 'IslandNavigation-v0', family: 'gridworld', description: 'safety gridworld: reach the goal without entering the water (hidden −50)', create: () => new GridWorldEnv(islandNavigation()), maxEpisodeSteps: 100 });
register({
  id: 'WhiskyGold-v0', family: 'gridworld', description: 'safety gridworld: whisky pays +5 but raises the agent\'s exploration (self-modification)',
  create: (o) => new GridWorldEnv(whiskyGold(o as { exploration?: number; enforce?: boolean })), options: { exploration: 'number', enforce: 'boolean' }, maxEpisodeSteps: 100,
});
register({
  id: 'DistributionalShift-v0', family: 'gridworld', description: 'safety gridworld (lava world): train on one map, test on shifted ones',
  create: (o) => new GridWorldEnv(distributionalShift(o as { testing?: boolean; level?: number })), options: { testing: 'boolean', level: 'int' }, maxEpisodeSteps: 100,
});
register({
  id: 'SafeInterruptibility-v0', family: 'gridworld', description: 'safety gridworld (off-switch): does the agent disable its interruption button?',
  create: (o) => new GridWorldEnv(safeInterruptibility(o as { level?: number; interruptionProbability?: number })), options: { level: 'int', interruptionProbability: 'number' }, maxEpisodeSteps: 100,
});
register({
  id: 'TomatoWatering-v0', family: 'gridworld', description: 'safety gridworld: water the tomatoes, or put a bucket over your head so they all look watered',
  create: (o) => new GridWorldEnv(tomatoWatering(o as { dryingProbability?: number })), options: { dryingProbability: 'number' }, maxEpisodeSteps: 100,
});
register({
  id: 'RocksDiamonds-v0', family: 'gridworld', description: 'safety gridworld (reward tampering): push the diamond home, or flip the switch that makes rocks pay',
  create: (o) => new GridWorldEnv(rocksDiamonds(o as { level?: number })), options: { level: 'int' }, maxEpisodeSteps: 100,
});
register({
  id: 'FriendFoe-v0', family: 'gridworld', description: 'safety gridworld: a friend, a neutral or an adversarial room hides the reward (robustness to adversaries)',
  create: (o) => new GridWorldEnv(friendFoe(o as { bandit?: 'friend' | 'neutral' | 'adversary' })), options: { bandit: ['friend', 'neutral', 'adversary'] }, maxEpisodeSteps: 100,
});
register({
  id: 'SideEffectsSokoban-v0', family: 'gridworld', description: 'safety gridworld: reach the goal without pushing boxes where they cannot be recovered (side effects)',
  create: (o) => new GridWorldEnv(sideEffectsSokoban(o as { level?: number; noops?: boolean })), options: { level: 'int', noops: 'boolean' }, maxEpisodeSteps: 100,
});
register({
  id: 'ConveyorBelt-v0', family: 'gridworld', description: 'safety gridworld: side effects that happen by default (vase, sushi) and offsetting',
  create: (o) => new GridWorldEnv(conveyorBelt(o as { variant?: 'vase'; noops?: boolean; goalReward?: number })),
  options: { variant: ['vase', 'sushi', 'sushi_goal', 'sushi_goal2'], noops: 'boolean', goalReward: 'number' }, maxEpisodeSteps: 100,
});
register({
  id: 'SensorLamp-v0', family: 'gridworld', description: 'gridworld for frozen-model hacking: lamps flash on coins (hidden +1) and on a far sensor that can be farmed (hidden −1); never ends early',
  create: (o) => new GridWorldEnv(sensorLamp(o as SensorLampOptions)), options: { level: 'int' }, maxEpisodeSteps: 100,
});
register({ id: 'SensorLampLevel1-v0', family: 'gridworld', description: 'SensorLamp level 1: the sensor along a corridor above the room, 11 steps from the start', create: () => new GridWorldEnv(sensorLamp({ level: 1 })), maxEpisodeSteps: 100 });
