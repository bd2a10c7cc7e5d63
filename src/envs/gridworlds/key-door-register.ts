/** Registers KeyDoor-v0 (key, door, goal in the other room) and its fixed-horizon form for preference learning. */
import { register } from '../registry.js';
import { AbsorbTerminal } from '../../wrappers/absorb-terminal.js';
import { GridWorldEnv } from './grid-env.js';
import { keyDoor } from './games/key-door.js';

register({
  id: 'KeyDoor-v0', family: 'gridworld', description: 'two rooms: pick up the key, open the door, reach the goal (hidden −1 per step, +50 at the goal); subgoals for hierarchical feedback',
  create: () => new GridWorldEnv(keyDoor()), maxEpisodeSteps: 100,
});
register({
  id: 'FixedHorizonKeyDoor-v0', family: 'fixed-horizon', description: 'KeyDoor; always 100 steps (the goal is absorbing, reward 0)',
  create: () => new AbsorbTerminal(new GridWorldEnv(keyDoor()), 0), maxEpisodeSteps: 100,
});
