import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { TRAINING_NICE } from './thread-priority.js';

/** Field 19 of /proc/<pid>/task/<tid>/stat is the nice value. */
const niceOf = (tid: number) => Number(readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);

describe.runIf(process.platform === 'linux')('lowerThreadPriority', () => {
  it('lowers the calling worker thread only, not the process', async () => {
    const code = `const { readlinkSync } = require('node:fs'); const { setPriority } = require('node:os');
      const { parentPort } = require('node:worker_threads');
      const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
      parentPort.postMessage(tid); parentPort.once('message', () => {});`;
    const w = new Worker(code, { eval: true });
    const tid = await new Promise<number>((r) => w.once('message', r));
    expect(niceOf(tid)).toBe(niceOf(process.pid));
    await w.terminate();
    // now from inside a worker, through the function itself
    const w2 = new Worker(new URL('../../test/fixtures/thread-priority-probe.mjs', import.meta.url));
    const [tid2, ok] = await new Promise<[number, boolean]>((r) => w2.once('message', r));
    expect(ok).toBe(true);
    expect(niceOf(tid2)).toBe(TRAINING_NICE);
    expect(niceOf(process.pid)).toBe(0);
    await w2.terminate();
  });
});
