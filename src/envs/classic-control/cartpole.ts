/**
 * CartPole-v1, exact to Gymnasium 0.29 (Barto, Sutton & Anderson 1983).
 * State (float64): x, x_dot, theta, theta_dot; observation: the state as float32.
 * Action 0 pushes left, 1 pushes right. Reward +1 per step; the episode terminates when
 * |x| > 2.4 or |theta| > 12°. Reset draws each state variable from U(−0.05, 0.05).
 * FixedHorizonCartPole-v0 wraps this env in AbsorbTerminal (see classic-control/register.ts).
 */
import type { Info, StepResult } from '../../core/env.js';
import type { ShapeScene } from '../../core/scene.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete } from '../../core/spaces/discrete.js';
import { ClassicControlEnv } from './replayable.js';

const GRAVITY = 9.8;
const MASS_CART = 1.0;
const MASS_POLE = 0.1;
const TOTAL_MASS = MASS_POLE + MASS_CART;
const LENGTH = 0.5; // half the pole's length
const POLEMASS_LENGTH = MASS_POLE * LENGTH;
const FORCE_MAG = 10.0;
const TAU = 0.02;
export const THETA_THRESHOLD = (12 * 2 * Math.PI) / 360;
export const X_THRESHOLD = 2.4;

export class CartPoleEnv extends ClassicControlEnv<number> {
  readonly stateNames = ['x', 'x_dot', 'theta', 'theta_dot'] as const;
  readonly actionSpace = new Discrete(2);
  readonly observationSpace: Box;
  readonly metadata = { renderModes: ['scene'] as const, renderFps: 50 };
  private stepsBeyondTerminated: number | null = null;

  constructor() {
    super();
    const high = [X_THRESHOLD * 2, Infinity, THETA_THRESHOLD * 2, Infinity];
    this.observationSpace = new Box(high.map((v) => -v), high);
  }


  protected resetState(): { observation: Float32Array; info: Info } {
    this.state = [0, 1, 2, 3].map(() => this.rng.uniform(-0.05, 0.05));
    this.stepsBeyondTerminated = null;
    return { observation: Float32Array.from(this.state), info: {} };
  }

  private upright(): boolean {
    const [x, , theta] = this.state;
    return !(x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD);
  }

  protected stepState(action: number): StepResult<Float32Array> {
    let [x, xDot, theta, thetaDot] = this.state;
    const force = action === 1 ? FORCE_MAG : -FORCE_MAG;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    // Same operation order as Gymnasium, so float64 results match bit for bit.
    const temp = (force + POLEMASS_LENGTH * thetaDot ** 2 * sin) / TOTAL_MASS;
    const thetaAcc = (GRAVITY * sin - cos * temp) / (LENGTH * (4.0 / 3.0 - (MASS_POLE * cos ** 2) / TOTAL_MASS));
    const xAcc = temp - (POLEMASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
    x = x + TAU * xDot;
    xDot = xDot + TAU * xAcc;
    theta = theta + TAU * thetaDot;
    thetaDot = thetaDot + TAU * thetaAcc;
    this.state = [x, xDot, theta, thetaDot];
    const upright = this.upright();
    const observation = Float32Array.from(this.state);
    let reward = 1.0;
    if (!upright) {
      if (this.stepsBeyondTerminated === null) this.stepsBeyondTerminated = 0;
      else reward = 0.0;
    }
    return { observation, reward, terminated: !upright, truncated: false, info: {} };
  }

  render(): ShapeScene {
    const [x, , theta] = this.state;
    const width = 600;
    const scale = width / (X_THRESHOLD * 2);
    const cartY = 250;
    const cx = x * scale + width / 2;
    const poleLen = scale * 2 * LENGTH;
    return {
      kind: 'shapes',
      width,
      height: 400,
      background: '#ffffff',
      shapes: [
        { type: 'line', x1: 0, y1: cartY + 15, x2: width, y2: cartY + 15, stroke: '#000000' },
        { type: 'rect', x: cx - 25, y: cartY - 15, w: 50, h: 30, fill: '#000000' },
        { type: 'line', x1: cx, y1: cartY - 5, x2: cx + poleLen * Math.sin(theta), y2: cartY - 5 - poleLen * Math.cos(theta), stroke: '#ca9865', width: 10 },
        { type: 'circle', x: cx, y: cartY - 5, r: 5, fill: '#8184cb' },
      ],
    };
  }
}
