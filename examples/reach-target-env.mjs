/**
 * ReachTarget-v0, an env of your own, registered when this module is imported (no library edits;
 * plain Node, no TypeScript). Train on it from your code (examples/custom-env.mjs) or from the
 * command line:  npx rewardlab train --env ReachTarget-v0 --env-module ./reach-target-env.mjs
 *
 * A point on the line [−1, 1] must move to a target drawn at reset and stay there.
 * Observation Box [position, target]; actions Discrete(3): left, stay, right (`speed` per step).
 * Reward per step: −|position − target|. The episode never terminates: it always lasts 30 steps
 * (the registered limit), so — like the FixedHorizon envs — its length says nothing about the
 * reward. The reward is the hidden evaluation signal: the loop hides it from the agent (which
 * learns a reward model from preferences between clips) and only the synthetic teacher, which
 * compares clips by it, and the evaluation (`trueReturn`) ever see it.
 */
import { Box, Discrete } from 'rewardlab';
import { BaseEnv, register } from 'rewardlab/envs';

class ReachTargetEnv extends BaseEnv {
  observationSpace = new Box([-1, -1], [1, 1]);
  actionSpace = new Discrete(3);
  metadata = { renderModes: ['scene'], renderFps: 10 };
  position = 0;
  target = 0;

  constructor(speed = 0.1) {
    super();
    this.speed = speed;
  }

  // BaseEnv seeds this.rng on reset({ seed }) and checks every action before stepState sees it.
  resetState() {
    this.position = this.rng.uniform(-1, 1);
    this.target = this.rng.uniform(-0.8, 0.8);
    return { observation: this.observe(), info: {} };
  }

  stepState(action) {
    this.position = Math.min(1, Math.max(-1, this.position + (action - 1) * this.speed));
    const distance = Math.abs(this.position - this.target);
    return { observation: this.observe(), reward: -distance, terminated: false, truncated: false, info: { distance } };
  }

  observe() {
    return Float32Array.of(this.position, this.target);
  }

  render() {
    const x = (v) => 10 + (v + 1) * 90;
    return {
      kind: 'shapes', width: 200, height: 30, shapes: [
        { type: 'line', x1: 10, y1: 15, x2: 190, y2: 15, stroke: '#999' },
        { type: 'rect', x: x(this.target) - 3, y: 5, w: 6, h: 20, fill: '#2a2' },
        { type: 'circle', x: x(this.position), y: 15, r: 6, fill: '#25c' },
      ],
    };
  }
}

register({
  id: 'ReachTarget-v0',
  family: 'other',
  description: 'move a point on a line to a target drawn at reset; −|position − target| per step',
  create: (options) => new ReachTargetEnv(options.speed),
  options: { speed: 'number' },
  maxEpisodeSteps: 30,
});
