/**
 * A run whose feedback store is PostgreSQL: `rewardlab train --store postgres://…` keeps every
 * query and answer there (nothing in the run directory), `feedback export` and `label` find the
 * store through the run's config; and two labeling servers sharing one run store (16 labelers
 * each, the same people on both) store every acknowledged answer exactly once and never give a
 * query more answers than its redundancy — the store's maxAnswers holds across servers that do
 * not see each other's in-memory claims. Skipped, with the reason, when PostgreSQL cannot start.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeedbackStore } from '../../src/feedback/feedback-store.js';
import { openFeedbackStore } from '../../src/feedback/open-store.js';
import { startFeedbackServer, type RunningServer } from '../../src/server/serve.js';
import { startTestPostgres } from '../conformance/postgres-server.js';
import { testSchema } from '../conformance/postgres-schema.js';
import { addPairs, labelerClient } from '../server/fixtures.js';
import { runCli } from './run-cli.js';

const server = await startTestPostgres();
if ('skip' in server) {
  describe('a run stored in PostgreSQL', () => {
    it.skip(`skipped: ${server.skip}`, () => {});
  });
} else {
  const { spec: inSchema } = testSchema(server, 'rl_e2e');
  const spec = (run: string) => inSchema(`run=${run}`);

  describe('a run stored in PostgreSQL', () => {
    it('train --store writes every query and answer to PostgreSQL; feedback export and label open it from the run config', async () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'rl-pg-run-')), 'run');
      const url = spec('cli_train');
      const r = runCli(['train', '--env', 'FixedHorizonCartPole-v0', '--labels', '30', '--steps', '8192', '--feedback', 'synthetic', '--store', url, '--out', dir, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc).toMatchObject({ finished: true, globalStep: 8192 });
      expect(doc.labels).toBeGreaterThan(0);
      expect(existsSync(join(dir, 'feedback.sqlite'))).toBe(false);
      expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).store).toBe(url);
      const store = await openFeedbackStore(url, { readonly: true });
      try {
        const answers = await store.feedback();
        expect(answers).toHaveLength(doc.labels);
        expect(new Set(answers.map((a) => a.labeler))).toEqual(new Set([answers[0].labeler]));
        expect((await store.queries()).length).toBeGreaterThanOrEqual(doc.labels);
        expect((await store.folds()).length).toBeGreaterThan(0);
        expect(await store.consumedSeq()).toBe(answers.at(-1)!.seq); // the last round folded every answer
        expect(await store.verify()).toEqual({ ok: true, bad: [] });
        const exported = runCli(['feedback', 'export', dir, join(dir, 'x.jsonl'), '--json']);
        expect(exported.code, exported.stderr).toBe(0);
        expect(JSON.parse(exported.stdout)).toMatchObject({ queries: (await store.count()).queries, feedback: doc.labels });
        expect(readFileSync(join(dir, 'x.jsonl'), 'utf8').split('\n')).toHaveLength(1 + (await store.count()).queries + doc.labels + 1);
      } finally {
        await store.close();
      }
      const label = runCli(['label', dir, '--for-seconds', '0', '--json']);
      expect(label.code, label.stderr).toBe(0);
      expect(JSON.parse(label.stdout)).toMatchObject({ newAnswers: 0 });
      expect(label.stderr).toMatch(/label 0 pending queries at http:\/\/127\.0\.0\.1:\d+\//);
      expect(existsSync(join(dir, 'feedback.sqlite'))).toBe(false);
    }, 120_000);

    it('train --store refuses a password in the URL before anything is written', () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'rl-pg-run-')), 'run');
      const r = runCli(['train', '--labels', '30', '--steps', '8192', '--store', 'postgres://me:hunter2@127.0.0.1:5432/db?run=x', '--out', dir]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/store = "postgres:\/\/me:\*\*\*@127\.0\.0\.1:5432\/db\?run=x": must not contain a password/);
      expect(r.stderr).not.toContain('hunter2');
      expect(existsSync(dir)).toBe(false);
    });

    it('two labeling servers on one run store, 16 labelers each: every acknowledged answer stored exactly once, no query over its redundancy', async () => {
      const redundancy = 2;
      const queries = 40;
      const stores: FeedbackStore[] = [];
      const servers: RunningServer[] = [];
      try {
        const first = await addPairs(await openFeedbackStore(spec('two_servers')), queries);
        stores.push(first, await openFeedbackStore(first.location)); // one connection pool per server, as on two machines
        for (const store of stores) servers.push(await startFeedbackServer({ store, envId: 'FixedHorizonCartPole-v0', redundancy, finishGraceMs: 0 }));
        expect(new Set(servers.map((s) => s.url)).size).toBe(2);
        const acks: { server: number; labeler: string; queryId: string; seq: number }[] = [];
        let refused = 0;
        const refusedFor = new Map<string, Set<string>>(); // "server/labeler" → queries the store refused them
        const reoffered: string[] = [];
        // The same 16 people label through both servers (a load balancer in front): each name answers a query at most once.
        await Promise.all(
          servers.flatMap((s, si) =>
            Array.from({ length: 16 }, async (_, i) => {
              const client = labelerClient((path, init) => fetch(s.url + path.slice(1), init), `labeler-${i}`);
              for (let attempt = 0; attempt < 12; attempt++) { // bounded: a server may keep offering a query the other one filled
                const q = await client.claim();
                if (!q) return;
                const who = `${si}/labeler-${i}`;
                if (refusedFor.get(who)?.has(q.id)) reoffered.push(`${who} ${q.id}`);
                const r = await client.answer(q.id, i % 3 === 0 ? 'right' : 'left');
                const body = await r.json();
                if (r.status === 200) acks.push({ server: si, labeler: `labeler-${i}`, queryId: q.id, seq: body.seq });
                else {
                  expect(r.status, JSON.stringify(body)).toBe(409); // the other server filled it, or this person answered it there
                  refused++;
                  refusedFor.set(who, (refusedFor.get(who) ?? new Set()).add(q.id));
                }
              }
            }),
          ),
        );
        for (const s of servers.splice(0)) await s.close();
        console.log(`two servers: ${acks.length} answers acknowledged (${acks.filter((a) => a.server === 0).length} by the first), ${refused} refused with 409`);
        const stored = await first.feedback({ withRetracted: true });
        expect(acks.length).toBeGreaterThan(queries); // both servers did real work
        expect(refused).toBeGreaterThan(0); // the servers collided, and the store refused what the other one had filled
        expect(reoffered).toEqual([]); // a refused query is never offered to the same person on that server again
        expect(stored).toHaveLength(acks.length); // nothing stored that was not acknowledged
        const bySeq = new Map(stored.map((f) => [f.seq, f]));
        for (const a of acks) expect(bySeq.get(a.seq), `ack ${a.seq}`).toMatchObject({ queryId: a.queryId, labeler: a.labeler });
        expect(new Set(acks.map((a) => a.seq)).size).toBe(acks.length); // each ack its own record
        const perQuery = new Map<string, string[]>();
        for (const f of stored) perQuery.set(f.queryId, [...(perQuery.get(f.queryId) ?? []), f.labeler]);
        for (const [id, labelers] of perQuery) {
          expect(labelers.length, id).toBeLessThanOrEqual(redundancy);
          expect(new Set(labelers).size, id).toBe(labelers.length);
        }
        expect(await first.verify()).toEqual({ ok: true, bad: [] });
      } finally {
        for (const s of servers) await s.close();
        for (const s of stores) await s.close();
      }
    }, 120_000);
  });
}
