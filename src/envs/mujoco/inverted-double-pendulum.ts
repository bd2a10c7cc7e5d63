/**
 * InvertedDoublePendulum-v5 (gymnasium/envs/mujoco/inverted_double_pendulum_v5.py): balance two
 * stacked poles on a cart. Observation (9): qpos[0] (cart), sin(qpos[1:3]), cos(qpos[1:3]),
 * clip(qvel, −10, 10), clip(qfrc_constraint, −10, 10)[0]. With (x, _, y) the tip site:
 * reward = reward_survive − dist − vel, reward_survive = 10 while not terminated,
 * dist = 0.01x² + (y − 2)² (`info.distance_penalty` = −dist), vel = 1e-3·qvel[1]² + 5e-3·qvel[2]²
 * (`info.velocity_penalty` = −vel). Terminates when y ≤ 1. dt = 5 × 0.01 s.
 * Reset noise: qpos + U(−0.1, 0.1), qvel + 0.1·N(0, 1).
 * The tip and the constraint force are read as mj_step leaves them (Gymnasium does the same).
 */
import type { Info } from '../../core/env.js';
import { MujocoEnv, type MujocoOutcome } from './mujoco-env.js';

export interface InvertedDoublePendulumOptions {
  /** Scale of the reset noise. Default 0.1. */
  resetNoiseScale?: number;
}

const clip10 = (v: number) => Math.min(10, Math.max(-10, v));

export class InvertedDoublePendulumEnv extends MujocoEnv {
  private readonly noise: number;
  constructor(o: InvertedDoublePendulumOptions = {}) {
    super({ xmlFile: 'inverted_double_pendulum.xml', frameSkip: 5, obsDim: 9, view: { plane: 'side', scale: 140, width: 600, height: 400, follow: false, groundRow: 360 } });
    this.noise = o.resetNoiseScale ?? 0.1;
  }

  protected resetModel(): void {
    this.resetWithNoise(this.noise, 'normal');
  }

  resetInfo(): Info {
    return {};
  }

  protected writeObservation(): void {
    const { qpos, qvel, qfrcConstraint } = this.views;
    const o = this.obs64;
    o[0] = qpos[0];
    o[1] = Math.sin(qpos[1]);
    o[2] = Math.sin(qpos[2]);
    o[3] = Math.cos(qpos[1]);
    o[4] = Math.cos(qpos[2]);
    for (let i = 0; i < 3; i++) o[5 + i] = clip10(qvel[i]);
    o[8] = clip10(qfrcConstraint[0]);
  }

  protected stepModel(action: Float32Array): MujocoOutcome {
    this.doSimulation(action);
    this.writeObservation();
    const { siteXpos, qvel } = this.views;
    const x = siteXpos[0];
    const y = siteXpos[2];
    const v1 = qvel[1];
    const v2 = qvel[2];
    const dist = 0.01 * (x * x) + (y - 2) * (y - 2);
    const vel = 1e-3 * (v1 * v1) + 5e-3 * (v2 * v2);
    const terminated = y <= 1;
    const alive = 10 * (terminated ? 0 : 1);
    return { reward: alive - dist - vel, terminated, info: { reward_survive: alive, distance_penalty: -dist, velocity_penalty: -vel } };
  }
}
