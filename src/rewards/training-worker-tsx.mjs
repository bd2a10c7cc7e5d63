// The reward-training thread's entry in a development checkout: loads training-worker.ts through
// tsx (see src/app/train-worker-tsx.mjs). Installed packages start dist/rewards/training-worker.js.
const { tsImport } = await import('tsx/esm/api');
await tsImport('./training-worker.ts', import.meta.url);
