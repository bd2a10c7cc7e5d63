/**
 * The file a worker thread starts from, next to the module that spawns it: `<name>.js` in the
 * compiled package, `<name>-tsx.mjs` (which loads `<name>.ts` through tsx) in a development
 * checkout, where the spawning module itself is a .ts file (tsx's `tsImport`, which loads the
 * modules of a worker, adds a `?tsx-namespace=…` query to their URLs).
 */
export function workerEntry(spawnerUrl: string, name: string): URL {
  return new URL(new URL(spawnerUrl).pathname.endsWith('.ts') ? `./${name}-tsx.mjs` : `./${name}.js`, spawnerUrl);
}
