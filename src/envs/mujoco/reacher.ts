/**
 * Reacher-v5 (gymnasium/envs/mujoco/reacher_v5.py): move a two-joint arm's fingertip to a
 * target. Observation (10): cos(qpos[0:2]), sin(qpos[0:2]), qpos[2:4] (target x, y), qvel[0:2],
 * (fingertip − target)[0:2]. Reward reward_dist + reward_ctrl, both after the step:
 * reward_dist = −‖fingertip − target‖ (3-D, body positions), reward_ctrl = −‖a‖² (float32).
 * Never terminates (the registry's TimeLimit truncates at 50). dt = 2 × 0.01 s.
 * Reset: qpos = qpos0 + U(−0.1, 0.1); the goal is drawn from U(−0.2, 0.2)² until its norm is
 * below 0.2 and written to qpos[2:4]; qvel = U(−0.005, 0.005), target velocity 0.
 */
import type { Info } from '../../core/env.js';
import { float32SquareSum } from './float32-sums.js';
import { MujocoEnv, type MujocoOutcome } from './mujoco-env.js';

/** Body ids in reacher.xml: world 0, body0 1, body1 2, fingertip 3, target 4. */
const FINGERTIP = 3;
const TARGET = 4;

export class ReacherEnv extends MujocoEnv {
  constructor() {
    super({ xmlFile: 'reacher.xml', frameSkip: 2, obsDim: 10, view: { plane: 'top', scale: 700, width: 500, height: 500, follow: false } });
  }

  /** The target position (x, y). */
  get goal(): [number, number] {
    const { qpos } = this.views;
    return [qpos[2], qpos[3]];
  }

  protected resetModel(): void {
    const qpos = Array.from(this.initQpos, (q) => this.rng.uniform(-0.1, 0.1) + q);
    let goal: [number, number];
    do goal = [this.rng.uniform(-0.2, 0.2), this.rng.uniform(-0.2, 0.2)];
    while (!(Math.sqrt(goal[0] * goal[0] + goal[1] * goal[1]) < 0.2));
    qpos[this.nq - 2] = goal[0];
    qpos[this.nq - 1] = goal[1];
    const qvel = Array.from({ length: this.nv }, () => this.rng.uniform(-0.005, 0.005));
    qvel[this.nv - 2] = 0;
    qvel[this.nv - 1] = 0;
    this.setPhysicsState(qpos, qvel);
  }

  resetInfo(): Info {
    return {};
  }

  protected writeObservation(): void {
    const { qpos, qvel, xpos } = this.views;
    const o = this.obs64;
    o[0] = Math.cos(qpos[0]);
    o[1] = Math.cos(qpos[1]);
    o[2] = Math.sin(qpos[0]);
    o[3] = Math.sin(qpos[1]);
    o[4] = qpos[2];
    o[5] = qpos[3];
    o[6] = qvel[0];
    o[7] = qvel[1];
    o[8] = xpos[3 * FINGERTIP] - xpos[3 * TARGET];
    o[9] = xpos[3 * FINGERTIP + 1] - xpos[3 * TARGET + 1];
  }

  protected stepModel(action: Float32Array): MujocoOutcome {
    this.doSimulation(action);
    this.writeObservation();
    const { xpos } = this.views;
    const d0 = xpos[3 * FINGERTIP] - xpos[3 * TARGET];
    const d1 = xpos[3 * FINGERTIP + 1] - xpos[3 * TARGET + 1];
    const d2 = xpos[3 * FINGERTIP + 2] - xpos[3 * TARGET + 2];
    const dist = -Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2) * 1;
    const ctrl = -float32SquareSum(action) * 1;
    return { reward: dist + ctrl, terminated: false, info: { reward_dist: dist, reward_ctrl: ctrl } };
  }
}
