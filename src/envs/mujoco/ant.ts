/**
 * Ant-v5 (gymnasium/envs/mujoco/ant_v5.py): a four-legged body that should walk forward.
 * Observation (105): qpos[2:] (torso z, quaternion, 8 joints) ++ qvel (14) ++
 * clip(cfrc_ext[1:], −1, 1) flattened (13 bodies × 6; 0 right after reset, as mj_forward does not
 * compute it). Reward (reward_forward + reward_survive) − (ctrl_cost + contact_cost):
 * reward_forward = x velocity of the torso (body 1's xpos, as mj_step leaves it),
 * reward_survive = 1 while healthy, ctrl_cost = 0.5‖a‖² (float32, NumPy's pairwise order),
 * contact_cost = 5e-4·Σ clip(cfrc_ext, −1, 1)² over all 14 bodies (`info.reward_contact` = −it).
 * Healthy: the state is finite and 0.2 ≤ torso z ≤ 1 (inclusive); unhealthy terminates.
 * dt = 5 × 0.01 s. Reset noise: qpos + U(−0.1, 0.1), qvel + 0.1·N(0, 1).
 */
import type { Info } from '../../core/env.js';
import { controlCost, float64Sum } from './float32-sums.js';
import { MujocoEnv, type MujocoOutcome } from './mujoco-env.js';

export interface AntOptions {
  /** End the episode when unhealthy. Default true (v5). */
  terminateWhenUnhealthy?: boolean;
  /** Scale of the reset noise. Default 0.1. */
  resetNoiseScale?: number;
}

const CONTACT_COST_WEIGHT = 5e-4;

export class AntEnv extends MujocoEnv {
  private readonly noise: number;
  private readonly terminateWhenUnhealthy: boolean;
  private readonly squares: Float64Array;
  constructor(o: AntOptions = {}) {
    super({ xmlFile: 'ant.xml', frameSkip: 5, obsDim: 105, view: { plane: 'top', scale: 70, width: 500, height: 500, follow: true } });
    this.noise = o.resetNoiseScale ?? 0.1;
    this.terminateWhenUnhealthy = o.terminateWhenUnhealthy ?? true;
    this.squares = new Float64Array(this.model.nbody * 6);
  }

  /** Gymnasium's `is_healthy`: finite state and 0.2 ≤ z ≤ 1. */
  get healthy(): boolean {
    const { qpos, qvel } = this.views;
    for (let i = 0; i < this.nq; i++) if (!Number.isFinite(qpos[i])) return false;
    for (let i = 0; i < this.nv; i++) if (!Number.isFinite(qvel[i])) return false;
    return 0.2 <= qpos[2] && qpos[2] <= 1.0;
  }

  protected resetModel(): void {
    this.resetWithNoise(this.noise, 'normal');
  }

  resetInfo(): Info {
    const { qpos } = this.views;
    const dx = qpos[0] - this.initQpos[0];
    const dy = qpos[1] - this.initQpos[1];
    return { x_position: qpos[0], y_position: qpos[1], distance_from_origin: Math.sqrt(dx * dx + dy * dy) };
  }

  protected writeObservation(): void {
    const { qpos, qvel, cfrcExt } = this.views;
    const o = this.obs64;
    for (let i = 2; i < this.nq; i++) o[i - 2] = qpos[i];
    for (let i = 0; i < this.nv; i++) o[this.nq - 2 + i] = qvel[i];
    const base = this.nq - 2 + this.nv;
    for (let i = 6; i < cfrcExt.length; i++) o[base + i - 6] = Math.min(1, Math.max(-1, cfrcExt[i]));
  }

  protected stepModel(action: Float32Array): MujocoOutcome {
    const before = this.views.xpos;
    const [x0, y0] = [before[3], before[4]];
    this.doSimulation(action);
    const { xpos, cfrcExt } = this.views;
    const xVelocity = (xpos[3] - x0) / this.dt;
    const yVelocity = (xpos[4] - y0) / this.dt;
    this.writeObservation();
    for (let i = 0; i < cfrcExt.length; i++) {
      const c = Math.min(1, Math.max(-1, cfrcExt[i]));
      this.squares[i] = c * c;
    }
    const healthy = this.healthy;
    const forward = xVelocity * 1;
    const survive = healthy ? 1 : 0;
    const ctrl = controlCost(0.5, action);
    const contact = CONTACT_COST_WEIGHT * float64Sum(this.squares);
    const reward = forward + survive - (ctrl + contact);
    const info = { ...this.resetInfo(), x_velocity: xVelocity, y_velocity: yVelocity, reward_forward: forward, reward_ctrl: -ctrl, reward_contact: -contact, reward_survive: survive };
    return { reward, terminated: !healthy && this.terminateWhenUnhealthy, info };
  }
}
