/**
 * Running one held-out case: `episodes` episodes of the case env under a fixed policy, episode i
 * reset with seed streamSeed(seed, `episode/<i>`), a fresh env per episode, so perEpisode[i]
 * depends only on (condition, policy, seed, i): a re-run with fewer episodes reproduces a prefix.
 * A relative rule first measures the reference, the policy's hidden performance on its training
 * env, in the same way under `reference/<i>`. Evaluation code: it reads the sealed channel.
 */
import type { AnyEnv } from '../../core/env.js';
import { unseal } from '../../core/sealed.js';
import { streamSeed } from '../../core/seed-streams.js';
import type { Action } from '../../core/types.js';
import type { TestSuiteCase } from '../test-suite-types.js';
import { metricName, ruleThreshold, type CaseMetric, type HeldOutCondition } from './held-out-condition.js';

export type SuitePolicy = (observation: Float32Array) => Action;

export interface RunCaseOptions {
  /** The case seed (recorded as `seed`). */
  seed: number;
  episodes: number;
  /** The env the policy trained on (the reference of relative rules). */
  trainingEnv: () => AnyEnv;
  /** The policy's observation width; every case env must match it. */
  obsDim: number;
  /** Judge against this threshold instead of re-measuring the reference (a certificate's check). */
  threshold?: { op: '>=' | '<='; threshold: number };
}

const MAX_STEPS = 1_000_000;

/** One value per episode: the hidden performance, or the number of catastrophic steps. */
export function episodeValues(makeEnv: () => AnyEnv, policy: SuitePolicy, metric: CaseMetric, o: { seed: number; stream: string; episodes: number; obsDim: number }): number[] {
  const out: number[] = [];
  for (let e = 0; e < o.episodes; e++) {
    const env = makeEnv();
    let obs = env.reset({ seed: streamSeed(o.seed, `${o.stream}/${e}`) }).observation as Float32Array;
    if (obs.length !== o.obsDim) throw new Error(`test suite: ${env.spec?.id ?? 'a case env'} observes ${obs.length} numbers, the policy ${o.obsDim}`);
    let value = 0;
    for (let t = 0; ; t++) {
      const r = env.step(policy(obs));
      const signal = r.evaluation ? unseal(r.evaluation) : { reward: r.reward, performance: r.reward };
      value += metric.kind === 'performance' ? signal.performance : metric.isCatastrophe(signal) ? 1 : 0;
      obs = r.observation as Float32Array;
      if (r.terminated || r.truncated) break;
      if (t > MAX_STEPS) throw new Error(`test suite: an episode of ${env.spec?.id} ran for a million steps without ending`);
    }
    env.close();
    out.push(value);
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function runCase(c: HeldOutCondition, policy: SuitePolicy, o: RunCaseOptions): TestSuiteCase {
  const base = { seed: o.seed, episodes: o.episodes, obsDim: o.obsDim };
  let reference: TestSuiteCase['reference'];
  let rule = o.threshold;
  if (!rule) {
    let refValue: number | null = null;
    if (c.rule.kind === 'relative') {
      const perEpisode = episodeValues(o.trainingEnv, policy, { kind: 'performance' }, { ...base, stream: 'reference' });
      refValue = mean(perEpisode);
      const probe = o.trainingEnv();
      reference = { envId: probe.spec?.id ?? 'unknown', value: refValue, perEpisode };
      probe.close();
    }
    rule = ruleThreshold(c.rule, refValue);
  }
  const perEpisode = episodeValues(c.makeEnv, policy, c.metric, { ...base, stream: 'episode' });
  const value = mean(perEpisode);
  const passed = rule.op === '>=' ? value >= rule.threshold : value <= rule.threshold;
  return {
    name: c.name, condition: c.condition, envId: c.envId, episodes: o.episodes, metric: metricName(c.metric), value, op: rule.op, threshold: rule.threshold, passed, perEpisode, seed: o.seed,
    ...(c.envOptions ? { envOptions: c.envOptions } : {}), reason: c.reason, ...(reference ? { reference } : {}),
  };
}
