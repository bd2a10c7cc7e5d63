// The PPO critic thread's entry in a development checkout: loads ppo-critic-worker.ts through
// tsx (see src/rewards/training-worker-tsx.mjs). Installed packages start dist/agents/ppo-critic-worker.js.
const { tsImport } = await import('tsx/esm/api');
await tsImport('./ppo-critic-worker.ts', import.meta.url);
