/**
 * Swimmer-v5 (gymnasium/envs/mujoco/swimmer_v5.py): a three-link swimmer in a viscous fluid.
 * Observation (8): qpos[2:] (body angle, two joints) ++ qvel. Reward reward_forward − ctrl_cost,
 * reward_forward = x velocity of qpos[0], ctrl_cost = 1e-4‖a‖² (float32). Never terminates.
 * dt = 4 × 0.01 s. Reset noise U(−0.1, 0.1) on qpos and qvel. Drawn from above (it swims in
 * the x–y plane).
 */
import type { Info } from '../../core/env.js';
import { controlCost } from './float32-sums.js';
import { MujocoEnv, type MujocoOutcome } from './mujoco-env.js';

export interface SwimmerOptions {
  /** Half-width of the uniform reset noise. Default 0.1. */
  resetNoiseScale?: number;
}

export class SwimmerEnv extends MujocoEnv {
  private readonly noise: number;
  constructor(o: SwimmerOptions = {}) {
    super({ xmlFile: 'swimmer.xml', frameSkip: 4, obsDim: 8, view: { plane: 'top', scale: 90, width: 500, height: 400, follow: true } });
    this.noise = o.resetNoiseScale ?? 0.1;
  }

  protected resetModel(): void {
    this.resetWithNoise(this.noise, 'uniform');
  }

  resetInfo(): Info {
    const { qpos } = this.views;
    return { x_position: qpos[0], y_position: qpos[1], distance_from_origin: Math.sqrt(qpos[0] * qpos[0] + qpos[1] * qpos[1]) };
  }

  protected writeObservation(): void {
    const { qpos, qvel } = this.views;
    for (let i = 2; i < this.nq; i++) this.obs64[i - 2] = qpos[i];
    for (let i = 0; i < this.nv; i++) this.obs64[this.nq - 2 + i] = qvel[i];
  }

  protected stepModel(action: Float32Array): MujocoOutcome {
    const q = this.views.qpos;
    const [x0, y0] = [q[0], q[1]];
    this.doSimulation(action);
    const q1 = this.views.qpos;
    const xVelocity = (q1[0] - x0) / this.dt;
    const yVelocity = (q1[1] - y0) / this.dt;
    this.writeObservation();
    const forward = 1 * xVelocity;
    const ctrl = controlCost(1e-4, action);
    return { reward: forward - ctrl, terminated: false, info: { ...this.resetInfo(), x_velocity: xVelocity, y_velocity: yVelocity, reward_forward: forward, reward_ctrl: -ctrl } };
  }
}
