/** The rows of the README's measured table: which committed bench row each line shows. */
export interface ReadmeRow {
  suite: string;
  /** The row's exact name in bench/results/<suite>.json. */
  name: string;
  /** What the README calls it. */
  label: string;
  /** Append the row's notes (targets, seeds reached, ratios). */
  showNotes?: boolean;
}

export const README_ROWS: ReadmeRow[] = [
  { suite: 'loop', name: 'FixedHorizonCartPole-v0 every seed, 200 labels, shipped defaults, seeds 0–9', label: 'Reward modeling, FixedHorizonCartPole-v0, 200 synthetic labels, shipped defaults, seeds 0–9: success rate (true return ≥ 475)', showNotes: true },
  { suite: 'loop', name: 'FixedHorizonCartPole-v0 every seed, 100 labels, shipped defaults, seeds 0–9', label: 'the same with 100 labels', showNotes: true },
  { suite: 'loop', name: 'FixedHorizonCartPole-v0 demo command wall time', label: '`npm run demo` (`node bin/rewardlab.js demo`: start-up, the loop, the report)', showNotes: true },
  { suite: 'loop', name: 'FixedHorizonCartPole-v0 demo loop wall time, reward-model rounds on the training thread', label: "the demo's loop alone, reward-model rounds on a second thread while the agent updates (the default)", showNotes: true },
  { suite: 'loop', name: 'FixedHorizonCartPole-v0 demo loop wall time, one thread', label: 'the same in one thread (`roles.trainingThread: false`)' },
  { suite: 'ppo', name: 'CartPole-v1 evaluation return after 100000 steps', label: 'PPO, CartPole-v1, 100k steps, seeds 0–2', showNotes: true },
  { suite: 'ppo', name: 'CartPole-v1 wall time for 100000 steps', label: 'PPO, CartPole-v1, wall time for 100k steps', showNotes: true },
  { suite: 'ppo', name: 'FixedHorizonCartPole-v0 evaluation return after 100000 steps', label: 'PPO, FixedHorizonCartPole-v0, 100k steps', showNotes: true },
  { suite: 'ppo', name: 'Acrobot-v1 evaluation return after 200000 steps', label: 'PPO, Acrobot-v1, 200k steps', showNotes: true },
  { suite: 'ppo', name: 'Pendulum-v1 evaluation return after 200000 steps', label: 'PPO, Pendulum-v1, 200k steps', showNotes: true },
  { suite: 'ppo', name: 'CartPole-v1 at rl-zoo settings, evaluation return after 100000 steps', label: "PPO, CartPole-v1 at rl-zoo's exact settings (8×32 steps, batch 256, 20 epochs, lr and clip annealed), 100k steps, seeds 0–2", showNotes: true },
  { suite: 'ppo', name: 'CartPole-v1 at rl-zoo settings, wall time for 100000 steps', label: 'the same, wall time for 100k steps', showNotes: true },
  { suite: 'ppo', name: 'CartPole-v1 at rl-zoo settings, updateThreads 2, wall time for 100000 steps', label: 'the same on both cores (`updateThreads: 2`: the critic updates on a second thread; same weights bit for bit)', showNotes: true },
  { suite: 'ppo', name: 'HalfCheetah-v5 preset (256×256 ReLU), speed-up of updateThreads 2 over 1', label: 'PPO update on both cores, HalfCheetah-v5 preset (256×256), speed-up of `updateThreads: 2` over 1', showNotes: true },
  { suite: 'nn', name: 'WASM fused: PPO update, MLP 8→64→64→5, batch 256, fwd+bwd+Adam', label: 'NN update, MLP 8→64→64→5, batch 256, whole-layer WASM kernels (the default)' },
  { suite: 'nn', name: 'WASM SIMD: PPO update, MLP 8→64→64→5, batch 256, fwd+bwd+Adam', label: 'the same, WASM SIMD matmul only' },
  { suite: 'nn', name: 'TypeScript: PPO update, MLP 8→64→64→5, batch 256, fwd+bwd+Adam', label: 'the same, TypeScript kernel' },
  { suite: 'nn', name: 'WASM fused: roofline, MLP 17→256→256→6, batch 256, fwd+bwd+Adam', label: 'NN update, MLP 17→256→256→6, batch 256, whole-layer WASM kernels', showNotes: true },
  { suite: 'server', name: 'answers/s, 32 concurrent labelers, saturated', label: 'Labeling server, 32 labelers as fast as they can, store of 5,000 queries with real clip payloads (claim + answer, durable before ack)' },
  { suite: 'server', name: 'answers/s, 32 concurrent labelers, saturated, while training runs', label: 'the same while a run trains in a thread of the same process' },
  { suite: 'server', name: 'answer latency p99, 32 labelers offering 1000 answers/s, while training runs', label: 'answer latency p99, 32 labelers offering 1,000 answers/s together, while training runs' },
  { suite: 'server', name: 'claim latency p99, 32 labelers offering 1000 answers/s, while training runs', label: 'the same, claim latency p99' },
  { suite: 'server', name: 'answers/s, 1 concurrent labelers, saturated', label: 'Labeling server, 1 labeler as fast as it can' },
];
