/** Play one episode with a given (or random) policy and record its frames and returns. */
import type { AnyEnv } from '../core/env.js';
import type { Scene } from '../core/scene.js';
import { streamRng } from '../core/seed-streams.js';

export interface RecordedEpisode {
  frames: Scene[];
  return: number;
  length: number;
  terminated: boolean;
  truncated: boolean;
}

export function recordEpisode(env: AnyEnv, seed: number, policy?: (obs: unknown) => unknown, maxSteps = 10_000): RecordedEpisode {
  const rng = streamRng(seed, 'random-episode');
  const act = policy ?? (() => env.actionSpace.sample(rng));
  let obs = env.reset({ seed }).observation;
  const frames: Scene[] = [env.render()];
  let total = 0;
  for (let t = 0; t < maxSteps; t++) {
    const r = env.step(act(obs));
    total += r.reward;
    obs = r.observation;
    frames.push(env.render());
    if (r.terminated || r.truncated) return { frames, return: total, length: t + 1, terminated: r.terminated, truncated: r.truncated };
  }
  return { frames, return: total, length: maxSteps, terminated: false, truncated: true };
}
