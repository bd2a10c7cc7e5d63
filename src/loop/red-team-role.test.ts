import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteFeedbackStore } from '../feedback/sqlite-store.js';
import { startRun } from '../app/train-run.js';
import { isRedTeamPair } from '../preferences/red-team-selector.js';

const small = { envId: 'IslandNavigation-v0', selector: 'red-team' as const, labels: 30, agentSteps: 6144, evalEvery: 10, evalEpisodes: 1, initialEpisodes: 4 };
const out = () => join(mkdtempSync(join(tmpdir(), 'rl-red-')), 'run');

async function askedIds(dir: string): Promise<string[]> {
  const store = await SqliteFeedbackStore.open(join(dir, 'feedback.sqlite'), { readonly: true });
  const ids = (await store.feedback()).map((f) => f.queryId);
  await store.close();
  return ids;
}

describe("selector 'red-team' in a run (the loop's default role)", () => {
  it('asks planned red-team segments after the first labels, the same ones for the same seed', async () => {
    const [a, b] = [out(), out()];
    await startRun(small, { out: a });
    await startRun(small, { out: b });
    const ids = await askedIds(a);
    expect(ids.length).toBeGreaterThan(small.labels / 2);
    const red = ids.filter((id) => isRedTeamPair({ id }));
    expect(red.length).toBeGreaterThanOrEqual(2);
    expect(red.every((id) => id.includes('/red-team/'))).toBe(true); // one side is a planned segment, not a rollout
    expect(isRedTeamPair({ id: ids[0] })).toBe(false); // before the first label the loop asks uniformly
    expect(await askedIds(b)).toEqual(ids);
  });

  it('names the problem where the red team cannot plan', async () => {
    await expect(startRun({ ...small, envId: 'FixedHorizonCartPole-v0' }, { out: out() })).rejects.toThrow(/selector = "red-team".*only gridworlds.*FixedHorizonCartPole-v0/);
    await expect(startRun({ ...small, redTeam: { beta: -1, tau: 0.1, share: 0.5 } }, { out: out() })).rejects.toThrow(/redTeam\.beta = -1/);
  });
});
