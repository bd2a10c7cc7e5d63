/**
 * HalfCheetah-v5 (gymnasium/envs/mujoco/half_cheetah_v5.py): a planar cheetah that should run
 * forward. Observation (17): qpos[1:] ++ qvel (not clipped). Reward reward_forward − ctrl_cost,
 * reward_forward = x velocity of the root, ctrl_cost = 0.1‖a‖² (float32). Never terminates.
 * dt = 5 × 0.01 s. Reset noise: qpos + U(−0.1, 0.1), qvel + 0.1·N(0, 1).
 */
import type { Info } from '../../core/env.js';
import { controlCost } from './float32-sums.js';
import { MujocoEnv, type MujocoOutcome } from './mujoco-env.js';

export interface HalfCheetahOptions {
  /** Scale of the reset noise. Default 0.1. */
  resetNoiseScale?: number;
}

export class HalfCheetahEnv extends MujocoEnv {
  private readonly noise: number;
  constructor(o: HalfCheetahOptions = {}) {
    super({ xmlFile: 'half_cheetah.xml', frameSkip: 5, obsDim: 17, view: { plane: 'side', scale: 110, width: 600, height: 300, follow: true, groundRow: 250 } });
    this.noise = o.resetNoiseScale ?? 0.1;
  }

  protected resetModel(): void {
    this.resetWithNoise(this.noise, 'normal');
  }

  resetInfo(): Info {
    return { x_position: this.views.qpos[0] };
  }

  protected writeObservation(): void {
    const { qpos, qvel } = this.views;
    for (let i = 1; i < this.nq; i++) this.obs64[i - 1] = qpos[i];
    for (let i = 0; i < this.nv; i++) this.obs64[this.nq - 1 + i] = qvel[i];
  }

  protected stepModel(action: Float32Array): MujocoOutcome {
    const { xAfter, xVelocity } = this.simulateForward(action);
    this.writeObservation();
    const forward = 1 * xVelocity;
    const ctrl = controlCost(0.1, action);
    return { reward: forward - ctrl, terminated: false, info: { x_position: xAfter, x_velocity: xVelocity, reward_forward: forward, reward_ctrl: -ctrl } };
  }
}
