/**
 * The run report's interpretability part: a vector-observation run's report draws the reward
 * strip and the attribution strip under every clip and the partial-dependence panels; the
 * strips replay the clips' episodes step for step; gridworlds keep their reward maps instead.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { make } from '../envs/registry.js';
import { recordEpisode } from '../envs/random-episode.js';
import { RewardModel } from '../rewards/reward-model.js';
import { startRun } from './train-run.js';
import { writeRmReport } from './run-report.js';
import { distinctTransitions, interpretabilityPart } from './report-interpretability.js';
import { stepX } from '../report/reward-strip-chart.js';

/** Pushes towards the lean only: the pole falls after a few dozen steps, at a step that depends on the start. */
const lean = (o: Float32Array) => (o[2] > 0 ? 1 : 0);

/** A random reward model over CartPole that has seen some states, and a fixed policy that depends on the observation. */
function cartpoleModel(): RewardModel {
  const model = new RewardModel(4, { kind: 'discrete', n: 2 }, { members: 3, hidden: [16] }, new Rng(5));
  const env = make('CartPole-v1');
  const seen: Float32Array[] = [];
  for (let seed = 0; seen.length < 300; seed++) {
    let o = env.reset({ seed }).observation as Float32Array;
    for (let done = false; !done; ) {
      seen.push(o);
      const r = env.step(lean(o));
      o = r.observation as Float32Array;
      done = r.terminated || r.truncated;
    }
  }
  model.observe(seen);
  return model;
}

describe('interpretability part of the run report', () => {
  it('replays each clip step for step: one strip point and one attribution column per step, complete attributions', () => {
    const part = interpretabilityPart({ envId: 'CartPole-v1', model: cartpoleModel(), policy: lean, seeds: [11, 12], maxSteps: 500 })!;
    expect(part.strips).toHaveLength(2);
    const lengths = [11, 12].map((seed) => recordEpisode(make('CartPole-v1'), seed, (o) => lean(o as Float32Array), 500).length);
    expect(lengths[0]).not.toBe(lengths[1]); // so a strip of the wrong episode would show
    [11, 12].forEach((seed, i) => {
      const clip = recordEpisode(make('CartPole-v1'), seed, (o) => lean(o as Float32Array), 500);
      const strip = part.strips[i];
      const points = strip.match(/<polyline class="learned-reward" points="([^"]+)"/)![1].split(' ');
      expect(points).toHaveLength(clip.length);
      expect(strip.match(/<polyline class="true-reward" points="([^"]+)"/)![1].split(' ')).toHaveLength(clip.length);
      const cells = [...strip.matchAll(/<rect class="attr" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"/g)].map((m) => m.slice(1).map(Number));
      const rows = new Map<number, number[][]>();
      for (const [x, y, w] of cells) rows.set(y, [...(rows.get(y) ?? []), [x, w]]);
      expect(rows.size).toBe(4); // one row per observation coordinate
      const half = (stepX(1, clip.length, 420) - stepX(0, clip.length, 420)) / 2;
      for (const row of rows.values()) {
        // The row's cells tile the plot from step 0's left edge to the last step's right edge.
        expect(row[0][0]).toBeCloseTo(stepX(0, clip.length, 420) - half, 1);
        expect(row.at(-1)![0] + row.at(-1)![1]).toBeCloseTo(stepX(clip.length - 1, clip.length, 420) + half, 1);
        for (let k = 1; k < row.length; k++) expect(Math.abs(row[k][0] - row[k - 1][0] - row[k - 1][1])).toBeLessThan(0.02);
      }
      expect(strip).toContain('>theta_dot<');
    });
    expect(part.completenessGap).toBeLessThan(0.05 * part.meanSwing); // leaky-ReLU kinks: O(1/m) per step
    expect(part.meanSwing).toBeGreaterThan(0.05);
    expect(part.section.html).toContain('class="partial-dependence"');
    expect((part.section.html.match(/class="pd-panel"/g) ?? []).length).toBe(4);
  });

  it('averages the partial dependence over distinct transitions: an absorbing state repeated is one state', () => {
    const obs = Float32Array.of(1, 2, 0, 0, 0, 0, 0, 0, 1, 2);
    const batch = distinctTransitions({ obs, nextObs: Float32Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), actions: Float32Array.of(1, 0, 0, 0, 1), n: 5 });
    expect(batch.n).toBe(2);
    expect(Array.from(batch.obs)).toEqual([1, 2, 0, 0]);
    expect(distinctTransitions({ obs, nextObs: new Float32Array(10), actions: Float32Array.of(1, 0, 1, 0, 0), n: 5 }).n).toBe(4); // the action counts
  });

  it('leaves gridworlds to their reward maps', () => {
    const dim = make('BoatRace-v0').observationSpace.flatDim!;
    const model = new RewardModel(dim, { kind: 'discrete', n: 4 }, { members: 2, hidden: [8] }, new Rng(1));
    expect(interpretabilityPart({ envId: 'BoatRace-v0', model, policy: () => 0, seeds: [1] })).toBeNull();
    expect(interpretabilityPart({ envId: 'MountainCar-v0', model: new RewardModel(2, { kind: 'discrete', n: 3 }, { members: 2, hidden: [8] }, new Rng(1)), policy: () => 0, seeds: [1], maxSteps: 5, igSteps: 4 })).not.toBeNull();
  });

  it('is in a vector-observation run\'s report: the strip under each clip, the attribution strip and the partial dependence', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'interp-report-')), 'run');
    await startRun({ envId: 'FixedHorizonCartPole-v0', labels: 20, agentSteps: 4096, seed: 0 }, { out: dir });
    writeRmReport(dir);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect((html.match(/<svg[^>]*class="reward-strip"/g) ?? []).length).toBe(2);
    expect((html.match(/<svg[^>]*class="attribution-strip"/g) ?? []).length).toBe(2);
    expect(html).toContain('class="partial-dependence"');
    expect(html).toContain('What the reward model responds to');
    const data = JSON.parse(readFileSync(join(dir, 'interpretability.json'), 'utf8'));
    expect(Object.keys(data).slice(0, 2)).toEqual(['kind', 'version']);
    expect(data.kind).toBe('rewardlab-interpretability');
    expect(data.coordinates).toEqual(['x', 'x_dot', 'theta', 'theta_dot', 'absorbed']);
    expect(data.episodes).toHaveLength(2);
    expect(data.partialDependence).toHaveLength(5);
    // Each strip sits inside its clip's figure and has as many points as the caption's steps.
    const figures = [...html.matchAll(/<figure>([\s\S]*?)<\/figure>/g)].map((m) => m[1]).filter((f) => f.includes('class="reward-strip"'));
    expect(figures).toHaveLength(2);
    for (const f of figures) {
      const steps = Number(f.match(/over ([\d,]+) steps<\/figcaption>/)![1].replace(/,/g, ''));
      expect(f.match(/<polyline class="learned-reward" points="([^"]+)"/)![1].split(' ')).toHaveLength(steps);
    }
    for (const ep of data.episodes) expect(ep.attributions).toHaveLength(ep.learnedMean.length);
  }, 120_000);
});
