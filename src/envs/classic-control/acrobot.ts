/**
 * Acrobot-v1, exact to Gymnasium 0.29 (Sutton 1996, "book" dynamics). State: θ1, θ2, θ̇1, θ̇2.
 * Observation: [cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2] as float32. Actions: torque −1, 0, +1
 * on the joint between the links. Reward −1 per step, 0 on the step that reaches the goal
 * (tip above the bar: −cos θ1 − cos(θ1 + θ2) > 1). Reset: each variable ~ U(−0.1, 0.1),
 * stored as float32; steps integrate one RK4 step of dt = 0.2 in float64.
 */
import type { Info, StepResult } from '../../core/env.js';
import type { ShapeScene } from '../../core/scene.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete } from '../../core/spaces/discrete.js';
import { ClassicControlEnv } from './replayable.js';

const DT = 0.2;
const L1 = 1.0;
const M1 = 1.0;
const M2 = 1.0;
const LC1 = 0.5;
const LC2 = 0.5;
const I1 = 1.0;
const I2 = 1.0;
const G = 9.8;
const MAX_VEL_1 = 4 * Math.PI;
const MAX_VEL_2 = 9 * Math.PI;
const TORQUES = [-1.0, 0.0, 1.0];

type State5 = [number, number, number, number, number];

/** Equations of motion; the fifth component is the (constant) torque. */
function dsdt(s: State5): State5 {
  const [theta1, theta2, dtheta1, dtheta2, a] = s;
  const d1 = M1 * LC1 ** 2 + M2 * (L1 ** 2 + LC2 ** 2 + 2 * L1 * LC2 * Math.cos(theta2)) + I1 + I2;
  const d2 = M2 * (LC2 ** 2 + L1 * LC2 * Math.cos(theta2)) + I2;
  const phi2 = M2 * LC2 * G * Math.cos(theta1 + theta2 - Math.PI / 2.0);
  const phi1 =
    -M2 * L1 * LC2 * dtheta2 ** 2 * Math.sin(theta2) -
    2 * M2 * L1 * LC2 * dtheta2 * dtheta1 * Math.sin(theta2) +
    (M1 * LC1 + M2 * L1) * G * Math.cos(theta1 - Math.PI / 2) +
    phi2;
  const ddtheta2 = (a + (d2 / d1) * phi1 - M2 * L1 * LC2 * dtheta1 ** 2 * Math.sin(theta2) - phi2) / (M2 * LC2 ** 2 + I2 - d2 ** 2 / d1);
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  return [dtheta1, dtheta2, ddtheta1, ddtheta2, 0.0];
}

const axpy = (y: State5, h: number, k: State5): State5 => y.map((v, i) => v + h * k[i]) as State5;

/** One classical Runge–Kutta step over [0, DT], in Gymnasium's operation order. */
function rk4(y0: State5): State5 {
  const dt2 = DT / 2.0;
  const k1 = dsdt(y0);
  const k2 = dsdt(axpy(y0, dt2, k1));
  const k3 = dsdt(axpy(y0, dt2, k2));
  const k4 = dsdt(axpy(y0, DT, k3));
  return y0.map((v, i) => v + (DT / 6.0) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i])) as State5;
}

function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  while (x > M) x = x - diff;
  while (x < m) x = x + diff;
  return x;
}

const bound = (x: number, m: number, M: number) => Math.min(Math.max(x, m), M);

export class AcrobotEnv extends ClassicControlEnv<number> {
  readonly stateNames = ['theta1', 'theta2', 'dtheta1', 'dtheta2'] as const;
  readonly actionSpace = new Discrete(3);
  readonly observationSpace = new Box([-1, -1, -1, -1, -MAX_VEL_1, -MAX_VEL_2], [1, 1, 1, 1, MAX_VEL_1, MAX_VEL_2]);
  readonly metadata = { renderModes: ['scene'] as const, renderFps: 15 };


  private observe(): Float32Array {
    const [t1, t2, d1, d2] = this.state;
    return Float32Array.of(Math.cos(t1), Math.sin(t1), Math.cos(t2), Math.sin(t2), d1, d2);
  }

  private terminal(): boolean {
    const [t1, t2] = this.state;
    return -Math.cos(t1) - Math.cos(t2 + t1) > 1.0;
  }

  protected resetState(): { observation: Float32Array; info: Info } {
    this.state = [0, 1, 2, 3].map(() => Math.fround(this.rng.uniform(-0.1, 0.1)));
    return { observation: this.observe(), info: {} };
  }

  protected stepState(action: number): StepResult<Float32Array> {
    const [t1, t2, d1, d2] = this.state;
    const ns = rk4([t1, t2, d1, d2, TORQUES[action]]);
    this.state = [wrap(ns[0], -Math.PI, Math.PI), wrap(ns[1], -Math.PI, Math.PI), bound(ns[2], -MAX_VEL_1, MAX_VEL_1), bound(ns[3], -MAX_VEL_2, MAX_VEL_2)];
    const terminated = this.terminal();
    return { observation: this.observe(), reward: terminated ? 0.0 : -1.0, terminated, truncated: false, info: {} };
  }

  render(): ShapeScene {
    const [t1, t2] = this.state;
    const size = 500;
    const scale = size / 4.4;
    const c = size / 2;
    const x1 = c + scale * L1 * Math.sin(t1);
    const y1 = c + scale * L1 * Math.cos(t1);
    const x2 = x1 + scale * Math.sin(t1 + t2);
    const y2 = y1 + scale * Math.cos(t1 + t2);
    return {
      kind: 'shapes',
      width: size,
      height: size,
      background: '#ffffff',
      shapes: [
        { type: 'line', x1: 0, y1: c - scale, x2: size, y2: c - scale, stroke: '#000000' },
        { type: 'line', x1: c, y1: c, x2: x1, y2: y1, stroke: '#0080cc', width: 10 },
        { type: 'line', x1, y1, x2, y2, stroke: '#0080cc', width: 10 },
        { type: 'circle', x: c, y: c, r: 6, fill: '#cccc00' },
        { type: 'circle', x: x1, y: y1, r: 6, fill: '#cccc00' },
      ],
    };
  }
}
