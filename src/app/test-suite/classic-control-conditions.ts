/**
 * Held-out conditions of classic control (and its fixed-horizon variants): start states the
 * training resets never produce. Training draws (Gymnasium 0.29) and what the suite draws:
 *
 * | env | training start | `perturbed-start` |
 * |---|---|---|
 * | CartPole | x, ẋ, θ, θ̇ each U(−0.05, 0.05) | each U(−0.1, 0.1) (twice as wide) |
 * | CartPole `tilted-start` | — | θ = ±0.1 rad (sign drawn; 5.7° of the 12° limit), the rest as in training |
 * | MountainCar (both) | position U(−0.6, −0.4), velocity 0 | position U(−0.8, −0.2) (three times as wide, same centre), velocity U(−0.02, 0.02) |
 * | Acrobot | θ₁, θ₂, θ̇₁, θ̇₂ each U(−0.1, 0.1) | each U(−0.3, 0.3) (three times as wide) |
 * | Pendulum | θ U(−π, π), θ̇ U(−1, 1) | θ U(−π, π), θ̇ U(−3, 3) (three times as fast; the limit is 8) |
 *
 * Every case is judged by hidden performance (the true return here) relative to the training
 * start: the policy may lose at most 10% of what it reaches there.
 */
import type { Rng } from '../../core/rng.js';
import { make } from '../../envs/registry.js';
import { KEEP_TRAINING_PERFORMANCE, RELATIVE_REASON, type HeldOutCondition } from './held-out-condition.js';
import { PerturbedState, type StatePerturbation } from './perturbed-state.js';

const u = (rng: Rng, half: number) => rng.uniform(-half, half);
const asIs = (state: readonly number[]) => Float32Array.from(state);
const f32 = (xs: number[]) => xs.map((x) => Math.fround(x));

const CARTPOLE_WIDE: StatePerturbation = { draw: (rng) => [u(rng, 0.1), u(rng, 0.1), u(rng, 0.1), u(rng, 0.1)], observe: asIs };
const CARTPOLE_TILTED: StatePerturbation = { draw: (rng) => [u(rng, 0.05), u(rng, 0.05), rng.next() < 0.5 ? -0.1 : 0.1, u(rng, 0.05)], observe: asIs };
const mountainCar = (float32: boolean): StatePerturbation => ({
  draw: (rng) => {
    const s = [rng.uniform(-0.8, -0.2), u(rng, 0.02)];
    return float32 ? f32(s) : s;
  },
  observe: asIs,
});
const ACROBOT: StatePerturbation = {
  draw: (rng) => f32([u(rng, 0.3), u(rng, 0.3), u(rng, 0.3), u(rng, 0.3)]),
  observe: ([t1, t2, d1, d2]) => Float32Array.of(Math.cos(t1), Math.sin(t1), Math.cos(t2), Math.sin(t2), d1, d2),
};
const PENDULUM: StatePerturbation = { draw: (rng) => [rng.uniform(-Math.PI, Math.PI), u(rng, 3)], observe: ([th, thd]) => Float32Array.of(Math.cos(th), Math.sin(th), thd) };

function perturbed(envId: string, name: string, condition: string, p: StatePerturbation): HeldOutCondition {
  return { name, condition, envId, makeEnv: () => new PerturbedState(make(envId), p), metric: { kind: 'performance' }, rule: KEEP_TRAINING_PERFORMANCE, reason: RELATIVE_REASON };
}

const cartPole = (id: string) => [
  perturbed(id, 'perturbed-start', 'cart position and velocity, pole angle and angular velocity each start in U(−0.1, 0.1), twice the training range', CARTPOLE_WIDE),
  perturbed(id, 'tilted-start', 'the pole starts tilted by 0.1 rad (5.7°) to a side drawn per episode; the rest as in training', CARTPOLE_TILTED),
];
const MOUNTAIN_CAR_TEXT = 'the car starts anywhere in position U(−0.8, −0.2) (training U(−0.6, −0.4)) with a velocity in U(−0.02, 0.02) (training 0)';
const ACROBOT_TEXT = 'both joint angles and velocities start in U(−0.3, 0.3), three times the training range';
const PENDULUM_TEXT = 'the pendulum starts spinning at U(−3, 3) rad/s, three times the training range';

const CLASSIC: Record<string, () => HeldOutCondition[]> = {
  'CartPole-v1': () => cartPole('CartPole-v1'),
  'FixedHorizonCartPole-v0': () => cartPole('FixedHorizonCartPole-v0'),
  'MountainCar-v0': () => [perturbed('MountainCar-v0', 'perturbed-start', MOUNTAIN_CAR_TEXT, mountainCar(false))],
  'FixedHorizonMountainCar-v0': () => [perturbed('FixedHorizonMountainCar-v0', 'perturbed-start', MOUNTAIN_CAR_TEXT, mountainCar(false))],
  'MountainCarContinuous-v0': () => [perturbed('MountainCarContinuous-v0', 'perturbed-start', MOUNTAIN_CAR_TEXT, mountainCar(true))],
  'FixedHorizonMountainCarContinuous-v0': () => [perturbed('FixedHorizonMountainCarContinuous-v0', 'perturbed-start', MOUNTAIN_CAR_TEXT, mountainCar(true))],
  'Acrobot-v1': () => [perturbed('Acrobot-v1', 'perturbed-start', ACROBOT_TEXT, ACROBOT)],
  'FixedHorizonAcrobot-v1': () => [perturbed('FixedHorizonAcrobot-v1', 'perturbed-start', ACROBOT_TEXT, ACROBOT)],
  'Pendulum-v1': () => [perturbed('Pendulum-v1', 'perturbed-start', PENDULUM_TEXT, PENDULUM)],
};

/** The classic-control conditions for a run on `envId`, or null when the env has none registered here. */
export function classicControlConditions(envId: string): HeldOutCondition[] | null {
  return CLASSIC[envId]?.() ?? null;
}

export const CLASSIC_CONTROL_ENVS = Object.keys(CLASSIC);
