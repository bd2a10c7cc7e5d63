/**
 * The property spec a user writes, and how its regions become raw input boxes.
 *
 *   { "kind": "rewardlab-verify-spec", "version": 1,
 *     "names": ["x", "x_dot", "theta", "theta_dot"],            optional names for observation dims
 *     "defaults": { "obs": { "x_dot": [-3, 3], "theta_dot": [-3, 3] } },   boxes for dims a region omits
 *     "budget": { "maxBoxes": 2000 },                             optional, per property
 *     "properties": [
 *       { "name": "bounded", "kind": "range", "region": { "obs": { "theta": [-0.2, 0.2] } }, "min": -5, "max": 5 },
 *       { "name": "upright wins", "kind": "ordering",
 *         "below": [{ "obs": { "theta": [0.2, 0.418] } }, { "obs": { "theta": [-0.418, -0.2] } }],
 *         "above": { "obs": { "theta": [-0.05, 0.05] } } },
 *       { "name": "centred", "kind": "monotonic", "region": { "obs": { "x": [-2.4, 0] } }, "dim": "x", "direction": "decreasing" } ] }
 *
 * A region is one box or a list of boxes (a union). A box gives [lo, hi] per observation dim (by
 * index or name) in RAW observation units; every other dim takes `defaults.obs`, then the
 * caller's default box, then the env's observation bounds when finite. `action` is a discrete
 * action, a list of them (each checked), or "any" (the default); for Box actions a [lo, hi] per
 * dim. `nextObs` (models that read the next observation) works like `obs`.
 * Properties: range min ≤ f ≤ max (either may be left out); ordering max over `below` <
 * min over `above`; monotonic non-decreasing ("increasing") or non-increasing ("decreasing") in
 * one observation dim. Every error names the field and the value.
 */
import { ConfigError, show } from '../core/errors.js';
import { finite, isObject, only, rangeBounds } from '../core/spec-fields.js';

export type Interval = [number, number];
export type DimBoxes = Record<string, Interval>;

export interface SpecBox {
  obs: DimBoxes;
  nextObs: DimBoxes;
  /** Discrete actions to check, 'any', or per-dim [lo, hi] for Box actions. */
  action: 'any' | number[] | Interval[];
}

export type SpecProperty =
  | { name: string; kind: 'range'; region: SpecBox[]; min?: number; max?: number }
  | { name: string; kind: 'ordering'; below: SpecBox[]; above: SpecBox[] }
  | { name: string; kind: 'monotonic'; region: SpecBox[]; dim: string; direction: 'increasing' | 'decreasing' };

export interface VerifySpec {
  kind: 'rewardlab-verify-spec';
  version: 1;
  names?: string[];
  defaults: { obs: DimBoxes; nextObs: DimBoxes; action?: Interval[] };
  budget: { maxBoxes?: number };
  properties: SpecProperty[];
}

function interval(field: string, v: unknown): Interval {
  if (!Array.isArray(v) || v.length !== 2) throw new ConfigError(field, v, 'must be [lo, hi]');
  const lo = finite(`${field}[0]`, v[0]);
  const hi = finite(`${field}[1]`, v[1]);
  if (lo > hi) throw new ConfigError(field, v, 'must have lo ≤ hi');
  return [lo, hi];
}

function dims(field: string, v: unknown): DimBoxes {
  if (v === undefined) return {};
  if (!isObject(v)) throw new ConfigError(field, v, 'must map observation dims (index or name) to [lo, hi]');
  return Object.fromEntries(Object.entries(v).map(([k, iv]) => [k, interval(`${field}.${k}`, iv)]));
}

function specBox(field: string, v: unknown): SpecBox {
  if (!isObject(v)) throw new ConfigError(field, v, 'must be a box {obs?, action?, nextObs?}');
  only(field, v, ['obs', 'action', 'nextObs']);
  let action: SpecBox['action'] = 'any';
  const a = v.action;
  if (typeof a === 'number') action = [a];
  else if (Array.isArray(a) && a.every((x) => typeof x === 'number')) action = a as number[];
  else if (Array.isArray(a) && a.length > 0) action = a.map((x, i) => interval(`${field}.action[${i}]`, x));
  else if (a !== undefined && a !== 'any') throw new ConfigError(`${field}.action`, a, 'must be a discrete action, a list of them, "any", or [lo, hi] per Box action dim');
  if (Array.isArray(action) && typeof action[0] === 'number') {
    (action as number[]).forEach((x, i) => {
      if (!Number.isInteger(x) || x < 0) throw new ConfigError(`${field}.action${typeof a === 'number' ? '' : `[${i}]`}`, x, 'must be a non-negative integer action');
    });
  }
  return { obs: dims(`${field}.obs`, v.obs), nextObs: dims(`${field}.nextObs`, v.nextObs), action };
}

function region(field: string, v: unknown): SpecBox[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) throw new ConfigError(field, v, 'must hold at least one box');
  return list.map((b, i) => specBox(Array.isArray(v) ? `${field}[${i}]` : field, b));
}

function property(field: string, v: unknown, index: number): SpecProperty {
  if (!isObject(v)) throw new ConfigError(field, v, 'must be a property object');
  const name = v.name === undefined ? `property ${index}` : v.name;
  if (typeof name !== 'string') throw new ConfigError(`${field}.name`, v.name, 'must be a string');
  switch (v.kind) {
    case 'range': {
      only(field, v, ['name', 'kind', 'region', 'min', 'max']);
      return { name, kind: 'range', region: region(`${field}.region`, v.region), ...rangeBounds(field, v) };
    }
    case 'ordering':
      only(field, v, ['name', 'kind', 'below', 'above']);
      return { name, kind: 'ordering', below: region(`${field}.below`, v.below), above: region(`${field}.above`, v.above) };
    case 'monotonic': {
      only(field, v, ['name', 'kind', 'region', 'dim', 'direction']);
      if (typeof v.dim !== 'string' && !(typeof v.dim === 'number' && Number.isInteger(v.dim) && v.dim >= 0)) throw new ConfigError(`${field}.dim`, v.dim, 'must be an observation dim (index or name)');
      if (v.direction !== 'increasing' && v.direction !== 'decreasing') throw new ConfigError(`${field}.direction`, v.direction, 'must be "increasing" or "decreasing"');
      return { name, kind: 'monotonic', region: region(`${field}.region`, v.region), dim: String(v.dim), direction: v.direction };
    }
    default:
      throw new ConfigError(`${field}.kind`, v.kind, 'must be "range", "ordering" or "monotonic"');
  }
}

/** Validate a spec (parsed JSON or its text). Throws ConfigError naming the field and value. */
export function parseSpec(input: unknown): VerifySpec {
  let v = input;
  if (typeof input === 'string') {
    try {
      v = JSON.parse(input);
    } catch (e) {
      throw new ConfigError('spec', input.slice(0, 40), `is not JSON (${(e as Error).message})`);
    }
  }
  if (!isObject(v)) throw new ConfigError('spec', v, 'must be an object {kind, version, properties}');
  only('spec', v, ['kind', 'version', 'names', 'defaults', 'budget', 'properties']);
  if (v.kind !== 'rewardlab-verify-spec') throw new ConfigError('spec.kind', v.kind, 'must be "rewardlab-verify-spec"');
  if (v.version !== 1) throw new ConfigError('spec.version', v.version, 'must be 1 (the only version)');
  if (v.names !== undefined && (!Array.isArray(v.names) || v.names.some((n) => typeof n !== 'string'))) throw new ConfigError('spec.names', v.names, 'must be a list of dim names');
  const d = v.defaults ?? {};
  if (!isObject(d)) throw new ConfigError('spec.defaults', d, 'must be an object {obs?, nextObs?, action?}');
  only('spec.defaults', d, ['obs', 'nextObs', 'action']);
  const defaults: VerifySpec['defaults'] = { obs: dims('spec.defaults.obs', d.obs), nextObs: dims('spec.defaults.nextObs', d.nextObs) };
  if (d.action !== undefined) {
    if (!Array.isArray(d.action)) throw new ConfigError('spec.defaults.action', d.action, 'must be [lo, hi] per Box action dim');
    defaults.action = d.action.map((x, i) => interval(`spec.defaults.action[${i}]`, x));
  }
  const b = v.budget ?? {};
  if (!isObject(b)) throw new ConfigError('spec.budget', b, 'must be an object {maxBoxes?}');
  only('spec.budget', b, ['maxBoxes']);
  if (b.maxBoxes !== undefined && (!Number.isInteger(b.maxBoxes) || (b.maxBoxes as number) < 1)) throw new ConfigError('spec.budget.maxBoxes', b.maxBoxes, 'must be a positive integer');
  if (!Array.isArray(v.properties) || v.properties.length === 0) throw new ConfigError('spec.properties', v.properties, 'must be a non-empty list');
  const properties = v.properties.map((p, i) => property(`spec.properties[${i}]`, p, i));
  return { kind: 'rewardlab-verify-spec', version: 1, ...(v.names ? { names: v.names as string[] } : {}), defaults, budget: b.maxBoxes === undefined ? {} : { maxBoxes: b.maxBoxes as number }, properties };
}

/** Where a region's boxes land: the raw input layout [obs | Box action | nextObs] of the verified function. */
export interface InputLayout {
  obsDim: number;
  /** Discrete action count (one-hot features), or the Box action dim, or none (the model ignores actions). */
  action: { kind: 'discrete'; n: number } | { kind: 'box'; dim: number } | { kind: 'none' };
  useNextObs: boolean;
  /** Bounds for dims no region or spec default gives: a default box, then the env's observation bounds. */
  defaultBox?: Interval[];
  obsBounds?: { low: ArrayLike<number>; high: ArrayLike<number> };
}

/** The index of an observation dim given by index or name. */
export function dimIndex(spec: VerifySpec, layout: InputLayout, field: string, key: string): number {
  const i = /^\d+$/.test(key) ? Number(key) : (spec.names ?? []).indexOf(key);
  if (i < 0 || i >= layout.obsDim) throw new ConfigError(field, key, `is not an observation dim: use 0…${layout.obsDim - 1}${spec.names ? ` or one of ${spec.names.map(show).join(', ')}` : ''}`);
  return i;
}

function obsIntervals(spec: VerifySpec, layout: InputLayout, field: string, given: DimBoxes, defaults: DimBoxes): Interval[] {
  const out: (Interval | undefined)[] = new Array(layout.obsDim).fill(undefined);
  for (const [source, boxes] of [[`spec.defaults.${field}`, defaults], [field, given]] as const) {
    for (const [k, iv] of Object.entries(boxes)) out[dimIndex(spec, layout, `${source}.${k}`, k)] = iv;
  }
  return out.map((iv, i) => {
    if (iv) return iv;
    if (layout.defaultBox?.[i]) return layout.defaultBox[i];
    const lo = layout.obsBounds?.low[i];
    const hi = layout.obsBounds?.high[i];
    if (lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi) && Math.abs(lo) < 1e30 && Math.abs(hi) < 1e30) return [lo, hi];
    throw new ConfigError(`${field}.${spec.names?.[i] ?? i}`, lo === undefined ? undefined : `[${lo}, ${hi}]`, 'has no finite bounds: give it in the region or in spec.defaults');
  });
}

/** A region box as raw input boxes, one per discrete action it covers. */
export function resolveBox(spec: VerifySpec, layout: InputLayout, field: string, b: SpecBox): { lo: number[]; hi: number[]; action?: number }[] {
  const obs = obsIntervals(spec, layout, `${field}.obs`, b.obs, spec.defaults.obs);
  const next = layout.useNextObs ? obsIntervals(spec, layout, `${field}.nextObs`, b.nextObs, spec.defaults.nextObs) : [];
  const parts = (cont: Interval[]) => ({ lo: [...obs, ...cont, ...next].map((iv) => iv[0]), hi: [...obs, ...cont, ...next].map((iv) => iv[1]) });
  const a = layout.action;
  if (a.kind === 'discrete') {
    if (b.action !== 'any' && typeof b.action[0] !== 'number') throw new ConfigError(`${field}.action`, b.action, `must be discrete actions 0…${a.n - 1} or "any"`);
    const acts = b.action === 'any' ? Array.from({ length: a.n }, (_, i) => i) : (b.action as number[]);
    for (const x of acts) if (x >= a.n) throw new ConfigError(`${field}.action`, x, `must be a discrete action 0…${a.n - 1}`);
    return acts.map((action) => ({ ...parts([]), action }));
  }
  if (a.kind === 'box') {
    const given = b.action === 'any' ? spec.defaults.action : (b.action as Interval[]);
    if (!given || given.length !== a.dim || typeof given[0] === 'number') throw new ConfigError(`${field}.action`, b.action, `must give [lo, hi] for each of the ${a.dim} action dims (or set spec.defaults.action)`);
    return [parts(given)];
  }
  return [parts([])];
}
