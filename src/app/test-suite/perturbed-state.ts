/**
 * Classic control with a wider start: after the env's own reset, the physical state is
 * overwritten (`setState`, the replay hook of src/envs/classic-control/replayable.ts) with one
 * drawn from `draw`, on a generator seeded from the reset seed (stream `perturbed-state`), so
 * the same reset seed gives the same start. The observation is rebuilt from the new state by
 * `observe`; the wrapper first checks that `observe` reproduces the env's own observation of its
 * unperturbed start, so a formula that does not match the env fails loudly instead of lying.
 * Coordinates after the state's (the fixed-horizon "absorbed" flag) are kept as reset set them.
 */
import type { AnyEnv, ResetOptions, ResetResult } from '../../core/env.js';
import type { Rng } from '../../core/rng.js';
import { streamRng } from '../../core/seed-streams.js';
import { isReplayable } from '../../envs/classic-control/replayable.js';
import { Wrapper, unwrapEnv } from '../../wrappers/wrapper.js';

export interface StatePerturbation {
  /** The start state, one number per state variable (the env's `stateNames` order). */
  draw(rng: Rng): number[];
  /** The observation of a state, exactly as the env computes it. */
  observe(state: readonly number[]): Float32Array;
}

export class PerturbedState extends Wrapper<Float32Array, unknown> {
  private rng: Rng = streamRng(0, 'perturbed-state');
  constructor(
    env: AnyEnv,
    private readonly perturbation: StatePerturbation,
  ) {
    super(env);
  }

  override reset(opts?: ResetOptions): ResetResult<Float32Array> {
    const r = this.env.reset(opts);
    if (opts?.seed !== undefined) this.rng = streamRng(opts.seed, 'perturbed-state');
    const raw = unwrapEnv(this.env);
    if (!isReplayable(raw)) throw new Error(`PerturbedState: ${this.spec?.id ?? 'the env'} does not expose its state (setState)`);
    const own = this.perturbation.observe(raw.getState());
    if (own.some((v, i) => v !== r.observation[i])) throw new Error(`PerturbedState: the observation formula does not reproduce ${this.spec?.id ?? 'the env'}'s own observation`);
    const state = this.perturbation.draw(this.rng);
    raw.setState(state);
    const observation = Float32Array.from(r.observation);
    observation.set(this.perturbation.observe(state));
    return { ...r, observation };
  }
}
