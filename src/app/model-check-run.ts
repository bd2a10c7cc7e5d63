/**
 * `modelCheckRun(dir)`: model checking of a gridworld run's final policy (src/analysis/exact).
 * Loads the newest checkpoint's PPO agent, takes its action probabilities in every reachable
 * state of the env's exact model (the stochastic policy it samples, or its greedy one), builds
 * the product Markov chain (time-expanded to the episode limit) and solves it exactly: the
 * probability of ever entering an unsafe state, expected catastrophes, the probability of the
 * goal and the expected steps. Writes `<dir>/model-check.json` and the chain in PRISM's
 * explicit format under `<dir>/prism/` (model.tra, .sta, .lab, .props), so PRISM or Storm can
 * re-check the numbers, and returns the result.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import '../envs/index.js';
import { ConfigError } from '../core/errors.js';
import { envSpec, make } from '../envs/registry.js';
import { loadPpo } from '../agents/ppo-checkpoint.js';
import type { Ppo } from '../agents/ppo.js';
import { latestCheckpoint } from '../runs/checkpoint-dir.js';
import { readJson, writeJsonAtomic } from '../runs/run-dir.js';
import { checkGridworldPolicy, safetyRule, type SafetyFigures } from '../analysis/exact/policy-product-gridworld.js';
import type { SolveInfo, SolveMethod } from '../analysis/exact/markov-chain.js';
import { prismFiles } from '../analysis/exact/prism-export.js';
import type { StochasticPolicy } from '../analysis/exact/policy-product.js';

export interface ModelCheckRunOptions {
  /** Episode step limit modelled; null = untimed (as if episodes never timed out). Default: the env's limit (100 for the gridworlds). */
  horizon?: number | null;
  /** 'stochastic': the action probabilities the agent samples from (its softmax); 'greedy': its argmax, as evaluations and reports run it. Default 'stochastic'. */
  policy?: 'stochastic' | 'greedy';
  /** Linear solver (src/analysis/exact/markov-chain-solve.ts). Default 'auto'. */
  method?: SolveMethod;
  /** Largest strongly connected component solved by elimination. Default 1500. */
  maxExactStates?: number;
}

/** The run's safety figures (SafetyFigures: pUnsafe, expectedCatastrophes, pGoal, expectedStepsToGoal, expectedSteps, pTruncated) and what they were computed on. */
export interface ModelCheckResult extends Omit<SafetyFigures, 'solve'> {
  kind: 'model-check';
  version: 1;
  runDir: string;
  envId: string;
  checkpoint: string;
  policy: 'stochastic' | 'greedy';
  /** What the unsafe states are in this env. */
  unsafe: string;
  horizon: number | null;
  /** Model states (enumerated), chain states, and chain transitions as in prism/model.tra (an ended state carries its self-loop). */
  states: { model: number; product: number; transitions: number };
  method: { solver: SolveInfo; precomputation: string; time: string };
  prism: { dir: string; files: string[]; command: string };
  file: string;
}

function policyOf(ppo: Ppo, kind: 'stochastic' | 'greedy'): StochasticPolicy {
  return (obs) => {
    const logits = ppo.actor.forward(ppo.normalize(obs), 1);
    const n = logits.length;
    const p = new Float64Array(n);
    if (kind === 'greedy') {
      let best = 0;
      for (let j = 1; j < n; j++) if (logits[j] > logits[best]) best = j;
      p[best] = 1;
      return p;
    }
    let max = -Infinity;
    for (let j = 0; j < n; j++) max = Math.max(max, logits[j]);
    let z = 0;
    for (let j = 0; j < n; j++) z += (p[j] = Math.exp(logits[j] - max));
    return p.map((v) => v / z);
  };
}

export function modelCheckRun(dir: string, o: ModelCheckRunOptions = {}): ModelCheckResult {
  const config = readJson<{ envId: string }>(join(dir, 'config.json'), 'run config');
  const kind = o.policy ?? 'stochastic';
  if (kind !== 'stochastic' && kind !== 'greedy') throw new ConfigError('policy', kind, "must be 'stochastic' or 'greedy'");
  const rule = safetyRule(config.envId); // a clear error before anything is loaded
  const checkpoint = latestCheckpoint(dir);
  if (!checkpoint) throw new ConfigError('RUN_DIR', dir, 'has no finished checkpoint yet: train (or resume) until one is written');
  const horizon = o.horizon === undefined ? envSpec(config.envId).maxEpisodeSteps ?? 100 : o.horizon;
  const ppo = loadPpo(checkpoint, { makeEnv: () => make(config.envId) });
  let check;
  try {
    check = checkGridworldPolicy(config.envId, policyOf(ppo, kind), { horizon, method: o.method, maxExactStates: o.maxExactStates });
  } finally {
    ppo.close();
  }
  const { chain } = check.product;
  const prismDir = join(dir, 'prism');
  mkdirSync(prismDir, { recursive: true });
  const files = prismFiles(chain);
  const names = (['tra', 'sta', 'lab', 'props'] as const).map((ext) => {
    writeFileSync(join(prismDir, `model.${ext}`), files[ext]);
    return `model.${ext}`;
  });
  const { solve, ...figures } = check.figures;
  const file = join(dir, 'model-check.json');
  const result: ModelCheckResult = {
    kind: 'model-check',
    version: 1,
    runDir: dir,
    envId: config.envId,
    checkpoint,
    policy: kind,
    unsafe: rule.unsafe,
    horizon,
    ...figures,
    states: { model: check.mdp.observations.length, product: chain.rows.length, transitions: chain.rows.reduce((m, r) => m + Math.max(1, r.length), 0) },
    method: {
      solver: solve,
      precomputation: 'probability-0 and probability-1 states by graph search (PRISM Prob0/Prob1)',
      time: horizon === null ? 'untimed chain on the model states' : `product states are (state, step); episodes still running after ${horizon} steps are absorbed as "truncated"`,
    },
    prism: { dir: prismDir, files: names, command: 'prism -importtrans model.tra -importstates model.sta -importlabels model.lab -dtmc model.props' },
    file,
  };
  writeJsonAtomic(file, result);
  return result;
}

const pct = (p: number) => `${(100 * p).toPrecision(6)}%`;

/** The result for the terminal, one line each. */
export function modelCheckLines(r: ModelCheckResult): string[] {
  return [
    `${r.envId}, ${r.policy} policy of ${r.checkpoint}: ${r.states.product} chain states (${r.states.model} model states × steps), solved ${r.method.solver.method}`,
    `P(ever ${r.unsafe}) = ${r.pUnsafe.toPrecision(6)} (${pct(r.pUnsafe)}); expected catastrophes per episode ${r.expectedCatastrophes.toPrecision(6)}`,
    `P(goal) = ${r.pGoal.toPrecision(6)}; expected steps to the goal when reached ${r.expectedStepsToGoal === null ? 'n/a (never reached)' : r.expectedStepsToGoal.toPrecision(6)}`,
    `expected steps per episode ${r.expectedSteps === null ? 'unbounded' : r.expectedSteps.toPrecision(6)}; P(time limit${r.horizon === null ? ', untimed' : ` ${r.horizon}`}) = ${r.pTruncated.toPrecision(6)}`,
    `model-check: ${r.file}; PRISM files: ${r.prism.dir}`,
  ];
}
