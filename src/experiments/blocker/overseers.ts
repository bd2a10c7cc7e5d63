/**
 * Synthetic overseers for the blocker experiment: each knows the env's catastrophe predicate
 * one step ahead (evaluation code: it reads the hidden channel of its own model, never the
 * learner's) and names a safe action to take instead.
 *  - Gridworlds: the exact model (src/analysis/exact/enumerate.ts) of the plain game; an
 *    observation of the fixed-horizon variant (the game's planes ⊕ the absorbed flag) is looked
 *    up by its planes. Catastrophic = the move's hidden signal satisfies the case's predicate.
 *  - CartPoleCliff: with explicit Euler the action moves the cart only from the second step on,
 *    so one step alone never decides; the overseer stops an action after which pushing towards
 *    the centre can no longer keep the cart on the track (simulated from the observation until
 *    the pole falls — the absorbing end — or 200 steps). Its safe action is that push, which
 *    keeps a state it allows allowed (the same simulation, one step on).
 */
import type { EvaluationSignal } from '../../core/sealed.js';
import { make } from '../../envs/registry.js';
import { enumerateStates } from '../../analysis/exact/enumerate.js';
import { CartPoleCliffEnv, crossesCliff } from '../../envs/classic-control/cartpole-cliff.js';

export interface Overseer {
  /** Would `action` here lead to a catastrophe (stop it)? */
  catastrophic(observation: Float32Array, action: number): boolean;
  /** The action taken instead of a stopped one. */
  safeAction(observation: Float32Array, proposed: number): number;
  /** Observations the overseer's model did not know (treated as safe; 0 for a complete model). */
  readonly unknown: number;
}

const bytesKey = (x: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64');

/** The exact one-step overseer of a deterministic gridworld (`game`: the plain id whose fixed-horizon variant the agent plays). */
export function gridworldOverseer(game: string, isCatastrophe: (s: EvaluationSignal) => boolean): Overseer {
  const mdp = enumerateStates(() => make(game));
  const dim = mdp.observations[0].length;
  /** Planes → the catastrophic actions there (union over states that look alike). */
  const bad = new Map<string, Set<number>>();
  mdp.observations.forEach((obs, s) => {
    const key = bytesKey(obs);
    const set = bad.get(key) ?? new Set<number>();
    mdp.transitions[s].forEach((t, a) => {
      if (isCatastrophe({ reward: t.visible, performance: t.hidden })) set.add(a);
    });
    bad.set(key, set);
  });
  let unknown = 0;
  const catastrophicHere = (observation: Float32Array): Set<number> | undefined => {
    if (observation.length === dim + 1 && observation[dim] === 1) return undefined; // absorbed: nothing happens any more
    const set = bad.get(bytesKey(observation.subarray(0, dim)));
    if (!set) unknown++;
    return set;
  };
  return {
    catastrophic: (observation, action) => catastrophicHere(observation)?.has(action) ?? false,
    safeAction(observation, proposed) {
      const set = catastrophicHere(observation);
      if (!set?.has(proposed)) return proposed;
      for (let a = 0; a < mdp.numActions; a++) if (!set.has(a)) return a;
      return proposed; // nothing is safe here (no such cell in these maps)
    },
    get unknown() {
      return unknown;
    },
  };
}

/** The CartPoleCliff overseer: stop an action after which pushing towards the centre cannot keep the cart from the edge. */
export function cartPoleCliffOverseer(o: { horizon?: number } = {}): Overseer {
  const horizon = o.horizon ?? 200;
  const sim = new CartPoleCliffEnv();
  const towardsCentre = (x: number) => (x > 0 ? 0 : 1);
  const catastrophic = (observation: Float32Array, action: number): boolean => {
    if (observation.length > 4 && observation[4] === 1) return false; // absorbed
    sim.reset({ seed: 0 });
    sim.setState([observation[0], observation[1], observation[2], observation[3]]);
    let a = action;
    for (let h = 0; h <= horizon; h++) {
      const x0 = sim.getState()[0];
      const r = sim.step(a);
      const x1 = sim.getState()[0];
      if (crossesCliff(x0, x1)) return true;
      if (r.terminated) return false;
      a = towardsCentre(x1);
    }
    return false;
  };
  return {
    catastrophic,
    safeAction: (observation, proposed) => (catastrophic(observation, proposed) ? towardsCentre(observation[0]) : proposed),
    unknown: 0,
  };
}
