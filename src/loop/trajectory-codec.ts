/**
 * The loop's fragment pool as plain JSON for checkpoints (a resumed run must ask about the
 * same segments as the uninterrupted one). Unlike query payloads (fragment-codec.ts) this
 * keeps the sealed evaluation channel — the synthetic teacher needs it — re-sealed on load;
 * checkpoints are the run's own files, never shown to the learner.
 */
import { DataFormatError } from '../core/errors.js';
import type { Scene } from '../core/scene.js';
import { seal, unseal, type EvaluationSignal } from '../core/sealed.js';
import type { Action, Trajectory } from '../core/types.js';

export interface TrajectoryJSON {
  envId: string;
  seed: number;
  episode: number;
  observations: number[][];
  actions: (number | number[])[];
  evaluation: EvaluationSignal[];
  frames?: Scene[];
  terminated: boolean;
  truncated: boolean;
}

export interface PoolJSON {
  kind: 'rewardlab-trajectory-pool';
  version: 1;
  trajectories: TrajectoryJSON[];
}

export function encodePool(pool: readonly Trajectory[]): PoolJSON {
  return {
    kind: 'rewardlab-trajectory-pool', version: 1,
    trajectories: pool.map((t) => ({
      envId: t.envId, seed: t.seed, episode: t.episode,
      observations: t.observations.map((o) => Array.from(o)),
      actions: t.actions.map((a) => (typeof a === 'number' ? a : Array.from(a))),
      evaluation: t.evaluation.map((e) => unseal(e)),
      ...(t.frames ? { frames: t.frames } : {}),
      terminated: t.terminated, truncated: t.truncated,
    })),
  };
}

export function decodePool(json: PoolJSON, where: string): Trajectory[] {
  if (json?.kind !== 'rewardlab-trajectory-pool' || json.version !== 1) throw new DataFormatError(`${where}: not a trajectory pool (kind = ${JSON.stringify(json?.kind)}, version = ${JSON.stringify(json?.version)})`);
  return json.trajectories.map((t) => ({
    envId: t.envId, seed: t.seed, episode: t.episode,
    observations: t.observations.map((o) => Float32Array.from(o)),
    actions: t.actions.map((a): Action => (typeof a === 'number' ? a : Float32Array.from(a))),
    evaluation: t.evaluation.map((e) => seal(e)),
    frames: t.frames,
    terminated: t.terminated, truncated: t.truncated,
  }));
}
