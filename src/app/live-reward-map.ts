/**
 * The labeling dashboard's "what the reward model has learned" panel, fed from the training side:
 * after every reward-model training of a gridworld run this observer writes the current reward map
 * (src/analysis/reward-map.ts: learned and hidden reward per cell and per move, EPIC) with its
 * update number, the loop's round and the labels it was trained on to `<run>/live/reward-map.json`, atomically, with the
 * drawing (src/report/reward-map-chart.ts's panels and colour bar as one standalone SVG) inside
 * — one file, so the update, the numbers and the picture the server hands out always belong
 * together — and the same SVG to `<run>/live/reward-map.svg` for people browsing the folder.
 * The server (src/server/reward-map-route.ts) serves the JSON; it never computes anything.
 * Vector-observation envs get no observer (`liveRewardMapObserver` returns null).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isGridworld, rewardMap, type RewardMap } from '../analysis/reward-map.js';
import type { LoopObserver } from '../loop/roles.js';
import { rewardMapFigure } from '../report/reward-map-chart.js';
import type { RewardModel } from '../rewards/reward-model.js';
import { writeJsonAtomic } from '../runs/run-dir.js';

/** `<run>/live`: what the training side publishes for the dashboard while the run goes on. */
export const liveDir = (runDir: string): string => join(runDir, 'live');

export interface LiveRewardMap {
  kind: 'rewardlab-live-reward-map';
  version: 1;
  envId: string;
  /** 1 for the first map of the run, +1 per reward-model training (continued after a resume): what pages poll on, since the loop's round number repeats (several trainings can share one round). */
  update: number;
  /** The loop's round of the reward-model training this map was drawn after. */
  round: number;
  /** Labels in the dataset the model was trained on (null when no fold was seen yet, e.g. right after a resume). */
  labels: number | null;
  /** EPIC distance to the hidden performance (= map.epic). */
  epic: number;
  /** ISO time of writing. */
  writtenAt: string;
  map: RewardMap;
  /** Learned, hidden and difference panels with the colour bar, one standalone SVG document. */
  svg: string;
}

/** Gridworld check that never throws (an env whose module is not prepared in this thread is not a gridworld map can draw). */
export function drawsRewardMap(envId: string): boolean {
  try {
    return isGridworld(envId);
  } catch {
    return false;
  }
}

/** reward-map-chart.ts's figure (three panel SVGs, then the colour bar) laid out as one SVG: panels side by side, the bar below. */
export function rewardMapSvg(map: RewardMap): string {
  const parts = [...rewardMapFigure(map).matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
  const size = (s: string) => [Number(/width="([\d.]+)"/.exec(s)![1]), Number(/height="([\d.]+)"/.exec(s)![1])];
  const gap = 12;
  const panels = parts.slice(0, -1);
  const bar = parts.at(-1)!;
  let x = 0;
  let h = 0;
  const placed = panels.map((p) => {
    const [w, ph] = size(p);
    const at = x;
    x += w + gap;
    h = Math.max(h, ph);
    return p.replace('<svg ', `<svg x="${at}" y="0" `);
  });
  const [bw, bh] = size(bar);
  const width = Math.max(x - gap, bw);
  const height = h + 8 + bh;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" role="img" aria-label="learned reward, hidden performance and their difference per cell and move; EPIC ${map.epic.toFixed(3)}"><rect width="${width}" height="${height}" fill="#fff"/>${placed.join('')}${bar.replace('<svg ', `<svg x="0" y="${h + 8}" `)}</svg>`;
}

/** The update number of the map already in the run's live folder (0: none), so a resumed run counts on. */
export function lastUpdate(runDir: string): number {
  try {
    const u = (JSON.parse(readFileSync(join(liveDir(runDir), 'reward-map.json'), 'utf8')) as Partial<LiveRewardMap>).update;
    return typeof u === 'number' && Number.isInteger(u) && u > 0 ? u : 0;
  } catch {
    return 0;
  }
}

/** Writes one map (JSON with the SVG inside, then the SVG beside it). */
export function writeLiveRewardMap(runDir: string, doc: Omit<LiveRewardMap, 'kind' | 'version' | 'svg' | 'writtenAt' | 'epic'>): LiveRewardMap {
  const dir = liveDir(runDir);
  mkdirSync(dir, { recursive: true });
  const svg = rewardMapSvg(doc.map);
  const full: LiveRewardMap = { kind: 'rewardlab-live-reward-map', version: 1, envId: doc.envId, update: doc.update, round: doc.round, labels: doc.labels, epic: doc.map.epic, writtenAt: new Date().toISOString(), map: doc.map, svg };
  writeFileSync(join(dir, 'reward-map.svg.tmp'), svg);
  renameSync(join(dir, 'reward-map.svg.tmp'), join(dir, 'reward-map.svg'));
  writeJsonAtomic(join(dir, 'reward-map.json'), full);
  return full;
}

export interface LiveRewardMapOptions {
  /** Called after each write (tests, progress lines). */
  onWritten?(doc: LiveRewardMap): void;
  /** A map that could not be computed or written (a board too large to enumerate, a full disk, …): the run goes on without live maps (told once); default: ignored. */
  onError?(e: Error): void;
}

/**
 * An observer that writes the live reward map after each reward-model training of a gridworld run,
 * reading the loop's model through `model()` (the loop exists only after its observers are
 * built); null for envs a reward map cannot draw. It only reads the model: the run is the same with or without it.
 */
export function liveRewardMapObserver(envId: string, runDir: string, model: () => RewardModel, o: LiveRewardMapOptions = {}): LoopObserver | null {
  if (!drawsRewardMap(envId)) return null;
  let labels: number | null = null;
  let update = lastUpdate(runDir);
  let failed = false;
  return {
    onLabelsFolded: (e) => {
      labels = e.labels;
    },
    onRewardModelTrained: (e) => {
      if (failed) return; // e.g. TomatoWatering's states exceed the enumeration limit: every later round would fail the same way
      try {
        const m = model();
        const map = rewardMap(envId, (b) => m.predict(b).mean);
        const doc = writeLiveRewardMap(runDir, { envId, update: ++update, round: e.round, labels, map }); // not inside `onWritten?.(…)`: that skips its arguments when absent
        o.onWritten?.(doc);
      } catch (err) {
        failed = true;
        o.onError?.(err as Error);
      }
    },
  };
}
