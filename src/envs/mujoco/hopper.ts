/**
 * Hopper-v5 (gymnasium/envs/mujoco/hopper_v5.py): a one-legged planar hopper. Observation (11):
 * qpos[1:] (rootz, rooty, thigh, leg, foot) ++ clip(qvel, −10, 10). Reward
 * (reward_forward + reward_survive) − ctrl_cost with reward_forward = x velocity of the root,
 * reward_survive = 1 while healthy, ctrl_cost = 1e-3‖a‖² (float32, as NumPy ≥ 2 computes it).
 * Healthy (all strict): every entry of (qpos ++ qvel)[2:] in (−100, 100), z = qpos[1] > 0.7,
 * angle = qpos[2] in (−0.2, 0.2); unhealthy terminates. dt = 4 × 0.002 s.
 * Reset noise U(−5e-3, 5e-3) on qpos and qvel.
 */
import { planarWalker, PlanarWalkerEnv, type PlanarWalkerOptions } from './planar-walker.js';

export class HopperEnv extends PlanarWalkerEnv {
  constructor(o: PlanarWalkerOptions = {}) {
    super(planarWalker('hopper.xml', { healthyStateRange: [-100, 100], healthyZRange: [0.7, Infinity], healthyAngleRange: [-0.2, 0.2] }), o);
  }
}
