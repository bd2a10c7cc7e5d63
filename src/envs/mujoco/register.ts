/**
 * Registers the eight Gymnasium MuJoCo v5 tasks (default constructor arguments, Gymnasium's
 * max_episode_steps) and their fixed-horizon variants. Registration is synchronous and loads
 * nothing; each spec's `prepare` loads the WASM module, which `create` needs (see runtime.ts):
 * `await prepareEnv(id)` (or `await loadMujoco()`) once before `make(id)`.
 */
import type { AnyEnv } from '../../core/env.js';
import { AbsorbTerminal } from '../../wrappers/absorb-terminal.js';
import { register } from '../registry.js';
import { AntEnv } from './ant.js';
import { HalfCheetahEnv } from './half-cheetah.js';
import { HopperEnv } from './hopper.js';
import { InvertedDoublePendulumEnv } from './inverted-double-pendulum.js';
import { InvertedPendulumEnv } from './inverted-pendulum.js';
import { ReacherEnv } from './reacher.js';
import { loadMujoco } from './runtime.js';
import { SwimmerEnv } from './swimmer.js';
import { Walker2dEnv } from './walker2d.js';

interface Task {
  id: string;
  description: string;
  create: () => AnyEnv;
  maxEpisodeSteps: number;
  /** Gymnasium's reward_threshold, where it has one. */
  rewardThreshold?: number;
  /** Whether the task terminates (then it gets a FixedHorizon variant). */
  terminates: boolean;
}

const tasks: Task[] = [
  { id: 'InvertedPendulum-v5', description: 'MuJoCo: balance a pole on a cart; +1 per step while |angle| ≤ 0.2', create: () => new InvertedPendulumEnv(), maxEpisodeSteps: 1000, rewardThreshold: 950, terminates: true },
  { id: 'InvertedDoublePendulum-v5', description: 'MuJoCo: balance two stacked poles on a cart; 10 − distance and velocity penalties, ends when the tip drops below 1 m', create: () => new InvertedDoublePendulumEnv(), maxEpisodeSteps: 1000, rewardThreshold: 9100, terminates: true },
  { id: 'Hopper-v5', description: 'MuJoCo: a one-legged planar hopper; forward velocity + 1 while healthy − 1e-3‖a‖², ends when it falls', create: () => new HopperEnv(), maxEpisodeSteps: 1000, rewardThreshold: 3800, terminates: true },
  { id: 'Walker2d-v5', description: 'MuJoCo: a two-legged planar walker; forward velocity + 1 while healthy − 1e-3‖a‖², ends when it falls', create: () => new Walker2dEnv(), maxEpisodeSteps: 1000, terminates: true },
  { id: 'HalfCheetah-v5', description: 'MuJoCo: a planar cheetah; forward velocity − 0.1‖a‖², never ends early', create: () => new HalfCheetahEnv(), maxEpisodeSteps: 1000, rewardThreshold: 4800, terminates: false },
  { id: 'Swimmer-v5', description: 'MuJoCo: a three-link swimmer in viscous fluid; forward velocity − 1e-4‖a‖²', create: () => new SwimmerEnv(), maxEpisodeSteps: 1000, rewardThreshold: 360, terminates: false },
  { id: 'Ant-v5', description: 'MuJoCo: a quadruped; forward velocity + 1 while healthy − 0.5‖a‖² − contact cost, ends when the torso leaves z ∈ [0.2, 1]', create: () => new AntEnv(), maxEpisodeSteps: 1000, rewardThreshold: 6000, terminates: true },
  { id: 'Reacher-v5', description: 'MuJoCo: move a two-joint arm to a random target; −distance − ‖a‖², 50 steps', create: () => new ReacherEnv(), maxEpisodeSteps: 50, rewardThreshold: -3.75, terminates: false },
];

for (const t of tasks) {
  register({ id: t.id, family: 'mujoco', description: t.description, create: t.create, maxEpisodeSteps: t.maxEpisodeSteps, rewardThreshold: t.rewardThreshold, prepare: loadMujoco });
}

// Fixed-horizon variants (as for classic control): every episode lasts maxEpisodeSteps; when the
// task ends (the hopper falls, the pole drops) the env enters ONE absorbing state with reward 0
// and an "absorbed" flag appended to the observation, so episode length leaks nothing.
// The hidden reward is the v5 reward while the task runs and 0 afterwards.
for (const t of tasks.filter((task) => task.terminates)) {
  const name = t.id.replace(/-v5$/, '');
  register({
    id: `FixedHorizon${name}-v5`,
    family: 'fixed-horizon',
    description: `${name}-v5 that always runs ${t.maxEpisodeSteps} steps; ending the task (falling) enters an absorbing state with reward 0`,
    create: () => new AbsorbTerminal(t.create() as never, 0),
    maxEpisodeSteps: t.maxEpisodeSteps,
    prepare: loadMujoco,
  });
}
