/**
 * The file a worker thread starts from, next to the module that spawns it: `<name>.js` in the
 * compiled package, `<name>-tsx.mjs` (which loads `<name>.ts` through tsx) in a development
 * checkout, where the spawning module itself is a .ts file.
 */
export function workerEntry(spawnerUrl: string, name: string): URL {
  return new URL(spawnerUrl.endsWith('.ts') ? `./${name}-tsx.mjs` : `./${name}.js`, spawnerUrl);
}
