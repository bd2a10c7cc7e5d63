/**
 * A gridworld map enumerated exactly (src/analysis/exact) with its observations zero-padded to
 * `obsDim`, so a reward model trained on a variant with extra observation channels (the
 * fixed-horizon absorbing flag) can score its states. Shared by distributional-shift and calibration.
 */
import { ConfigError } from '../../core/errors.js';
import { make } from '../../envs/registry.js';
import { enumerateStates, type TabularMdp } from '../../analysis/exact/enumerate.js';

export function paddedMap(envId: string, level: number, obsDim: number, o: { complete?: boolean } = {}): TabularMdp {
  const mdp = enumerateStates(() => make(envId, { level }));
  if (o.complete && mdp.frontier > 0) throw new ConfigError('map', `${envId} level ${level}`, 'did not enumerate completely');
  if (mdp.observations[0].length === obsDim) return mdp;
  return { ...mdp, observations: mdp.observations.map((x) => Float32Array.from({ length: obsDim }, (_, j) => (j < x.length ? x[j] : 0))) };
}
