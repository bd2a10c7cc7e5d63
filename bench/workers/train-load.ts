/**
 * The server bench's "while training runs": a real reward-modeling run (FixedHorizonCartPole-v0,
 * synthetic teacher, PPO and reward-model rounds) in its own thread, started like a human run's
 * training worker — at the lowered thread priority src/core/thread-priority.ts gives it — plus,
 * as a human run's loop does, new clip-pair queries written to the server's store from this
 * thread (25 every 2 s, copies of the bench store's real payloads), so the server's commits
 * contend for the store's write lock with another connection, and announced to the server once
 * stored, as a human run announces them. Runs until terminated.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../../src/core/thread-priority.js';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { startRun } from '../../src/app/train-run.js';

const { storePath, lowPriority } = workerData as { storePath: string; lowPriority: boolean };
const lowered = lowPriority ? lowerThreadPriority() : false;
const store = await SqliteFeedbackStore.open(storePath);
const template = (await store.queries()).slice(0, 25);
let batch = 0;
setInterval(() => {
  batch++;
  const queries = template.map((q, i) => ({ id: `load-${batch}-${i}`, kind: q.kind, payload: q.payload }));
  // Announced once stored, as a human run's loop announces what it asks (human-run.ts → control.queriesAdded).
  void store.addQueries(queries).then(() => parentPort!.postMessage({ asked: queries.map((q) => q.id) }));
}, 2000);
parentPort!.postMessage({ lowered });
await startRun({ envId: 'FixedHorizonCartPole-v0', labels: 100_000, agentSteps: 100_000_000, seed: 1 }, { out: join(mkdtempSync(join(tmpdir(), 'bench-load-')), 'run') });
