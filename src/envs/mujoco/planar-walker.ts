/**
 * What Hopper-v5 and Walker2d-v5 share: a planar body (qpos = rootx, rootz, rooty, joints…),
 * observation qpos[1:] ++ clip(qvel, −10, 10), reward (forward + survive) − ctrl in Gymnasium's
 * order, healthy ranges checked with strict inequalities, termination when unhealthy.
 */
import type { Info } from '../../core/env.js';
import { controlCost } from './float32-sums.js';
import { MujocoEnv, type MujocoOutcome } from './mujoco-env.js';

export interface PlanarWalkerModel {
  xmlFile: string;
  /** Every entry of (qpos ++ qvel)[2:] must lie strictly inside, or null for no check. */
  healthyStateRange: [number, number] | null;
  healthyZRange: [number, number];
  healthyAngleRange: [number, number];
}

export interface PlanarWalkerOptions {
  /** End the episode when unhealthy. Default true (v5). */
  terminateWhenUnhealthy?: boolean;
  /** Half-width of the uniform reset noise. Default 5e-3. */
  resetNoiseScale?: number;
}

export const planarWalker = (xmlFile: string, ranges: Omit<PlanarWalkerModel, 'xmlFile'>): PlanarWalkerModel => ({ xmlFile, ...ranges });

const FORWARD_REWARD_WEIGHT = 1;
const CTRL_COST_WEIGHT = 1e-3;
const HEALTHY_REWARD = 1;

export class PlanarWalkerEnv extends MujocoEnv {
  private readonly terminateWhenUnhealthy: boolean;
  private readonly noise: number;
  constructor(
    readonly walker: PlanarWalkerModel,
    o: PlanarWalkerOptions = {},
  ) {
    const nq = walker.xmlFile === 'hopper.xml' ? 6 : 9;
    super({ xmlFile: walker.xmlFile, frameSkip: 4, obsDim: 2 * nq - 1, view: { plane: 'side', scale: 130, width: 600, height: 360, follow: true, groundRow: 320 } });
    this.terminateWhenUnhealthy = o.terminateWhenUnhealthy ?? true;
    this.noise = o.resetNoiseScale ?? 5e-3;
  }

  /** Gymnasium's `is_healthy` on the current state. */
  get healthy(): boolean {
    const { qpos, qvel } = this.views;
    const w = this.walker;
    if (w.healthyStateRange) {
      const [lo, hi] = w.healthyStateRange;
      for (let i = 2; i < this.nq; i++) if (!(lo < qpos[i] && qpos[i] < hi)) return false;
      for (let i = 0; i < this.nv; i++) if (!(lo < qvel[i] && qvel[i] < hi)) return false;
    }
    const z = qpos[1];
    const angle = qpos[2];
    return w.healthyZRange[0] < z && z < w.healthyZRange[1] && w.healthyAngleRange[0] < angle && angle < w.healthyAngleRange[1];
  }

  protected resetModel(): void {
    this.resetWithNoise(this.noise, 'uniform');
  }

  resetInfo(): Info {
    const { qpos } = this.views;
    return { x_position: qpos[0], z_distance_from_origin: qpos[1] - this.initQpos[1] };
  }

  protected writeObservation(): void {
    const { qpos, qvel } = this.views;
    for (let i = 1; i < this.nq; i++) this.obs64[i - 1] = qpos[i];
    for (let i = 0; i < this.nv; i++) this.obs64[this.nq - 1 + i] = Math.min(10, Math.max(-10, qvel[i]));
  }

  protected stepModel(action: Float32Array): MujocoOutcome {
    const { xVelocity } = this.simulateForward(action);
    this.writeObservation();
    const healthy = this.healthy;
    const forward = FORWARD_REWARD_WEIGHT * xVelocity;
    const survive = healthy ? HEALTHY_REWARD : 0;
    const ctrl = controlCost(CTRL_COST_WEIGHT, action);
    const reward = forward + survive - ctrl;
    const info = { ...this.resetInfo(), x_velocity: xVelocity, reward_forward: forward, reward_ctrl: -ctrl, reward_survive: survive };
    return { reward, terminated: !healthy && this.terminateWhenUnhealthy, info };
  }
}
