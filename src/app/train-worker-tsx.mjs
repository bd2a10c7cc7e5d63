// The training worker's entry in a development checkout: loads train-worker.ts through tsx
// (module hooks registered inside a worker do not apply to its own imports; tsImport does), as
// bin/rewardlab.js runs the CLI from the sources. Installed packages start dist/app/train-worker.js.
const { tsImport } = await import('tsx/esm/api');
await tsImport('./train-worker.ts', import.meta.url);
