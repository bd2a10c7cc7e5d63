/**
 * MountainCarContinuous-v0, exact to Gymnasium 0.29. Action: force in [−1, 1] (float32).
 * Reward: −0.1·a² per step, +100 on reaching position ≥ 0.45. Like Gymnasium, the state is
 * stored as float32 after every step while each step computes in float64.
 */
import type { Info, StepResult } from '../../core/env.js';
import type { ShapeScene } from '../../core/scene.js';
import { Box } from '../../core/spaces/box.js';
import { ClassicControlEnv } from './replayable.js';
import { MAX_POSITION, MAX_SPEED, MIN_POSITION, mountainScene } from './mountain-scene.js';

const MIN_ACTION = -1.0;
const MAX_ACTION = 1.0;
const GOAL_POSITION = 0.45;
const GOAL_VELOCITY = 0;
const POWER = 0.0015;

export class MountainCarContinuousEnv extends ClassicControlEnv<Float32Array> {
  readonly stateNames = ['position', 'velocity'] as const;
  readonly actionSpace = new Box(MIN_ACTION, MAX_ACTION, [1]);
  readonly observationSpace = new Box([MIN_POSITION, -MAX_SPEED], [MAX_POSITION, MAX_SPEED]);
  readonly metadata = { renderModes: ['scene'] as const, renderFps: 30 };


  protected resetState(): { observation: Float32Array; info: Info } {
    this.state = [Math.fround(this.rng.uniform(-0.6, -0.4)), 0];
    return { observation: Float32Array.from(this.state), info: {} };
  }

  protected stepState(action: Float32Array): StepResult<Float32Array> {
    let [position, velocity] = this.state;
    const force = Math.min(Math.max(action[0], MIN_ACTION), MAX_ACTION);
    velocity += force * POWER - 0.0025 * Math.cos(3 * position);
    if (velocity > MAX_SPEED) velocity = MAX_SPEED;
    if (velocity < -MAX_SPEED) velocity = -MAX_SPEED;
    position += velocity;
    if (position > MAX_POSITION) position = MAX_POSITION;
    if (position < MIN_POSITION) position = MIN_POSITION;
    if (position === MIN_POSITION && velocity < 0) velocity = 0;
    const terminated = position >= GOAL_POSITION && velocity >= GOAL_VELOCITY;
    let reward = terminated ? 100.0 : 0;
    reward -= action[0] ** 2 * 0.1;
    this.state = [Math.fround(position), Math.fround(velocity)];
    return { observation: Float32Array.from(this.state), reward, terminated, truncated: false, info: {} };
  }

  render(): ShapeScene {
    return mountainScene(this.state[0], GOAL_POSITION);
  }
}
