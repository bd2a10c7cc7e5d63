/** The reward-training thread (training-thread.ts): runs each round it is sent and posts the result back. */
import { parentPort } from 'node:worker_threads';
import { runTrainingJob, type TrainingJob } from './training-thread.js';

const port = parentPort!;
port.on('message', (m: { id: number; job: TrainingJob }) => {
  try {
    port.postMessage({ id: m.id, result: runTrainingJob(m.job) });
  } catch (e) {
    const err = e as Error;
    port.postMessage({ id: m.id, error: { name: err.name, message: err.message, stack: err.stack } });
  }
});
