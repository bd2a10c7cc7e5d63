/**
 * Loading a committed .wasm module's bytes without a static `node:fs` import, so bundlers and
 * browsers never see one: under Node the bytes are read synchronously through
 * `process.getBuiltinModule`; in a browser callers fetch them (`fetchWasmBytes`).
 */
interface NodeFs { readFileSync(path: URL): Uint8Array<ArrayBuffer> }
interface NodeProcess { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown }

/** Node only: `build(bytes of url)`, read synchronously; `null` in a browser (no `process.getBuiltinModule`) or on any failure. */
export function loadNodeSync<T>(url: URL, build: (bytes: Uint8Array<ArrayBuffer>) => T): T | null {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.versions?.node || typeof proc.getBuiltinModule !== 'function') return null;
  try {
    const fs = proc.getBuiltinModule('node:fs') as NodeFs;
    return build(fs.readFileSync(url));
  } catch {
    return null;
  }
}

/** Browsers: `build(fetched bytes)`; `null` when the fetch or `build` fails. */
export async function fetchWasmBytes<T>(url: string | URL, build: (bytes: ArrayBuffer) => T | Promise<T>): Promise<T | null> {
  try {
    const response = await fetch(url);
    if (!response.ok) return null;
    return await build(await response.arrayBuffer());
  } catch {
    return null;
  }
}
