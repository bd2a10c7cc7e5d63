// The SQLite writer thread's entry in a development checkout: loads sqlite-writer-worker.ts
// through tsx (hooks registered inside a worker do not apply to its own imports; tsImport does).
// Installed packages start dist/feedback/sqlite-writer-worker.js.
const { tsImport } = await import('tsx/esm/api');
await tsImport('./sqlite-writer-worker.ts', import.meta.url);
