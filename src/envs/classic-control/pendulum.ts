/**
 * Pendulum-v1, exact to Gymnasium 0.29. State (float64): theta (0 = upright), theta_dot.
 * Observation: [cos θ, sin θ, θ̇] as float32. Action: torque in [−2, 2] (float32).
 * Reward: −(normalize(θ)² + 0.1·θ̇² + 0.001·u²); never terminates (TimeLimit 200).
 * Reset: θ ~ U(−π, π), θ̇ ~ U(−1, 1).
 */
import type { Info, StepResult } from '../../core/env.js';
import type { ShapeScene } from '../../core/scene.js';
import { Box } from '../../core/spaces/box.js';
import { ClassicControlEnv } from './replayable.js';

export interface PendulumOptions {
  /** Gravitational acceleration. Default 10. */
  g?: number;
}

const MAX_SPEED = 8;
const MAX_TORQUE = 2.0;
const DT = 0.05;
const M = 1.0;
const L = 1.0;

/** Python's floored modulo: the result has the sign of the divisor (JS `%` truncates). */
function floorMod(a: number, n: number): number {
  const r = a % n;
  return r !== 0 && r < 0 !== n < 0 ? r + n : r;
}

export function angleNormalize(x: number): number {
  return floorMod(x + Math.PI, 2 * Math.PI) - Math.PI;
}

export class PendulumEnv extends ClassicControlEnv<Float32Array> {
  readonly stateNames = ['theta', 'theta_dot'] as const;
  readonly actionSpace = new Box(-MAX_TORQUE, MAX_TORQUE, [1]);
  readonly observationSpace = new Box([-1, -1, -MAX_SPEED], [1, 1, MAX_SPEED]);
  readonly metadata = { renderModes: ['scene'] as const, renderFps: 30 };
  private lastU: number | null = null;
  private readonly g: number;

  constructor(options: PendulumOptions = {}) {
    super();
    this.g = options.g ?? 10.0;
  }


  private observe(): Float32Array {
    const [theta, thetaDot] = this.state;
    return Float32Array.of(Math.cos(theta), Math.sin(theta), thetaDot);
  }

  protected resetState(): { observation: Float32Array; info: Info } {
    this.state = [this.rng.uniform(-Math.PI, Math.PI), this.rng.uniform(-1, 1)];
    this.lastU = null;
    return { observation: this.observe(), info: {} };
  }

  protected stepState(action: Float32Array): StepResult<Float32Array> {
    const [th, thdot] = this.state;
    const u = Math.min(Math.max(action[0], -MAX_TORQUE), MAX_TORQUE);
    this.lastU = u;
    const costs = angleNormalize(th) ** 2 + 0.1 * thdot ** 2 + 0.001 * u ** 2;
    let newThdot = thdot + (((3 * this.g) / (2 * L)) * Math.sin(th) + (3.0 / (M * L ** 2)) * u) * DT;
    newThdot = Math.min(Math.max(newThdot, -MAX_SPEED), MAX_SPEED);
    const newTh = th + newThdot * DT;
    this.state = [newTh, newThdot];
    return { observation: this.observe(), reward: -costs, terminated: false, truncated: false, info: {} };
  }

  render(): ShapeScene {
    const [theta] = this.state;
    const size = 400;
    const c = size / 2;
    const len = size * 0.4;
    const tipX = c + len * Math.sin(theta);
    const tipY = c - len * Math.cos(theta);
    const shapes: ShapeScene['shapes'] = [
      { type: 'line', x1: c, y1: c, x2: tipX, y2: tipY, stroke: '#cc4c4c', width: 16 },
      { type: 'circle', x: c, y: c, r: 6, fill: '#000000' },
    ];
    if (this.lastU !== null) shapes.push({ type: 'text', x: c, y: size - 16, text: `torque ${this.lastU.toFixed(2)}`, anchor: 'middle', size: 14 });
    return { kind: 'shapes', width: size, height: size, background: '#ffffff', shapes };
  }
}
