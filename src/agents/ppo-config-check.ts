/** Validation of PpoConfig: every bad value gets a ConfigError naming the field and the value. */
import { ConfigError, checkNumber, show } from '../core/errors.js';
import { ACTIVATIONS } from '../nn/activations.js';
import { MLP_INITS } from '../nn/mlp.js';
import type { PpoConfig } from './ppo.js';

export function checkPpoConfig(c: PpoConfig): PpoConfig {
  checkNumber('totalSteps', c.totalSteps, { min: 1, integer: true });
  checkNumber('seed', c.seed, { min: 0, integer: true });
  checkNumber('numEnvs', c.numEnvs, { min: 1, integer: true });
  checkNumber('numSteps', c.numSteps, { min: 1, integer: true });
  checkNumber('learningRate', c.learningRate, { min: 0, exclusiveMin: true });
  checkNumber('gamma', c.gamma, { min: 0, max: 1 });
  checkNumber('gaeLambda', c.gaeLambda, { min: 0, max: 1 });
  checkNumber('numMinibatches', c.numMinibatches, { min: 1, integer: true });
  checkNumber('updateEpochs', c.updateEpochs, { min: 1, integer: true });
  checkNumber('clipCoef', c.clipCoef, { min: 0, exclusiveMin: true });
  checkNumber('entCoef', c.entCoef, { min: 0 });
  checkNumber('vfCoef', c.vfCoef, { min: 0 });
  checkNumber('maxGradNorm', c.maxGradNorm, { min: 0, exclusiveMin: true });
  checkNumber('initLogStd', c.initLogStd);
  checkNumber('checkpointEvery', c.checkpointEvery, { min: 0, integer: true });
  const batch = c.numEnvs * c.numSteps;
  if (c.numMinibatches > batch / 2) {
    throw new ConfigError('numMinibatches', c.numMinibatches, `gives minibatches of fewer than 2 samples: the rollout batch is numEnvs × numSteps = ${batch}; use at most ${Math.floor(batch / 2)}`);
  }
  if (c.totalSteps < batch) throw new ConfigError('totalSteps', c.totalSteps, `must be at least one rollout batch (numEnvs × numSteps = ${batch})`);
  if (!Array.isArray(c.hidden) || c.hidden.some((h) => !Number.isInteger(h) || h <= 0)) throw new ConfigError('hidden', c.hidden, 'must be a list of positive integer layer widths, e.g. [64, 64]');
  if (!ACTIVATIONS.includes(c.activation)) throw new ConfigError('activation', c.activation, `is not a known activation; use one of ${ACTIVATIONS.map(show).join(', ')}`);
  if (!MLP_INITS.includes(c.init)) throw new ConfigError('init', c.init, `is not a known init; use one of ${MLP_INITS.map(show).join(', ')}`);
  for (const key of ['annealLr', 'normAdv', 'annealClip', 'clipVloss', 'normObs', 'normReward'] as const) {
    if (typeof c[key] !== 'boolean') throw new ConfigError(key, c[key], 'must be true or false');
  }
  if (c.updateThreads !== 1 && c.updateThreads !== 2) throw new ConfigError('updateThreads', c.updateThreads, 'must be 1 (updates in this thread) or 2 (the critic\'s half on a worker thread)');
  return c;
}
