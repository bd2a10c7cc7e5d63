/** Registers the navigation envs (ReQueST's continuous trap world). */
import { register } from '../registry.js';
import { TrapNavigationEnv } from './trap-navigation.js';

register({
  id: 'TrapNavigation-v0',
  family: 'other',
  description: 'ReQueST 2D navigation: reach the goal disc at (0.5, 0.5) around the trap at (0.25, 0.25) (r 0.15); hidden reward +1 goal / −10 trap; reset({options: {state}}) starts anywhere',
  create: () => new TrapNavigationEnv(),
  maxEpisodeSteps: 40,
});
