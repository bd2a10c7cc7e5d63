// A WorkerVectorEnv thread's entry in a development checkout: loads vector-env-worker.ts through
// tsx (hooks registered inside a worker do not apply to its own imports; tsImport does).
// Installed packages start dist/vector/vector-env-worker.js.
const { tsImport } = await import('tsx/esm/api');
await tsImport('./vector-env-worker.ts', import.meta.url);
