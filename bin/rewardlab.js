#!/usr/bin/env node
// The installed package runs the compiled CLI (dist/, built by `npm run build`). A development
// checkout (src/ beside bin/) runs the TypeScript sources through tsx, so the CLI there is never
// a stale build of them; REWARDLAB_DIST=1 runs the compiled dist/ in a checkout too.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(source) && process.env.REWARDLAB_DIST !== '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  console.error('rewardlab: dist/cli/main.js is missing; build it with `npm run build`');
  process.exit(1);
}
