/**
 * Every property of a spec on a trained reward model: the ensemble mean and (by default) each
 * member alone, as a JSON-ready report. Each counterexample point carries its value from the
 * float64 function that was verified and from the model's own float32 `predict` path.
 */
import type { RewardModel, TransitionBatch } from '../rewards/reward-model.js';
import { branchAndBound, type BranchAndBoundOptions, type Cell, type VerifyResult } from './branch-and-bound.js';
import { box } from './network.js';
import { rewardModelLayout, rewardTarget, splitRawInput } from './reward-target.js';
import { dimIndex, parseSpec, resolveBox, type InputLayout, type Interval, type SpecBox, type VerifySpec } from './spec.js';
import type { Target } from './target.js';

export interface VerifyRewardModelOptions extends Partial<BranchAndBoundOptions> {
  /** Bounds for observation dims neither the region nor spec.defaults gives. */
  defaultBox?: Interval[];
  /** The env's observation bounds (e.g. its observation space's low/high), used when finite. */
  obsBounds?: { low: ArrayLike<number>; high: ArrayLike<number> };
  /** Also verify each member alone (default true). */
  members?: boolean;
}

export interface WitnessReport {
  obs: number[];
  action: number | number[] | undefined;
  nextObs?: number[];
  /** The verified float64 function's value. */
  value: number;
  /** The model's own float32 value (ensemble mean or the member's standardised output). */
  modelValue: number;
}

export interface ModelResult extends Omit<VerifyResult, 'counterexample'> {
  /** 'mean' or 'member<k>'. */
  model: string;
  counterexample?: WitnessReport[];
}

export interface PropertyReport {
  name: string;
  kind: string;
  results: ModelResult[];
}

export interface VerifyReport {
  kind: 'rewardlab-verify-report';
  version: 1;
  properties: PropertyReport[];
}

/** The model's float32 value at one raw point (through `features` and `predict` / `memberRaw`). */
function modelValue(model: RewardModel, member: number | undefined, w: ReturnType<typeof splitRawInput>): number {
  const actDim = model.action.kind === 'discrete' ? 1 : model.action.dim;
  const act = w.action === undefined ? new Float32Array(actDim) : Float32Array.from(typeof w.action === 'number' ? [w.action] : w.action);
  const batch: TransitionBatch = { obs: Float32Array.from(w.obs), actions: act, nextObs: Float32Array.from(w.nextObs ?? w.obs), n: 1 };
  if (member === undefined) return model.predict(batch).mean[0];
  return (model.memberRaw(member, model.features(batch), 1)[0] - model.shift[member]) / model.scale[member];
}

/** Run every property of `spec` (parsed or raw JSON) on the model. */
export function verifyRewardModel(model: RewardModel, specInput: VerifySpec | unknown, options: VerifyRewardModelOptions = {}): VerifyReport {
  const spec = parseSpec(specInput);
  const layout: InputLayout = { ...rewardModelLayout(model), ...(options.defaultBox ? { defaultBox: options.defaultBox } : {}), ...(options.obsBounds ? { obsBounds: options.obsBounds } : {}) };
  const variants: (number | undefined)[] = [undefined, ...(options.members === false ? [] : model.nets.map((_, m) => m))];
  const bnb: Partial<BranchAndBoundOptions> = { ...(spec.budget.maxBoxes ? { maxBoxes: spec.budget.maxBoxes } : {}), ...options };
  const targets = new Map<string, Target>();
  const targetOf = (member: number | undefined, action: number | undefined) => {
    const key = `${member}/${action}`;
    if (!targets.has(key)) targets.set(key, rewardTarget(model, member, action));
    return targets.get(key) as Target;
  };
  const cells = (member: number | undefined, field: string, region: SpecBox[]): Cell[] =>
    region.flatMap((b, i) =>
      resolveBox(spec, layout, region.length > 1 ? `${field}[${i}]` : field, b).map((r) => ({
        target: targetOf(member, r.action),
        box: box(r.lo, r.hi),
        ...(r.action !== undefined ? { label: { action: r.action } } : {}),
      })),
    );
  const properties = spec.properties.map((p, pi): PropertyReport => {
    const field = `spec.properties[${pi}]`;
    const results = variants.map((member): ModelResult => {
      const r =
        p.kind === 'range'
          ? branchAndBound({ kind: 'range', cells: cells(member, `${field}.region`, p.region), min: p.min, max: p.max }, bnb)
          : p.kind === 'ordering'
            ? branchAndBound({ kind: 'ordering', below: cells(member, `${field}.below`, p.below), above: cells(member, `${field}.above`, p.above) }, bnb)
            : branchAndBound({ kind: 'monotonic', cells: cells(member, `${field}.region`, p.region), dim: dimIndex(spec, layout, `${field}.dim`, p.dim), direction: p.direction }, bnb);
      const { counterexample, ...rest } = r;
      const out: ModelResult = { model: member === undefined ? 'mean' : `member${member}`, ...rest };
      if (counterexample) {
        out.counterexample = counterexample.map((w) => {
          const action = typeof w.label?.action === 'number' ? w.label.action : undefined;
          const split = splitRawInput(model, w.input, action);
          return { ...split, value: w.value, modelValue: modelValue(model, member, split) };
        });
      }
      return out;
    });
    return { name: p.name, kind: p.kind, results };
  });
  return { kind: 'rewardlab-verify-report', version: 1, properties };
}
