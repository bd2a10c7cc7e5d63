/**
 * Finite discrete-time Markov chains (DTMCs) and their exact analysis, the way a probabilistic
 * model checker (PRISM, Storm) answers `P=? [F "unsafe"]` and expected-steps queries:
 *
 * 1. graph precomputation — the states that cannot reach the target have probability exactly 0
 *    (PRISM's Prob0: backward search from the target), the states that cannot avoid it forever have
 *    probability exactly 1 (Prob1: backward search from the Prob0 states, not through the target);
 * 2. one linear system on the rest (markov-chain-solve.ts: Gaussian elimination per strongly
 *    connected component, or Gauss–Seidel to a tolerance for components above a size cap).
 *
 * Absorption: a state with an empty row has ended (an absorbing "deadlock" state; PRISM
 * completes such states with a self-loop, and prism-export.ts writes them so). A state that
 * merely loops on itself forever has not ended: the chain keeps taking steps there. "Before absorption" quantities — expected steps,
 * expected visits to a label — are finite only from states absorbed with probability 1; from the
 * others expected steps are Infinity and expected visits NaN (not defined by this checker).
 */
import { ConfigError } from '../../core/errors.js';
import { solveLinear, type ChainTransition, type SolveInfo, type SolveOptions } from './markov-chain-solve.js';

export type { ChainTransition, SolveInfo, SolveMethod, SolveOptions } from './markov-chain-solve.js';

export interface MarkovChain {
  /** rows[s]: the successors of s with their probabilities (distinct targets, summing to 1); empty = absorbing (the run has ended). */
  rows: ChainTransition[][];
  /** The initial state. */
  initial: number;
  /** Named sets of states (indices), e.g. { unsafe: [...], goal: [...] }. "init" and "deadlock" are derived, not given. */
  labels: Record<string, number[]>;
  /** What each state stands for (PRISM's .sta): variable names and one integer tuple per state. Default: one variable `s`, the index. */
  variables?: { names: string[]; values: number[][] };
}

/** A quantity per state, and how it was computed. */
export interface ChainSolution {
  values: Float64Array;
  info: SolveInfo;
}

/** Row sums may be off by this much (floating-point products of policy and model probabilities). */
export const ROW_SUM_TOLERANCE = 1e-9;

/** Checks that `chain` is a DTMC: every field named in the error. */
export function checkChain(chain: MarkovChain): void {
  const n = chain.rows.length;
  if (n === 0) throw new ConfigError('rows', [], 'must hold at least one state');
  if (!(Number.isInteger(chain.initial) && chain.initial >= 0 && chain.initial < n)) throw new ConfigError('initial', chain.initial, `must be a state index in [0, ${n})`);
  chain.rows.forEach((row, s) => {
    const seen = new Set<number>();
    let sum = 0;
    row.forEach((t, k) => {
      if (!(Number.isInteger(t.to) && t.to >= 0 && t.to < n)) throw new ConfigError(`rows[${s}][${k}].to`, t.to, `must be a state index in [0, ${n})`);
      if (!(t.p > 0 && t.p <= 1 + ROW_SUM_TOLERANCE)) throw new ConfigError(`rows[${s}][${k}].p`, t.p, 'must be a probability in (0, 1] (leave zero-probability transitions out)');
      if (seen.has(t.to)) throw new ConfigError(`rows[${s}][${k}].to`, t.to, 'appears twice in the row (merge the two transitions)');
      seen.add(t.to);
      sum += t.p;
    });
    if (row.length && Math.abs(sum - 1) > ROW_SUM_TOLERANCE) throw new ConfigError(`rows[${s}]`, row.map((t) => t.p), `must sum to 1 (sums to ${sum})`);
  });
  for (const [name, states] of Object.entries(chain.labels)) {
    if (name === 'init' || name === 'deadlock') throw new ConfigError(`labels.${name}`, states, 'is derived from the chain (initial state, absorbing states); choose another name');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ConfigError('labels', name, 'must be an identifier (letters, digits, _), as PRISM labels are');
    for (const s of states) if (!(Number.isInteger(s) && s >= 0 && s < n)) throw new ConfigError(`labels.${name}`, s, `must list state indices in [0, ${n})`);
  }
  const v = chain.variables;
  if (v && v.values.length !== n) throw new ConfigError('variables.values', v.values.length, `must hold one tuple per state (${n})`);
  v?.values.forEach((t, s) => {
    if (t.length !== v.names.length) throw new ConfigError(`variables.values[${s}]`, t, `must hold ${v.names.length} values (${v.names.join(', ')})`);
  });
}

export function isAbsorbing(chain: MarkovChain, s: number): boolean {
  return chain.rows[s].length === 0;
}

/** The states of a label (or an explicit set) as a 0/1 mask. */
export function stateSet(chain: MarkovChain, target: string | number[]): Uint8Array {
  const states = typeof target === 'string' ? chain.labels[target] : target;
  if (!states) throw new ConfigError('label', target, `is not a label of this chain (labels: ${Object.keys(chain.labels).join(', ') || 'none'})`);
  const mask = new Uint8Array(chain.rows.length);
  for (const s of states) mask[s] = 1;
  return mask;
}

function predecessors(chain: MarkovChain): number[][] {
  const pre: number[][] = chain.rows.map(() => []);
  chain.rows.forEach((row, s) => row.forEach((t) => pre[t.to].push(s)));
  return pre;
}

/** Backward search from `from`, never entering a `blocked` state; 1 = reached. */
function backward(pre: number[][], from: Uint8Array, blocked: Uint8Array | null): Uint8Array {
  const seen = Uint8Array.from(from);
  const queue: number[] = [];
  from.forEach((v, s) => v && queue.push(s));
  while (queue.length) {
    const v = queue.pop()!;
    for (const u of pre[v]) {
      if (seen[u] || blocked?.[u]) continue;
      seen[u] = 1;
      queue.push(u);
    }
  }
  return seen;
}

/** PRISM's Prob0 and Prob1: the states reaching `target` with probability exactly 0, and exactly 1. */
export function precompute(chain: MarkovChain, target: Uint8Array): { prob0: Uint8Array; prob1: Uint8Array } {
  const pre = predecessors(chain);
  const canReach = backward(pre, target, null);
  const prob0 = canReach.map((v) => 1 - v);
  const mayAvoid = backward(pre, prob0, target);
  return { prob0, prob1: mayAvoid.map((v) => 1 - v) };
}

/** P(eventually reach the target) from every state: `P=? [F target]`. */
export function reachProbability(chain: MarkovChain, target: string | number[], o: SolveOptions = {}): ChainSolution {
  const t = stateSet(chain, target);
  const { prob0, prob1 } = precompute(chain, t);
  const x = new Float64Array(chain.rows.length);
  const unknown = new Uint8Array(chain.rows.length);
  for (let s = 0; s < x.length; s++) {
    if (t[s] || prob1[s]) x[s] = 1;
    else if (!prob0[s]) unknown[s] = 1;
  }
  return { values: x, info: solveLinear(chain.rows, unknown, x, new Float64Array(x.length), o) };
}

function absorbingSet(chain: MarkovChain): Uint8Array {
  return Uint8Array.from(chain.rows, (_r, s) => (isAbsorbing(chain, s) ? 1 : 0));
}

/**
 * Expected number of time steps spent in `label` states (the start included) before absorption;
 * an absorbing labelled state counts once. For a catastrophe label: expected catastrophes.
 */
export function expectedVisits(chain: MarkovChain, label: string | number[], o: SolveOptions = {}): ChainSolution {
  const inLabel = stateSet(chain, label);
  return beforeAbsorption(chain, (s) => inLabel[s], (s) => inLabel[s], NaN, o);
}

/** Expected number of steps until absorption: `R{"steps"}=? [F "deadlock"]`. */
export function expectedSteps(chain: MarkovChain, o: SolveOptions = {}): ChainSolution {
  return beforeAbsorption(chain, () => 1, () => 0, Infinity, o);
}

/** x_s = cost(s) + Σ P x for transient states absorbed with probability 1; x = final(s) when absorbing; `otherwise` elsewhere. */
function beforeAbsorption(chain: MarkovChain, cost: (s: number) => number, final: (s: number) => number, otherwise: number, o: SolveOptions): ChainSolution {
  const absorbing = absorbingSet(chain);
  const { prob1 } = precompute(chain, absorbing);
  const n = chain.rows.length;
  const x = new Float64Array(n);
  const c = new Float64Array(n);
  const unknown = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    if (absorbing[s]) x[s] = final(s);
    else if (!prob1[s]) x[s] = otherwise;
    else {
      unknown[s] = 1;
      c[s] = cost(s);
    }
  }
  return { values: x, info: solveLinear(chain.rows, unknown, x, c, o) };
}

/**
 * Expected steps until the target is first reached, given that it is: E[T | F target] per state
 * (NaN where the target is unreachable). Solves g = h + P·g on the states with 0 < h, g = 0 on
 * the target, where h = P(F target) and g = E[T·1{F target}]; the answer is g / h.
 */
export function expectedStepsIfReached(chain: MarkovChain, target: string | number[], o: SolveOptions = {}): { values: Float64Array; probability: Float64Array; info: SolveInfo } {
  const reach = reachProbability(chain, target, o);
  const h = reach.values;
  const t = stateSet(chain, target);
  const n = chain.rows.length;
  const g = new Float64Array(n);
  const unknown = Uint8Array.from(h, (v, s) => (v > 0 && !t[s] ? 1 : 0));
  const info = solveLinear(chain.rows, unknown, g, Float64Array.from(h), o);
  return { values: g.map((v, s) => (h[s] > 0 ? v / h[s] : NaN)), probability: h, info };
}
