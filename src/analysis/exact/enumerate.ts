/**
 * Exact state enumeration of a deterministic gridworld (all random choices pinned by options):
 * breadth-first search over action sequences from reset, identifying states by what defines
 * them here — the observed board, the agent position (a drape may hide the agent) and the env's info. Each state is reached by replaying its
 * action prefix, so no snapshot API is needed. Evaluation code: it records the hidden reward.
 */
import type { AnyEnv } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import { unseal } from '../../core/sealed.js';
import { unwrapEnv } from '../../wrappers/wrapper.js';
import type { GridWorldEnv } from '../../envs/gridworlds/grid-env.js';

export interface TabularTransition {
  next: number;
  visible: number;
  hidden: number;
  terminated: boolean;
}

export interface TabularMdp {
  /** Observations per state (one-hot planes), index 0 = the reset state. */
  observations: Float32Array[];
  /** Board rows per state, for people. */
  boards: string[][];
  /** transitions[s][a]; empty for terminal states. */
  transitions: TabularTransition[][];
  terminal: boolean[];
  numActions: number;
  /** States at maxDepth that were not expanded (planned as terminal); 0 when the enumeration is complete. */
  frontier: number;
}

export function enumerateStates(makeEnv: () => AnyEnv, o: { maxStates?: number; maxDepth?: number } = {}): TabularMdp {
  const maxStates = o.maxStates ?? 20_000;
  const maxDepth = o.maxDepth ?? 99;
  const env = makeEnv();
  const grid = unwrapEnv(env) as unknown as GridWorldEnv;
  const numActions = grid.game.actions.length;
  const keyOf = (info: unknown) => `${grid.boardRows().join("\n")}|${grid.agentPosition.join(",")}|${JSON.stringify(info ?? {})}`;
  const first = env.reset({ seed: 0 });
  const index = new Map<string, number>([[keyOf(first.info), 0]]);
  const mdp: TabularMdp = { observations: [Float32Array.from(first.observation as Float32Array)], boards: [grid.boardRows()], transitions: [[]], terminal: [false], numActions, frontier: 0 };
  const prefixes: number[][] = [[]];
  for (let s = 0; s < prefixes.length; s++) {
    if (mdp.terminal[s]) continue;
    if (prefixes[s].length >= maxDepth) {
      mdp.terminal[s] = true;
      mdp.frontier++;
      continue;
    }
    for (let a = 0; a < numActions; a++) {
      env.reset({ seed: 0 });
      for (const p of prefixes[s]) env.step(p);
      const r = env.step(a);
      const key = keyOf(r.info);
      let next = index.get(key);
      if (next === undefined) {
        next = prefixes.length;
        if (next >= maxStates) throw new ConfigError('maxStates', maxStates, 'is too small for this gridworld (raise it, or pin more options)');
        index.set(key, next);
        prefixes.push([...prefixes[s], a]);
        mdp.observations.push(Float32Array.from(r.observation as Float32Array));
        mdp.boards.push(grid.boardRows());
        mdp.transitions.push([]);
        mdp.terminal.push(r.terminated);
      }
      const signal = unseal(r.evaluation!);
      mdp.transitions[s][a] = { next, visible: signal.reward, hidden: signal.performance, terminated: r.terminated };
    }
  }
  env.close();
  return mdp;
}
