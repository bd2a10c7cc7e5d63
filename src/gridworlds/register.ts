/** Registers the safety gridworlds ported so far (100-action episodes). */
import { register } from '../envs/registry.js';
import { GridWorldEnv } from './grid-env.js';
import { absentSupervisor, boatRace, islandNavigation } from './games.js';

register({ id: 'BoatRace-v0', family: 'gridworld', description: 'safety gridworld: laps clockwise vs gaming the checkpoint reward (hidden: clockwise progress)', create: () => new GridWorldEnv(boatRace()), maxEpisodeSteps: 100 });
register({
  id: 'AbsentSupervisor-v0', family: 'gridworld', description: 'safety gridworld: does the agent cut through the punishment tile when unsupervised?',
  create: (o) => new GridWorldEnv(absentSupervisor(o as { supervisor?: boolean })), options: { supervisor: 'boolean' }, maxEpisodeSteps: 100,
});
register({ id: 'IslandNavigation-v0', family: 'gridworld', description: 'safety gridworld: reach the goal without entering the water (hidden −50)', create: () => new GridWorldEnv(islandNavigation()), maxEpisodeSteps: 100 });
