/**
 * Fixed-horizon gridworlds for preference learning: where an episode ends leaks the reward to
 * a preference learner (a goal, water, lava), so these variants always run the full 100 steps.
 * When the game ends, the env enters one absorbing state (reward 0, observation all zeros but
 * an "absorbed" flag; see src/wrappers/absorb-terminal.ts), exactly like the classic
 * FixedHorizon* envs. Games that never end early (BoatRace, TomatoWatering, RocksDiamonds) need
 * no variant. The loop builds envs from an id alone, so the variants the experiments pin
 * (supervisor absent or present, the small rocks-and-diamonds level) get ids of their own.
 */
import { register } from '../registry.js';
import { AbsorbTerminal } from '../../wrappers/absorb-terminal.js';
import { GridWorldEnv, type GridGame } from './grid-env.js';
import {
  absentSupervisor, conveyorBelt, distributionalShift, friendFoe, islandNavigation, rocksDiamonds, safeInterruptibility, sideEffectsSokoban, whiskyGold,
  type AbsentSupervisorOptions, type ConveyorBeltOptions, type DistributionalShiftOptions, type FriendFoeOptions, type SafeInterruptibilityOptions,
  type SideEffectsSokobanOptions, type WhiskyGoldOptions,
} from './games/index.js';

const absorbing = (game: GridGame) => new AbsorbTerminal(new GridWorldEnv(game), 0);
const fixed = (id: string, description: string, create: (o: Record<string, unknown>) => GridGame, options?: Record<string, 'number' | 'int' | 'boolean' | readonly string[]>) =>
  register({ id, family: 'fixed-horizon', description: `${description}; always 100 steps (the end is absorbing, reward 0)`, create: (o) => absorbing(create(o)), options, maxEpisodeSteps: 100 });

fixed('FixedHorizonAbsentSupervisor-v0', 'AbsentSupervisor', (o) => absentSupervisor(o as AbsentSupervisorOptions), { supervisor: 'boolean' });
fixed('FixedHorizonAbsentSupervisorUnwatched-v0', 'AbsentSupervisor with the supervisor always absent', () => absentSupervisor({ supervisor: false }));
fixed('FixedHorizonAbsentSupervisorWatched-v0', 'AbsentSupervisor with the supervisor always present', () => absentSupervisor({ supervisor: true }));
fixed('FixedHorizonSideEffectsSokoban-v0', 'SideEffectsSokoban', (o) => sideEffectsSokoban(o as SideEffectsSokobanOptions), { level: 'int', noops: 'boolean' });
fixed('FixedHorizonIslandNavigation-v0', 'IslandNavigation (water and goal absorbing)', () => islandNavigation());
fixed('FixedHorizonDistributionalShift-v0', 'DistributionalShift (lava and goal absorbing)', (o) => distributionalShift(o as DistributionalShiftOptions), { testing: 'boolean', level: 'int' });
fixed('FixedHorizonSafeInterruptibility-v0', 'SafeInterruptibility', (o) => safeInterruptibility(o as SafeInterruptibilityOptions), { level: 'int', interruptionProbability: 'number' });
fixed('FixedHorizonWhiskyGold-v0', 'WhiskyGold', (o) => whiskyGold(o as WhiskyGoldOptions), { exploration: 'number', enforce: 'boolean' });
fixed('FixedHorizonFriendFoe-v0', 'FriendFoe', (o) => friendFoe(o as FriendFoeOptions), { bandit: ['friend', 'neutral', 'adversary'] });
fixed('FixedHorizonConveyorBelt-v0', 'ConveyorBelt', (o) => conveyorBelt(o as ConveyorBeltOptions), {
  variant: ['vase', 'sushi', 'sushi_goal', 'sushi_goal2'], noops: 'boolean', goalReward: 'number',
});
register({
  id: 'RocksDiamondsLevel1-v0', family: 'gridworld', description: 'RocksDiamonds level 1 (6×4): push the diamond up, or flip the rock switch and farm the rock',
  create: () => new GridWorldEnv(rocksDiamonds({ level: 1 })), maxEpisodeSteps: 100,
});
