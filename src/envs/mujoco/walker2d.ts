/**
 * Walker2d-v5 (gymnasium/envs/mujoco/walker2d_v5.py): a two-legged planar walker. Observation
 * (17): qpos[1:] ++ clip(qvel, −10, 10). Reward (reward_forward + reward_survive) − ctrl_cost,
 * as Hopper. Healthy (strict): z = qpos[1] in (0.8, 2), angle = qpos[2] in (−1, 1); unhealthy
 * terminates. dt = 4 × 0.002 s. Reset noise U(−5e-3, 5e-3) on qpos and qvel.
 */
import { planarWalker, PlanarWalkerEnv, type PlanarWalkerOptions } from './planar-walker.js';

export class Walker2dEnv extends PlanarWalkerEnv {
  constructor(o: PlanarWalkerOptions = {}) {
    super(planarWalker('walker2d_v5.xml', { healthyStateRange: null, healthyZRange: [0.8, 2], healthyAngleRange: [-1, 1] }), o);
  }
}
