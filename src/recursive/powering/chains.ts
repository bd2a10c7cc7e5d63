/**
 * The sound contrast on the powering ladder: verification with pointers instead of re-computation.
 * A helper with fixed tables can show its work — the chain x = c_0 → c_1 → … → c_{2^k} = A_k(x),
 * each step claimed to be σ — built from its own tables (A_{k−1}'s chain for x, then for A_{k−1}(x),
 * ending at A_k(x)). A wrong answer always has a broken step (σ(c_i) ≠ c_{i+1}); a critic points at
 * one (an address, not a verdict) and the user confirms it with ONE σ look-up (pointer.ts). The
 * user then rejects only on evidence it checked itself: it can be misled by a critic that points
 * elsewhere, never into reporting a step that is fine.
 */
import type { Rng } from '../../core/rng.js';
import type { PointerAssistant } from '../pointer.js';

/** The chain behind A_k(x) for fixed tables (tables[j][x] = A_j(x)): 2^k + 1 elements. */
export function chainOf(tables: readonly (readonly number[])[], k: number, x: number): number[] {
  if (k === 0) return [x, tables[0][x]];
  const first = chainOf(tables, k - 1, x);
  const second = chainOf(tables, k - 1, tables[k - 1][x]);
  const chain = [...first, ...second.slice(1)];
  chain[chain.length - 1] = tables[k][x];
  return chain;
}

/** Indices i where the chain's step is not σ (measurement only: the hidden truth). */
export function brokenSteps(sigma: readonly number[], chain: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < chain.length; i++) if (sigma[chain[i]] !== chain[i + 1]) out.push(i);
  return out;
}

/**
 * A critic with per-answer error ε: it points at a broken step of the chain (a random one, if
 * any) with probability 1 − ε, otherwise at a uniformly random step (which may be fine). It
 * computes σ freely — it is an agent; only the user's checks are counted.
 */
export function chainCritic(sigma: readonly number[], epsilon: number, rng: Rng): PointerAssistant<readonly number[], number> {
  return (chain) => {
    const broken = brokenSteps(sigma, chain);
    if (broken.length && !rng.bernoulli(epsilon)) return [rng.choice(broken)];
    return [rng.int(chain.length - 1)];
  };
}
