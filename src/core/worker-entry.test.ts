import { describe, expect, it } from 'vitest';
import { workerEntry } from './worker-entry.js';

describe('workerEntry', () => {
  it('starts the tsx entry beside a .ts spawner (also when tsx added a query to its URL) and the .js beside a compiled one', () => {
    expect(workerEntry('file:///p/src/rewards/training-thread.ts', 'training-worker').href).toBe('file:///p/src/rewards/training-worker-tsx.mjs');
    expect(workerEntry('file:///p/src/rewards/training-thread.ts?tsx-namespace=abc', 'training-worker').href).toBe('file:///p/src/rewards/training-worker-tsx.mjs');
    expect(workerEntry('file:///p/dist/rewards/training-thread.js', 'training-worker').href).toBe('file:///p/dist/rewards/training-worker.js');
  });
});
