/**
 * MountainCar-v0, exact to Gymnasium 0.29 (Moore 1990). State (float64): position, velocity.
 * Actions: 0 accelerate left, 1 coast, 2 accelerate right. Reward −1 per step; terminates
 * when position ≥ 0.5. Reset: position ~ U(−0.6, −0.4), velocity 0.
 */
import type { Info, StepResult } from '../../core/env.js';
import type { ShapeScene } from '../../core/scene.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete } from '../../core/spaces/discrete.js';
import { ClassicControlEnv } from './replayable.js';
import { MAX_POSITION, MAX_SPEED, MIN_POSITION, mountainScene } from './mountain-scene.js';

const GOAL_POSITION = 0.5;
const GOAL_VELOCITY = 0;
const FORCE = 0.001;
const GRAVITY = 0.0025;

export class MountainCarEnv extends ClassicControlEnv<number> {
  readonly stateNames = ['position', 'velocity'] as const;
  readonly actionSpace = new Discrete(3);
  readonly observationSpace = new Box([MIN_POSITION, -MAX_SPEED], [MAX_POSITION, MAX_SPEED]);
  readonly metadata = { renderModes: ['scene'] as const, renderFps: 30 };


  protected resetState(): { observation: Float32Array; info: Info } {
    this.state = [this.rng.uniform(-0.6, -0.4), 0];
    return { observation: Float32Array.from(this.state), info: {} };
  }

  protected stepState(action: number): StepResult<Float32Array> {
    let [position, velocity] = this.state;
    velocity += (action - 1) * FORCE + Math.cos(3 * position) * -GRAVITY;
    velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
    position += velocity;
    position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
    if (position === MIN_POSITION && velocity < 0) velocity = 0;
    const terminated = position >= GOAL_POSITION && velocity >= GOAL_VELOCITY;
    this.state = [position, velocity];
    return { observation: Float32Array.from(this.state), reward: -1.0, terminated, truncated: false, info: {} };
  }

  render(): ShapeScene {
    return mountainScene(this.state[0], GOAL_POSITION);
  }
}
