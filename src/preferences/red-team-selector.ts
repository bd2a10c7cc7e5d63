/**
 * Red-team queries (Leike et al. 2018 §5.8, adversarial training): a red team searches for
 * behaviour the current reward model may be wrong about — segments that score high on the
 * learned reward plus β·ensemble disagreement — and those segments go to the user FIRST, before
 * the ordinary pool. Each red-team segment is compared with a segment of the ordinary candidate
 * pool (the behaviour the agent actually shows), on a random side, so an exploit the model
 * overrates is labelled against normal behaviour and the model learns it is worse.
 *
 * The selector is generic: the search lives behind `SegmentProposer` (on gridworlds, the exact
 * planner of src/analysis/exact/red-team-planner.ts over the known transition model, handed in by
 * the composition root). A round of `count` queries asks ⌈share·count⌉ red-team pairs (fewer when
 * the red team proposes fewer), then fills the rest from `inner` (disagreement by default) over
 * the ordinary candidates. Pairs nobody can tell apart are dropped, as every selector does.
 */
import { ConfigError, checkNumber } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { Fragment, FragmentPair } from '../core/types.js';
import { disagreementSelector, indistinguishable, type QuerySelector } from './query-selector.js';

/** Produces segments the red team thinks the current reward model gets wrong (it reads the model when asked). */
export interface SegmentProposer {
  propose(count: number, rng: Rng): Fragment[];
}

export interface RedTeamSelectorOptions {
  proposer: SegmentProposer;
  /** Chooses the rest of each round from the ordinary candidates. Default the disagreement selector. */
  inner?: QuerySelector;
  /** Share of each round's queries the red team makes, rounded up. Default 0.5. */
  share?: number;
}

/** Prefix of every red-team pair id (so stores, exports and reports can tell them apart). */
export const RED_TEAM_PREFIX = 'red-team:';

export function isRedTeamPair(pair: { id: string }): boolean {
  return pair.id.startsWith(RED_TEAM_PREFIX);
}

export function redTeamSelector(o: RedTeamSelectorOptions): QuerySelector {
  if (!o.proposer || typeof o.proposer.propose !== 'function') throw new ConfigError('proposer', o.proposer, 'must be a SegmentProposer (an object with propose(count, rng))');
  const share = checkNumber('share', o.share ?? 0.5, { min: 0, max: 1 });
  const inner = o.inner ?? disagreementSelector;
  return {
    name: 'red-team',
    select(candidates, count, rng, predict) {
      const want = Math.min(count, Math.ceil(share * count));
      const partners = candidates.filter((p) => !indistinguishable(p)).flatMap((p) => [p.left, p.right]);
      const red: FragmentPair[] = [];
      const ids = new Set<string>();
      if (want > 0 && partners.length > 0) {
        for (const segment of o.proposer.propose(want, rng)) {
          const partner = partners[rng.int(partners.length)];
          const [left, right] = rng.bernoulli(0.5) ? [segment, partner] : [partner, segment];
          const pair = { id: `${RED_TEAM_PREFIX}${left.id}|${right.id}`, left, right };
          if (ids.has(pair.id) || indistinguishable(pair)) continue;
          ids.add(pair.id);
          red.push(pair);
          if (red.length === want) break;
        }
      }
      const rest = count - red.length > 0 ? inner.select(candidates, count - red.length, rng, predict) : [];
      return [...red, ...rest];
    },
  };
}
