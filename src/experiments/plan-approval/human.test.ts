import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import type { Plan } from '../../core/plan.js';
import { runHumanSignOff } from './human.js';

describe('rewardlab sign-off (people decide through the server)', () => {
  it('runs only what was approved over HTTP and writes every verdict to sign-off.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sign-off-'));
    let url = '';
    const decide = async () => {
      const at = (p: string) => new URL(p, url);
      const cookie = (await fetch(at('/'))).headers.get('set-cookie')!.split(';')[0];
      const headers = { 'content-type': 'application/json', cookie };
      for (let decided = 0; decided < 20; ) {
        const { plan } = (await (await fetch(at('/api/plan'))).json()) as { plan: Plan | null };
        if (!plan) {
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        // reject the first plan of each episode, approve the rest
        const verdict = plan.id.endsWith('/p0') ? 'reject' : 'approve';
        const res = await fetch(at(`/api/plan/${verdict}`), { method: 'POST', headers, body: JSON.stringify({ planId: plan.id, labeler: 'ada' }) });
        expect(res.status).toBe(200);
        decided++;
      }
    };
    let deciding: Promise<void> | null = null;
    const stopAfter = new Promise<void>((resolve) => setTimeout(resolve, 8000));
    const r = await runHumanSignOff({ envId: 'IslandNavigation-v0', out, episodes: 2, stop: stopAfter, onListening: (u) => { url = u; deciding = decide().catch(() => {}); } });
    expect(deciding).not.toBeNull();
    expect(r.stoppedEarly).toBe(false);
    expect(r.episodes).toHaveLength(2);
    expect(r.unapprovedActions).toBe(0);
    for (const e of r.episodes) {
      expect(e.rejections).toBeGreaterThanOrEqual(1);
      expect(e.approvals).toBeGreaterThanOrEqual(1);
    }
    expect(r.verdicts.filter((v) => v.planId.endsWith('/p0')).every((v) => !v.approved && v.by === 'ada')).toBe(true);
    const saved = JSON.parse(readFileSync(join(out, 'sign-off.json'), 'utf8'));
    expect(saved).toMatchObject({ kind: 'rewardlab-sign-off', version: 1, unapprovedActions: 0 });
    expect(saved.verdicts).toHaveLength(r.verdicts.length);
  }, 20_000);
});
