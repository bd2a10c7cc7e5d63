/**
 * Branch and bound over input boxes. A property is reduced to one or two GOALS, each the min or
 * max of a quantity over a union of cells (a raw box with its target). A goal keeps its boxes in
 * a heap, worst bound first; each step splits the worst box of the goal that stands in the way,
 * at the midpoint of its most influential coordinate (CROWN coefficient × width; the widest for
 * monotonicity). Every new box's centre is tried as a counterexample, and every root box and
 * box about to be split is searched harder: random points and corners, then signed-gradient steps
 * from the best (PGD-lite). A counterexample counts only after plain forward passes (target.ts
 * `evaluate`) show the violation. The run ends when the bounds prove the property, a
 * counterexample refutes it, or the box budget is spent.
 *
 *   range       min ≤ f ≤ max on R        goals: min f over R, max f over R
 *   ordering    max_A f < min_B f         goals: max f over A, min f over B (may be two targets)
 *   monotonic   f non-decreasing in xᵢ    goal: min over R of ∂f/∂φᵢ (interval chain rule, sound
 *               (or non-increasing)       for real arithmetic); refuted by x, x + h·eᵢ in one cell
 *                                         with f(x + h·eᵢ) < f(x) by more than 1e-9 relative
 */
import { Rng } from '../core/rng.js';
import type { Box } from './network.js';
import { boundTarget, evaluate, featureGradientBounds, featureOf, gradient, type BoundMethod, type Target } from './target.js';

/** One box of a region with the function it is asked about; `label` is echoed in counterexamples. */
export interface Cell {
  target: Target;
  box: Box;
  label?: Record<string, number | string>;
}

export type Query =
  | { kind: 'range'; cells: Cell[]; min?: number; max?: number }
  | { kind: 'ordering'; below: Cell[]; above: Cell[] }
  | { kind: 'monotonic'; cells: Cell[]; dim: number; direction: 'increasing' | 'decreasing' };

export interface BranchAndBoundOptions {
  /** Box budget: bounding calls over all goals (default 2000). */
  maxBoxes: number;
  /** Bound method per box (default 'crown', intersected with IBP). */
  method: BoundMethod;
  /** Random points per searched box besides its centre (default 4). */
  samples: number;
  /** Signed-gradient steps from the best start of each searched box (default 8). */
  pgdSteps: number;
  /** Seed of the counterexample search (default 0). */
  seed: number;
  /** Wall-clock budget in ms (default Infinity: results then depend only on the seed and maxBoxes). */
  maxMillis: number;
}

export const BRANCH_AND_BOUND_DEFAULTS: BranchAndBoundOptions = { maxBoxes: 2000, method: 'crown', samples: 4, pgdSteps: 8, seed: 0, maxMillis: Infinity };

export interface Witness {
  input: number[];
  value: number;
  label?: Record<string, number | string>;
}

export interface VerifyResult {
  status: 'proved' | 'refuted' | 'unknown';
  /** The points (one, or a pair for ordering and monotonicity) whose forward values violate the property. */
  counterexample?: Witness[];
  /** Boxes bounded. */
  boxes: number;
  /** The proved bounds when the run ended (names per kind: min/max, maxBelow/minAbove, minSlope). */
  bound: Record<string, number>;
  millis: number;
}

interface Entry {
  cell: Cell;
  box: Box;
  key: number;
  influence: Float64Array;
  /** Per-term pre-activation bounds, which hold on every sub-box (value goals only). */
  pre?: Box[][];
}

/** A min-heap on `key` (a max goal stores −bound). */
class Heap {
  private items: Entry[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Entry {
    return this.items[0];
  }
  push(e: Entry): void {
    const a = this.items;
    a.push(e);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p].key <= a[i].key) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): Entry {
    const a = this.items;
    const top = a[0];
    const last = a.pop() as Entry;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].key < a[m].key) m = l;
        if (r < a.length && a[r].key < a[m].key) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/** What a goal minimises (sign −1 turns a max into a min): the bound of a box and a search in it. */
interface GoalKind {
  bound(cell: Cell, box: Box, parent?: Box[][]): { key: number; influence: Float64Array; pre?: Box[][] };
  search(cell: Cell, box: Box, rng: Rng, o: BranchAndBoundOptions): { key: number; witness: Witness[] } | undefined;
}

class Goal {
  readonly heap = new Heap();
  best: { key: number; witness: Witness[] } = { key: Infinity, witness: [] };
  constructor(readonly kind: GoalKind) {}
  /** The proved lower bound of the key over the goal's region. */
  get bound(): number {
    return this.heap.size ? this.heap.peek().key : Infinity;
  }
  /** Bound a box and queue it; `o` sets how hard its search is (the centre alone for new halves). */
  add(cell: Cell, box: Box, rng: Rng, o: BranchAndBoundOptions, parent?: Box[][]): void {
    const { key, influence, pre } = this.kind.bound(cell, box, parent);
    this.heap.push({ cell, box, key, influence, ...(pre ? { pre } : {}) });
    this.search(cell, box, rng, o);
  }
  search(cell: Cell, box: Box, rng: Rng, o: BranchAndBoundOptions): void {
    const found = this.kind.search(cell, box, rng, o);
    if (found && found.key < this.best.key) this.best = found;
  }
}

const centre = (b: Box) => b.lo.map((l, i) => (l + b.hi[i]) / 2);
const randomIn = (b: Box, rng: Rng) => b.lo.map((l, i) => rng.uniform(l, b.hi[i]));
const witness = (cell: Cell, x: ArrayLike<number>, value: number): Witness => ({ input: Array.from(x), value, ...(cell.label ? { label: cell.label } : {}) });

/** Minimise sign·f over a box: centre, random starts, then signed-gradient steps from the best. */
function valueGoal(sign: 1 | -1, method: BoundMethod): GoalKind {
  return {
    bound(cell, box, parent) {
      const b = boundTarget(cell.target, box, method, parent);
      return { key: sign === 1 ? b.lo : -b.hi, influence: b.influence, pre: b.pre };
    },
    search(cell, box, rng, o) {
      const score = (x: Float64Array) => sign * evaluate(cell.target, x);
      let x = centre(box);
      let v = score(x);
      for (let s = 0; s < o.samples; s++) {
        // Half the starts are random corners (where piecewise-linear extremes sit), half uniform points.
        const y = s % 2 ? box.lo.map((l, i) => (rng.next() < 0.5 ? l : box.hi[i])) : randomIn(box, rng);
        const w = score(y);
        if (w < v) [x, v] = [y, w];
      }
      let step = 0.25;
      for (let it = 0; it < o.pgdSteps; it++, step /= 2) {
        const g = gradient(cell.target, x);
        const y = x.map((xi, i) => Math.min(box.hi[i], Math.max(box.lo[i], xi - step * (box.hi[i] - box.lo[i]) * sign * Math.sign(g[i]))));
        const w = score(y);
        if (w < v) [x, v] = [y, w];
      }
      return { key: v, witness: [witness(cell, x, sign * v)] };
    },
  };
}

const MONOTONE_NOISE = 1e-9;

/** Minimise the slope s·∂f/∂φ (s = 1 increasing, −1 decreasing); search for x, x + h·eᵢ with s·(f(x+h) − f(x)) < 0. */
function slopeGoal(dim: number, s: 1 | -1): GoalKind {
  return {
    bound(cell, box) {
      const [lo, hi] = featureGradientBounds(cell.target, box, featureOf(cell.target, dim));
      const influence = box.lo.map((l, i) => (box.hi[i] - l) / Math.max(1e-300, cell.box.hi[i] - cell.box.lo[i]));
      return { key: s === 1 ? lo : -hi, influence };
    },
    search(cell, box, rng, o) {
      let best: { key: number; witness: Witness[] } | undefined;
      const width = box.hi[dim] - box.lo[dim];
      const starts = [centre(box), ...(o.samples > 0 ? [box.lo.slice()] : []), ...Array.from({ length: o.samples }, () => randomIn(box, rng))];
      for (const x of starts) {
        const fx = evaluate(cell.target, x);
        for (const h of [width, width / 4, width / 16, width / 64]) {
          const y = x.slice();
          y[dim] = Math.min(box.hi[dim], x[dim] + h);
          if (!(y[dim] > x[dim])) continue;
          const fy = evaluate(cell.target, y);
          // A decrease within float64 rounding of the two values (1e-9 relative) is not taken as a counterexample.
          const key = s * (fy - fx) + MONOTONE_NOISE * (Math.abs(fx) + Math.abs(fy));
          if (!best || key < best.key) best = { key, witness: [witness(cell, x, fx), witness(cell, y, fy)] };
        }
      }
      return best;
    },
  };
}

/** Split a box at the midpoint of its most influential splittable coordinate (undefined: a point). */
function split(e: Entry): [Box, Box] | undefined {
  let dim = -1;
  let best = -1;
  for (let i = 0; i < e.box.lo.length; i++) {
    const w = e.box.hi[i] - e.box.lo[i];
    const score = e.influence[i] > 0 ? e.influence[i] : w * 1e-12;
    if (w > 0 && (e.box.lo[i] + e.box.hi[i]) / 2 > e.box.lo[i] && score > best) [dim, best] = [i, score];
  }
  if (dim < 0) return undefined;
  const mid = (e.box.lo[dim] + e.box.hi[dim]) / 2;
  const left = { lo: e.box.lo.slice(), hi: e.box.hi.slice() };
  const right = { lo: e.box.lo.slice(), hi: e.box.hi.slice() };
  left.hi[dim] = mid;
  right.lo[dim] = mid;
  return [left, right];
}

/** Prove, refute or give up on one property. */
export function branchAndBound(query: Query, options: Partial<BranchAndBoundOptions> = {}): VerifyResult {
  const o = { ...BRANCH_AND_BOUND_DEFAULTS, ...options };
  const start = Date.now();
  const rng = new Rng(o.seed);
  // Each goal, its cells, and what its bound must reach (key ≥ need) for the property to hold.
  let goals: { goal: Goal; cells: Cell[]; name: string; sign: 1 | -1 }[];
  let need: () => number[];
  let refuted: () => Witness[] | undefined;
  if (query.kind === 'range') {
    goals = [];
    if (query.min !== undefined) goals.push({ goal: new Goal(valueGoal(1, o.method)), cells: query.cells, name: 'min', sign: 1 });
    if (query.max !== undefined) goals.push({ goal: new Goal(valueGoal(-1, o.method)), cells: query.cells, name: 'max', sign: -1 });
    const limits = goals.map((g) => (g.sign === 1 ? (query.min as number) : -(query.max as number)));
    need = () => limits;
    refuted = () => goals.find((g, i) => g.goal.best.key < limits[i])?.goal.best.witness;
  } else if (query.kind === 'ordering') {
    const below = new Goal(valueGoal(-1, o.method));
    const above = new Goal(valueGoal(1, o.method));
    goals = [
      { goal: below, cells: query.below, name: 'maxBelow', sign: -1 },
      { goal: above, cells: query.above, name: 'minAbove', sign: 1 },
    ];
    // max_A < min_B (strictly)  ⇔  −max_A − min_B < 0: both goals see the same gap.
    need = () => [-above.bound, -below.bound];
    refuted = () => (-below.best.key >= above.best.key ? [...below.best.witness, ...above.best.witness] : undefined);
  } else {
    const s = query.direction === 'increasing' ? 1 : -1;
    goals = [{ goal: new Goal(slopeGoal(query.dim, s)), cells: query.cells, name: 'minSlope', sign: 1 }];
    need = () => [0];
    refuted = () => (goals[0].goal.best.key < 0 ? goals[0].goal.best.witness : undefined);
  }
  const shallow = { ...o, samples: 0, pgdSteps: 0 };
  let boxes = 0;
  for (const g of goals) {
    for (const cell of g.cells) {
      g.goal.add(cell, cell.box, rng, o);
      boxes++;
    }
  }
  const bound = () => Object.fromEntries(goals.map((g) => [g.name, g.sign * g.goal.bound]));
  const result = (status: VerifyResult['status'], counterexample?: Witness[]): VerifyResult => ({ status, ...(counterexample ? { counterexample } : {}), boxes, bound: bound(), millis: Date.now() - start });
  for (;;) {
    const cx = refuted();
    if (cx) return result('refuted', cx);
    const n = need();
    const strict = query.kind === 'ordering';
    const gaps = goals.map((g, i) => n[i] - g.goal.bound);
    if (gaps.every((gap) => (strict ? gap < 0 : gap <= 0))) return result('proved');
    if (boxes >= o.maxBoxes || Date.now() - start >= o.maxMillis) return result('unknown');
    // Work on the goal whose bound is furthest from its best concrete value (the loosest one).
    let pick = -1;
    let loosest = -Infinity;
    goals.forEach((g, i) => {
      const slack = g.goal.best.key - g.goal.bound;
      if ((strict || gaps[i] > 0) && slack > loosest) [pick, loosest] = [i, slack];
    });
    const g = goals[pick].goal;
    const top = g.heap.pop();
    g.search(top.cell, top.box, rng, o);
    if (refuted()) {
      g.heap.push(top);
      continue;
    }
    const halves = split(top);
    if (!halves) {
      g.heap.push(top);
      return result('unknown');
    }
    for (const half of halves) {
      g.add(top.cell, half, rng, shallow, top.pre);
      boxes++;
    }
  }
}
