/**
 * A gridworld reward map (src/analysis/reward-map.ts) as three SVG panels: the learned reward,
 * the hidden performance's reward and their difference, per cell and per move — each cell is
 * split into four triangles pointing up, down, left and right, coloured by the reward of that
 * move from that cell (blue below the mean, red above, one symmetric scale for all panels, in
 * standard deviations). Walls are dark, cells the agent never stands on are hatched, the reset
 * board's tiles (goal, water, lava, …) are lettered, and the differences beyond 1 sd are outlined.
 */
import type { RewardMap } from '../analysis/reward-map.js';
import { escapeXml } from './svg.js';

const CELL = 36;
const TRIANGLES: Record<string, (x: number, y: number) => string> = {
  up: (x, y) => `${x},${y} ${x + CELL},${y} ${x + CELL / 2},${y + CELL / 2}`,
  down: (x, y) => `${x},${y + CELL} ${x + CELL},${y + CELL} ${x + CELL / 2},${y + CELL / 2}`,
  left: (x, y) => `${x},${y} ${x},${y + CELL} ${x + CELL / 2},${y + CELL / 2}`,
  right: (x, y) => `${x + CELL},${y} ${x + CELL},${y + CELL} ${x + CELL / 2},${y + CELL / 2}`,
};

/** Diverging colour for v in [−s, s]: blue → near-white → red. */
export function divergingColor(v: number, s: number): string {
  const t = Math.max(-1, Math.min(1, s > 0 ? v / s : 0));
  const [r0, g0, b0] = [247, 247, 247];
  const [r1, g1, b1] = t < 0 ? [33, 102, 172] : [178, 24, 43];
  const k = Math.abs(t);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * k);
  return `rgb(${mix(r0, r1)},${mix(g0, g1)},${mix(b0, b1)})`;
}

function panel(title: string, board: string[], values: (number | null)[][][], moves: string[], scale: number, outline: boolean): string {
  const rows = board.length;
  const cols = values[0]?.length ?? 0;
  const top = 22;
  const w = Math.max(cols * CELL + 2, Math.ceil(7.6 * title.length) + 4); // the title fits
  const h = top + rows * CELL + 2;
  const parts: string[] = [`<text x="1" y="14" font-size="12" font-weight="600">${escapeXml(title)}</text>`];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = 1 + c * CELL;
      const y = top + r * CELL;
      const tile = board[r][c] ?? ' ';
      if (tile === '#') {
        parts.push(`<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="#555"/>`);
        continue;
      }
      const cell = values[r][c];
      if (cell.every((v) => v === null)) {
        parts.push(`<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="url(#rm-hatch)" stroke="#ddd"/>`);
      } else {
        moves.forEach((m, a) => {
          const tri = TRIANGLES[m];
          const v = cell[a];
          if (!tri || v === null) return;
          const strong = outline && Math.abs(v) >= 1;
          parts.push(`<polygon points="${tri(x, y)}" fill="${divergingColor(v, scale)}" stroke="${strong ? '#000' : '#fff'}" stroke-width="${strong ? 1 : 0.5}"><title>${escapeXml(`row ${r}, col ${c}, ${m}: ${v.toFixed(2)} sd`)}</title></polygon>`);
        });
      }
      if (tile !== ' ' && tile !== 'A') parts.push(`<text x="${x + CELL / 2}" y="${y + CELL / 2 + 4}" font-size="11" text-anchor="middle" font-weight="700" fill="#111">${escapeXml(tile)}</text>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeXml(title)}"><defs><pattern id="rm-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fafafa"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ccc" stroke-width="2"/></pattern></defs>${parts.join('')}</svg>`;
}

function colorBar(scale: number): string {
  const steps = 11;
  const w = 220;
  const cells = Array.from({ length: steps }, (_, i) => {
    const v = -scale + (2 * scale * i) / (steps - 1);
    return `<rect x="${10 + (i * (w - 20)) / steps}" y="4" width="${(w - 20) / steps + 0.5}" height="10" fill="${divergingColor(v, scale)}"/>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="30" viewBox="0 0 ${w} 30">${cells}<text x="10" y="26" font-size="10">−${scale.toFixed(1)} sd</text><text x="${w / 2}" y="26" font-size="10" text-anchor="middle">mean</text><text x="${w - 10}" y="26" font-size="10" text-anchor="end">+${scale.toFixed(1)} sd</text></svg>`;
}

/** The three panels, a colour bar and the caption (with EPIC), as one HTML fragment. */
export function rewardMapFigure(map: RewardMap): string {
  const diff = map.learned.map((row, r) => row.map((cell, c) => cell.map((v, a) => (v === null || map.hidden[r][c][a] === null ? null : v - map.hidden[r][c][a]!))));
  const all = [...map.learned, ...map.hidden, ...diff].flat(2).filter((v): v is number => v !== null);
  const scale = Math.min(3, Math.max(0.5, ...all.map(Math.abs)));
  const unseen = map.learned.flatMap((row, r) => row.filter((cell, c) => (map.board[r][c] ?? ' ') !== '#' && cell.every((v) => v === null))).length;
  return `<figure class="reward-map"><div class="grid">${panel('Learned reward per move', map.board, map.learned, map.moves, scale, false)}${panel('Hidden performance per move', map.board, map.hidden, map.moves, scale, false)}${panel('Difference (learned − hidden)', map.board, diff, map.moves, scale, true)}</div>${colorBar(scale)}<figcaption>Each cell's four triangles are the reward of moving up, down, left or right from it, averaged over the states with the agent there (${map.states} enumerated states in all); both rewards standardised over every enumerated move (their scales are unrelated). Outlined: the learned reward differs from the hidden one by more than 1 sd. Hatched: cells the agent never stands on${unseen ? ` (${unseen})` : ''}. Letters: the reset board's tiles. EPIC distance to the hidden performance ${map.epic.toFixed(3)} (0 = the same reward up to scale and shaping, 1 = opposite).</figcaption></figure>`;
}
