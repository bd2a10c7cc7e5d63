/**
 * The property spec for gridworld reward models, whose inputs are finite (every reachable
 * transition), so a property names SETS OF TRANSITIONS by what a person means, not input boxes:
 *
 *   { "kind": "rewardlab-verify-spec", "version": 1,
 *     "properties": [
 *       { "name": "water below goal", "kind": "ordering", "below": { "into": "water" }, "above": { "into": "goal" } },
 *       { "name": "bounded", "kind": "range", "set": { "all": true }, "min": -5, "max": 5 },
 *       { "name": "costly moves pay little", "kind": "range", "set": { "hidden": { "<=": -50 } }, "max": 0 } ] }
 *
 * A set is `{"into": TILE}` (the tile the agent's move enters: a name from the env's legend,
 * e.g. "water", "lava", "goal", "floor", or the board character itself), `{"hidden": {OP: x}}`
 * (the transition's hidden reward; OP one of <, <=, >, >=, ==), or `{"all": true}`; several keys
 * in one set intersect. Ordering: max learned reward over `below` < min over `above`. Range:
 * min ≤ learned reward ≤ max over `set` (either may be left out). Every error names the field and the value.
 * Tile names are resolved against an env later (resolveTile), so this parser is env-free.
 */
import { ConfigError, show } from '../../core/errors.js';
import { finite, isObject, only, rangeBounds } from '../../core/spec-fields.js';

export type HiddenOp = '<' | '<=' | '>' | '>=' | '==';

export interface TransitionSet {
  into?: string;
  hidden?: { op: HiddenOp; value: number };
  all?: true;
}

export type GridProperty =
  | { name: string; kind: 'range'; set: TransitionSet; min?: number; max?: number }
  | { name: string; kind: 'ordering'; below: TransitionSet; above: TransitionSet };

export interface GridVerifySpec {
  kind: 'rewardlab-verify-spec';
  version: 1;
  properties: GridProperty[];
}

const OPS: HiddenOp[] = ['<', '<=', '>', '>=', '=='];
function transitionSet(field: string, v: unknown): TransitionSet {
  if (!isObject(v) || Object.keys(v).length === 0) throw new ConfigError(field, v, 'must be a transition set: {"into": TILE}, {"hidden": {"<=": x}} or {"all": true}');
  only(field, v, ['into', 'hidden', 'all']);
  const out: TransitionSet = {};
  if (v.into !== undefined) {
    if (typeof v.into !== 'string' || v.into.length === 0) throw new ConfigError(`${field}.into`, v.into, 'must be a tile name (e.g. "goal") or its board character');
    out.into = v.into;
  }
  if (v.hidden !== undefined) {
    const h = v.hidden;
    if (!isObject(h) || Object.keys(h).length !== 1 || !OPS.includes(Object.keys(h)[0] as HiddenOp)) throw new ConfigError(`${field}.hidden`, h, `must be one comparison {OP: number}, OP one of ${OPS.map(show).join(', ')}`);
    const op = Object.keys(h)[0] as HiddenOp;
    out.hidden = { op, value: finite(`${field}.hidden.${op}`, h[op]) };
  }
  if (v.all !== undefined) {
    if (v.all !== true) throw new ConfigError(`${field}.all`, v.all, 'must be true (every transition)');
    out.all = true;
  }
  return out;
}

function property(field: string, v: unknown, index: number): GridProperty {
  if (!isObject(v)) throw new ConfigError(field, v, 'must be a property object');
  const name = v.name === undefined ? `property ${index}` : v.name;
  if (typeof name !== 'string') throw new ConfigError(`${field}.name`, v.name, 'must be a string');
  switch (v.kind) {
    case 'range': {
      only(field, v, ['name', 'kind', 'set', 'min', 'max']);
      return { name, kind: 'range', set: transitionSet(`${field}.set`, v.set), ...rangeBounds(field, v) };
    }
    case 'ordering':
      only(field, v, ['name', 'kind', 'below', 'above']);
      return { name, kind: 'ordering', below: transitionSet(`${field}.below`, v.below), above: transitionSet(`${field}.above`, v.above) };
    default:
      throw new ConfigError(`${field}.kind`, v.kind, 'must be "range" or "ordering" (gridworld properties; "monotonic" needs continuous inputs)');
  }
}

/** Validate a gridworld spec (parsed JSON). Throws ConfigError naming the field and value. */
export function parseGridSpec(v: unknown): GridVerifySpec {
  if (!isObject(v)) throw new ConfigError('spec', v, 'must be an object {kind, version, properties}');
  only('spec', v, ['kind', 'version', 'properties']);
  if (v.kind !== 'rewardlab-verify-spec') throw new ConfigError('spec.kind', v.kind, 'must be "rewardlab-verify-spec"');
  if (v.version !== 1) throw new ConfigError('spec.version', v.version, 'must be 1 (the only version)');
  if (!Array.isArray(v.properties) || v.properties.length === 0) throw new ConfigError('spec.properties', v.properties, 'must be a non-empty list');
  return { kind: 'rewardlab-verify-spec', version: 1, properties: v.properties.map((p, i) => property(`spec.properties[${i}]`, p, i)) };
}
