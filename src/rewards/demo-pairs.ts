/**
 * Demonstrations as preferences (Ibarz et al. 2018): every demonstration segment is preferred
 * to an agent segment it is paired with. Pairs are drawn at random from the two pools (each
 * demonstration segment in turn, against a random agent segment), so the trainer sees demo ≻ agent
 * labels without a single question asked. Label: target 1 (left = demonstration).
 */
import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { TransitionBatch } from './reward-model.js';
import type { LabeledPair } from './reward-trainer.js';

export interface NamedSegment {
  id: string;
  segment: TransitionBatch;
}

export interface DemoPairsOptions {
  /** Pairs to make. Default: one per demonstration segment. */
  count?: number;
}

export function demoPreferencePairs(demos: readonly NamedSegment[], agent: readonly NamedSegment[], rng: Rng, options: DemoPairsOptions = {}): LabeledPair[] {
  if (demos.length === 0) throw new ConfigError('demonstration segments', 0, 'need at least one');
  if (agent.length === 0) throw new ConfigError('agent segments', 0, 'need at least one to compare demonstrations against');
  const count = options.count ?? demos.length;
  if (!Number.isInteger(count) || count < 1) throw new ConfigError('demo pairs count', count, 'must be a positive integer');
  return Array.from({ length: count }, (_, i) => {
    const d = demos[i % demos.length];
    const a = agent[rng.int(agent.length)];
    return { id: `demo/${d.id}|${a.id}`, left: d.segment, right: a.segment, target: 1, heldOut: false };
  });
}
