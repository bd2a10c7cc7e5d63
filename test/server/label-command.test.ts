/** `rewardlab label RUN_DIR` serves an existing run's pending queries; answers land in its SQLite. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { ROOT, cliEnv } from '../e2e/run-cli.js';
import { labelerClient, storeWithPairs } from './fixtures.js';

describe('rewardlab label', () => {
  it('serves the run, stores answers, and reports how many arrived', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-label-'));
    await (await storeWithPairs(join(dir, 'feedback.sqlite'), 2)).close();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ envId: 'FixedHorizonCartPole-v0' }));
    const child = spawn(process.execPath, [`${ROOT}bin/rewardlab.js`, 'label', dir, '--for-seconds', '6', '--json'], { cwd: ROOT, env: cliEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = stderr.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
        if (m) resolve(m[1]);
      });
      child.on('exit', () => reject(new Error(`label exited early: ${stderr}`)));
    });
    const ada = labelerClient((path, init) => fetch(url + path.slice(1), init), 'ada');
    const query = (await ada.claim())!;
    expect(await (await ada.answer(query.id, 'right')).json()).toMatchObject({ ok: true });
    expect((await fetch(`${url}report`)).status).toBe(404); // no report written for this run yet
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ newAnswers: 1 });
    const store = await SqliteFeedbackStore.open(join(dir, 'feedback.sqlite'), { readonly: true });
    expect((await store.feedback()).map((f) => f.answer)).toEqual(['right']);
    await store.close();
  });
});
