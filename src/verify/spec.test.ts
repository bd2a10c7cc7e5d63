import { describe, expect, it } from 'vitest';
import { parseSpec, resolveBox, type InputLayout } from './spec.js';

const base = { kind: 'rewardlab-verify-spec', version: 1 };
const range = { kind: 'range', region: { obs: { 0: [-1, 1] } }, max: 3 };

/** The ConfigError message for a spec, or '' when it parses. */
function error(spec: unknown): string {
  try {
    parseSpec(spec);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('spec validation names the field and the value', () => {
  it.each([
    [{ ...base, kind: 'verify' }, 'spec.kind = "verify"'],
    [{ ...base, version: 2 }, 'spec.version = 2'],
    [{ ...base, properties: [] }, 'spec.properties = []'],
    [{ ...base, properties: [{ ...range, kind: 'maximum' }] }, 'spec.properties[0].kind = "maximum"'],
    [{ ...base, properties: [range, { ...range, region: { obs: { 1: [2, 1] } } }] }, 'spec.properties[1].region.obs.1 = [2,1]: must have lo ≤ hi'],
    [{ ...base, properties: [{ ...range, region: { obs: { 0: [-1, 'x'] } } }] }, 'spec.properties[0].region.obs.0[1] = "x": must be a finite number'],
    [{ ...base, properties: [{ ...range, region: [{ obs: {} }, { obz: {} }] }] }, 'spec.properties[0].region[1].obz = {}: is not a known field'],
    [{ ...base, properties: [{ kind: 'range', region: {} }] }, 'spec.properties[0].min = undefined: a range needs min, max or both'],
    [{ ...base, properties: [{ ...range, min: 5 }] }, 'spec.properties[0].max = 3: must be ≥ min = 5'],
    [{ ...base, properties: [{ kind: 'monotonic', region: {}, dim: 0, direction: 'up' }] }, 'spec.properties[0].direction = "up"'],
    [{ ...base, properties: [{ kind: 'ordering', below: {}, above: { action: 1.5 } }] }, 'spec.properties[0].above.action = 1.5: must be a non-negative integer action'],
    [{ ...base, budget: { maxBoxes: 0 }, properties: [range] }, 'spec.budget.maxBoxes = 0'],
    ['{"kind": ', 'spec = "{\\"kind\\": ": is not JSON'],
  ])('%j', (spec, message) => {
    expect(error(spec)).toContain(message);
  });

  it('accepts the documented example (names, defaults, unions, JSON text)', () => {
    const spec = parseSpec(
      JSON.stringify({
        ...base,
        names: ['x', 'x_dot', 'theta', 'theta_dot'],
        defaults: { obs: { x_dot: [-3, 3], theta_dot: [-3, 3] } },
        properties: [
          { name: 'upright wins', kind: 'ordering', below: [{ obs: { theta: [0.2, 0.418] } }, { obs: { theta: [-0.418, -0.2] } }], above: { obs: { theta: [-0.05, 0.05] } } },
          { kind: 'monotonic', region: { obs: { x: [-2.4, 0] } }, dim: 'x', direction: 'decreasing' },
        ],
      }),
    );
    expect(spec.properties.map((p) => p.kind)).toEqual(['ordering', 'monotonic']);
    expect(spec.properties[1].name).toBe('property 1');
  });
});

describe('regions in raw units', () => {
  const spec = parseSpec({ ...base, names: ['x', 'x_dot', 'theta', 'theta_dot'], defaults: { obs: { x_dot: [-3, 3] } }, properties: [range] });
  const layout: InputLayout = { obsDim: 4, action: { kind: 'discrete', n: 2 }, useNextObs: false, obsBounds: { low: [-4.8, -Infinity, -0.418, -Infinity], high: [4.8, Infinity, 0.418, Infinity] } };

  it('fills omitted dims from spec defaults, then the default box, then finite env bounds; one box per action', () => {
    const boxes = resolveBox(spec, { ...layout, defaultBox: [[-1, 1], [-1, 1], [-1, 1], [-2, 2]] }, 'r', { obs: { theta: [0.2, 0.3] }, nextObs: {}, action: 'any' });
    expect(boxes).toEqual([0, 1].map((action) => ({ lo: [-1, -3, 0.2, -2], hi: [1, 3, 0.3, 2], action })));
    const envOnly = resolveBox(spec, layout, 'r', { obs: { theta_dot: [0, 1] }, nextObs: {}, action: [1] });
    expect(envOnly).toEqual([{ lo: [-4.8, -3, -0.418, 0], hi: [4.8, 3, 0.418, 1], action: 1 }]);
  });

  it('names an unbounded dim, an unknown dim and an out-of-range action', () => {
    const bare = parseSpec({ ...base, properties: [range] });
    expect(() => resolveBox(bare, layout, 'r', { obs: {}, nextObs: {}, action: 'any' })).toThrow('r.obs.1 = "[-Infinity, Infinity]": has no finite bounds');
    expect(() => resolveBox(spec, layout, 'r', { obs: { phi: [0, 1] }, nextObs: {}, action: 'any' })).toThrow('r.obs.phi = "phi": is not an observation dim');
    expect(() => resolveBox(spec, { ...layout, defaultBox: [[-1, 1], [-1, 1], [-1, 1], [-1, 1]] }, 'r', { obs: {}, nextObs: {}, action: [2] })).toThrow('r.action = 2: must be a discrete action 0…1');
  });
});
