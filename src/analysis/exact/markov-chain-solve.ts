/**
 * The linear-equation core of the Markov-chain solvers (markov-chain.ts): given a set of
 * unknown states U of a DTMC, solve x_s = c_s + Σ_t P(s,t)·x_t for s ∈ U, the other states
 * keeping the values they were given. The unknowns are split into strongly connected components
 * (Tarjan), solved sinks first, so every component sees its successors' values already final:
 *
 * - **exact**: Gaussian elimination with partial pivoting on one component (dense, k×k; exact up to
 *   floating-point rounding, ~1e-15 relative on these well-conditioned systems). A component of
 *   one state without a self-loop is a back-substitution, so an acyclic (time-expanded) chain is
 *   solved in one pass over its transitions.
 * - **iterative**: Gauss–Seidel sweeps over one component until no value moves by more than
 *   `tolerance` in a sweep. As for every value-iteration stopping rule (PRISM's too), a small last
 *   change does not bound the remaining error by itself; it is reported, with the sweep count.
 *
 * The caller guarantees the system is non-singular: from every unknown state some known state is
 * reachable (markov-chain.ts removes the probability-0 and probability-1 states first).
 */
import { ConfigError } from '../../core/errors.js';

/** One transition of a chain row. */
export interface ChainTransition {
  to: number;
  p: number;
}

export type SolveMethod = 'auto' | 'exact' | 'iterative';

export interface SolveOptions {
  /**
   * 'exact': Gaussian elimination per strongly connected component; 'iterative': Gauss–Seidel
   * sweeps to `tolerance`; 'auto': exact for components of at most `maxExactStates` states,
   * iterative for larger ones. Default 'auto'.
   */
  method?: SolveMethod;
  /** Largest component the exact method eliminates (O(k³) time, 8k² bytes). Above it 'exact' is a ConfigError. Default 1500. */
  maxExactStates?: number;
  /** Iterative method: stop a component when one sweep changes no value by more than this. Default 1e-12. */
  tolerance?: number;
  /** Iterative method: sweeps per component before giving up with a ConfigError. Default 1,000,000. */
  maxIterations?: number;
}

/** How a system was solved. */
export interface SolveInfo {
  /** 'exact' (all components eliminated), 'iterative' (all iterated) or 'mixed'. */
  method: 'exact' | 'iterative' | 'mixed';
  /** Unknowns solved (states with probability strictly between 0 and 1, or with a finite expectation to compute). */
  unknowns: number;
  components: number;
  largestComponent: number;
  /** Iterative components: the most sweeps one needed (0 when all were exact). */
  sweeps: number;
  /** Iterative components: the largest last change of any value (0 when all were exact). */
  lastChange: number;
}

/** Strongly connected components of the graph on `nodes` with edges `succ`, sinks first (Tarjan, iterative). */
export function stronglyConnectedComponents(n: number, nodes: number[], succ: (v: number) => number[]): number[][] {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const edge = new Int32Array(n);
  const adj: number[][] = new Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  const open = (v: number, call: number[]) => {
    index[v] = low[v] = counter++;
    adj[v] = succ(v);
    edge[v] = 0;
    stack.push(v);
    onStack[v] = 1;
    call.push(v);
  };
  for (const root of nodes) {
    if (index[root] !== -1) continue;
    const call: number[] = [];
    open(root, call);
    while (call.length) {
      const v = call[call.length - 1];
      if (edge[v] < adj[v].length) {
        const w = adj[v][edge[v]++];
        if (index[w] === -1) open(w, call);
        else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      call.pop();
      if (call.length) low[call[call.length - 1]] = Math.min(low[call[call.length - 1]], low[v]);
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp.push(w);
        } while (w !== v);
        out.push(comp.sort((a, b) => a - b));
      }
    }
  }
  return out;
}

/** Solves x_s = c_s + Σ_t P(s,t)·x_t for every s with unknown[s] = 1, in place in `x`. */
export function solveLinear(rows: ChainTransition[][], unknown: Uint8Array, x: Float64Array, c: Float64Array, o: SolveOptions = {}): SolveInfo {
  const method = o.method ?? 'auto';
  if (!['auto', 'exact', 'iterative'].includes(method)) throw new ConfigError('method', method, "must be 'auto', 'exact' or 'iterative'");
  const maxExact = o.maxExactStates ?? 1500;
  const tolerance = o.tolerance ?? 1e-12;
  const maxIterations = o.maxIterations ?? 1_000_000;
  if (!(Number.isInteger(maxExact) && maxExact >= 1)) throw new ConfigError('maxExactStates', maxExact, 'must be an integer ≥ 1');
  if (!(tolerance > 0 && tolerance < 1)) throw new ConfigError('tolerance', tolerance, 'must be in (0, 1)');
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new ConfigError('maxIterations', maxIterations, 'must be an integer ≥ 1');
  const n = rows.length;
  const nodes: number[] = [];
  for (let s = 0; s < n; s++) if (unknown[s]) nodes.push(s);
  const comps = stronglyConnectedComponents(n, nodes, (v) => rows[v].filter((t) => unknown[t.to]).map((t) => t.to));
  const info: SolveInfo = { method: 'exact', unknowns: nodes.length, components: comps.length, largestComponent: 0, sweeps: 0, lastChange: 0 };
  let exactCount = 0;
  for (const comp of comps) {
    info.largestComponent = Math.max(info.largestComponent, comp.length);
    const exact = method === 'exact' || (method === 'auto' && comp.length <= maxExact);
    if (exact && comp.length > maxExact) {
      throw new ConfigError('maxExactStates', maxExact, `is below the largest strongly connected component (${comp.length} states): raise it, or use method 'iterative' (or 'auto')`);
    }
    if (exact) {
      eliminate(rows, comp, x, c);
      exactCount++;
    } else {
      const { sweeps, lastChange } = gaussSeidel(rows, comp, x, c, tolerance, maxIterations);
      info.sweeps = Math.max(info.sweeps, sweeps);
      info.lastChange = Math.max(info.lastChange, lastChange);
    }
  }
  info.method = exactCount === comps.length ? 'exact' : exactCount === 0 ? 'iterative' : 'mixed';
  return info;
}

/** Gaussian elimination with partial pivoting on one component; its successors outside are final. */
function eliminate(rows: ChainTransition[][], comp: number[], x: Float64Array, c: Float64Array): void {
  const k = comp.length;
  if (k === 1) {
    const s = comp[0];
    let self = 0;
    let rhs = c[s];
    for (const t of rows[s]) {
      if (t.to === s) self += t.p;
      else rhs += t.p * x[t.to];
    }
    if (!(1 - self > 0)) throw new Error(`state ${s}: a self-loop of probability 1 among the unknowns (the precomputation should have fixed it)`);
    x[s] = rhs / (1 - self);
    return;
  }
  const local = new Map<number, number>();
  comp.forEach((s, i) => local.set(s, i));
  const a = new Float64Array(k * k);
  const b = new Float64Array(k);
  comp.forEach((s, i) => {
    a[i * k + i] = 1;
    b[i] = c[s];
    for (const t of rows[s]) {
      const j = local.get(t.to);
      if (j === undefined) b[i] += t.p * x[t.to];
      else a[i * k + j] -= t.p;
    }
  });
  for (let col = 0; col < k; col++) {
    let piv = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r * k + col]) > Math.abs(a[piv * k + col])) piv = r;
    if (!(Math.abs(a[piv * k + col]) > 1e-300)) throw new Error(`singular system at component of ${k} states (state ${comp[col]})`);
    if (piv !== col) {
      for (let j = col; j < k; j++) [a[col * k + j], a[piv * k + j]] = [a[piv * k + j], a[col * k + j]];
      [b[col], b[piv]] = [b[piv], b[col]];
    }
    const d = a[col * k + col];
    for (let r = col + 1; r < k; r++) {
      const f = a[r * k + col] / d;
      if (f === 0) continue;
      for (let j = col; j < k; j++) a[r * k + j] -= f * a[col * k + j];
      b[r] -= f * b[col];
    }
  }
  for (let r = k - 1; r >= 0; r--) {
    let v = b[r];
    for (let j = r + 1; j < k; j++) v -= a[r * k + j] * b[j];
    b[r] = v / a[r * k + r];
  }
  comp.forEach((s, i) => (x[s] = b[i]));
}

function gaussSeidel(rows: ChainTransition[][], comp: number[], x: Float64Array, c: Float64Array, tolerance: number, maxIterations: number): { sweeps: number; lastChange: number } {
  for (const s of comp) x[s] = 0;
  for (let sweep = 1; sweep <= maxIterations; sweep++) {
    let change = 0;
    for (const s of comp) {
      let v = c[s];
      for (const t of rows[s]) v += t.p * x[t.to];
      change = Math.max(change, Math.abs(v - x[s]));
      x[s] = v;
    }
    if (change <= tolerance) return { sweeps: sweep, lastChange: change };
  }
  throw new ConfigError('maxIterations', maxIterations, `sweeps did not bring a component of ${comp.length} states below the tolerance ${tolerance}: raise maxIterations or use method 'exact'`);
}
