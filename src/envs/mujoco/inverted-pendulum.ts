/**
 * InvertedPendulum-v5 (gymnasium/envs/mujoco/inverted_pendulum_v5.py): keep a pole upright on a
 * cart by pushing the cart. Observation (4): qpos (slider, hinge) ++ qvel. Reward 1 per step
 * while |hinge| ≤ 0.2 and the observation is finite (`info.reward_survive`), 0 on the step that
 * terminates. dt = 2 × 0.02 s. Reset noise U(−0.01, 0.01) on qpos and qvel.
 */
import type { Info } from '../../core/env.js';
import { MujocoEnv, type MujocoOutcome } from './mujoco-env.js';

export interface InvertedPendulumOptions {
  /** Half-width of the uniform reset noise. Default 0.01. */
  resetNoiseScale?: number;
}

export class InvertedPendulumEnv extends MujocoEnv {
  private readonly noise: number;
  constructor(o: InvertedPendulumOptions = {}) {
    super({ xmlFile: 'inverted_pendulum.xml', frameSkip: 2, obsDim: 4, view: { plane: 'side', scale: 220, width: 600, height: 400, follow: false, groundRow: 260 } });
    this.noise = o.resetNoiseScale ?? 0.01;
  }

  protected resetModel(): void {
    this.resetWithNoise(this.noise, 'uniform');
  }

  resetInfo(): Info {
    return {};
  }

  protected writeObservation(): void {
    const { qpos, qvel } = this.views;
    this.obs64[0] = qpos[0];
    this.obs64[1] = qpos[1];
    this.obs64[2] = qvel[0];
    this.obs64[3] = qvel[1];
  }

  protected stepModel(action: Float32Array): MujocoOutcome {
    this.doSimulation(action);
    this.writeObservation();
    const o = this.obs64;
    const terminated = !(Number.isFinite(o[0]) && Number.isFinite(o[1]) && Number.isFinite(o[2]) && Number.isFinite(o[3])) || Math.abs(o[1]) > 0.2;
    const reward = terminated ? 0 : 1;
    return { reward, terminated, info: { reward_survive: reward } };
  }
}
