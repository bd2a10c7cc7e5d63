/** The held-out conditions of a run's env: the gridworld and classic-control registries, looked up by env id. */
import { ConfigError } from '../../core/errors.js';
import { CLASSIC_CONTROL_ENVS, classicControlConditions } from './classic-control-conditions.js';
import { GRIDWORLD_ENVS, gridworldConditions } from './gridworld-conditions.js';
import type { HeldOutCondition } from './held-out-condition.js';

/** Every env id a test suite exists for. */
export const TEST_SUITE_ENVS: readonly string[] = [...GRIDWORLD_ENVS, ...CLASSIC_CONTROL_ENVS];

/** The conditions for a policy trained on `envId`; ConfigError when there are none. */
export function heldOutConditions(envId: string): HeldOutCondition[] {
  const found = gridworldConditions(envId) ?? classicControlConditions(envId);
  if (!found) throw new ConfigError('envId', envId, `has no held-out conditions; test suites exist for ${TEST_SUITE_ENVS.join(', ')}`);
  return found;
}

/** One condition by name; ConfigError naming the known ones. */
export function heldOutCondition(envId: string, name: string): HeldOutCondition {
  const all = heldOutConditions(envId);
  const c = all.find((x) => x.name === name);
  if (!c) throw new ConfigError('case', name, `is not a test case of ${envId}; its cases are ${all.map((x) => x.name).join(', ')}`);
  return c;
}
