// Drawing one clip frame (a Scene from src/core/scene.ts) on a canvas, plus what a labeler must
// not miss: an "episode over" mark on frames after the episode ended (absorbing state), and in
// gridworlds a marker where the agent was last seen when it is no longer visible (it stepped
// into water or lava, which is drawn above it), naming the tile it vanished into.
const TILE = 24;

/**
 * Per-frame facts of one fragment: ended[i] (the episode was over at frame i) and lastSeen[i]
 * (the agent's last visible cell at or before frame i, for gridworlds).
 * A frame is ended when the scene says so (`ended: true`) or, for fixed-horizon envs, when
 * the observation's last coordinate — the "absorbed" flag of AbsorbTerminal — is 1.
 */
export function analyseClip(fragment) {
  const frames = fragment.frames || [];
  const flagged = /^FixedHorizon/.test(fragment.envId || '');
  const obs = fragment.observations || [];
  const ended = frames.map((f, i) => Boolean(f && f.ended) || (flagged && Array.isArray(obs[i]) && obs[i][obs[i].length - 1] === 1));
  // once over, over: the frozen final frame stays marked
  for (let i = 1; i < ended.length; i++) ended[i] = ended[i] || ended[i - 1];
  const lastSeen = [];
  let seen = null;
  frames.forEach((f, i) => {
    const at = f && f.kind === 'grid' ? agentCell(f) : null;
    if (at) seen = at;
    lastSeen[i] = at ? null : seen; // only when the agent is missing from this frame
  });
  return { ended, lastSeen };
}

function agentCell(scene) {
  for (let r = 0; r < scene.rows.length; r++) {
    const c = scene.rows[r].indexOf('A');
    if (c >= 0) return [r, c];
  }
  return null;
}

function shape(ctx, s) {
  ctx.save();
  ctx.lineWidth = s.width || 1;
  if (s.type === 'rect') {
    if (s.rotate) { const cx = s.cx ?? s.x + s.w / 2; const cy = s.cy ?? s.y + s.h / 2; ctx.translate(cx, cy); ctx.rotate((s.rotate * Math.PI) / 180); ctx.translate(-cx, -cy); }
    ctx.fillStyle = s.fill || '#444'; ctx.fillRect(s.x, s.y, s.w, s.h);
    if (s.stroke) { ctx.strokeStyle = s.stroke; ctx.strokeRect(s.x, s.y, s.w, s.h); }
  } else if (s.type === 'circle') {
    ctx.beginPath(); ctx.arc(s.x, s.y, s.r, 0, 2 * Math.PI); ctx.fillStyle = s.fill || '#444'; ctx.fill();
    if (s.stroke) { ctx.strokeStyle = s.stroke; ctx.stroke(); }
  } else if (s.type === 'line') {
    ctx.beginPath(); ctx.moveTo(s.x1, s.y1); ctx.lineTo(s.x2, s.y2); ctx.strokeStyle = s.stroke || '#000'; ctx.stroke();
  } else if (s.type === 'polyline') {
    ctx.beginPath(); s.points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    if (s.closed) ctx.closePath();
    if (s.fill && s.fill !== 'none') { ctx.fillStyle = s.fill; ctx.fill(); }
    ctx.strokeStyle = s.stroke || '#000'; ctx.stroke();
  } else if (s.type === 'text') {
    ctx.fillStyle = s.fill || '#000'; ctx.font = `${s.size || 14}px sans-serif`;
    ctx.textAlign = s.anchor === 'middle' ? 'center' : s.anchor === 'end' ? 'right' : 'left'; ctx.fillText(s.text, s.x, s.y);
  }
  ctx.restore();
}

function drawGrid(ctx, scene) {
  scene.rows.forEach((row, y) => [...row].forEach((ch, x) => {
    ctx.fillStyle = scene.palette[ch] || '#ccc';
    ctx.fillRect(x * TILE, y * TILE, TILE - 1, TILE - 1);
    const label = scene.labels && scene.labels[ch];
    if (label) { ctx.fillStyle = '#fff'; ctx.font = `bold ${TILE * 0.6}px sans-serif`; ctx.textAlign = 'center'; ctx.fillText(label, x * TILE + TILE / 2, y * TILE + TILE * 0.72); }
  }));
}

/**
 * Where the agent vanished. It is drawn under tiles like water or lava, so it disappears the
 * step it enters one: the cell is its last seen cell or a neighbour of it; prefer a neighbour
 * whose tile ends the episode (per the legend) when the last seen cell is plain floor.
 */
function vanishedInto(scene, [r, c], legend) {
  const tileAt = (rr, cc) => (scene.rows[rr] || '')[cc];
  const ends = (ch) => Boolean(ch && legend && /ends the episode/.test(legend[ch] || ''));
  if (ends(tileAt(r, c)) || tileAt(r, c) !== ' ') return [r, c];
  for (const [dr, dc] of [[-1, 0], [1, 0], [0, -1], [0, 1]]) if (ends(tileAt(r + dr, c + dc))) return [r + dr, c + dc];
  return [r, c];
}

/** A dashed red ring and a red A where the agent vanished; returns "agent in <tile>" for the caption. */
function drawLastSeen(ctx, scene, seen, legend) {
  const [r, c] = vanishedInto(scene, seen, legend);
  ctx.save();
  ctx.strokeStyle = '#d62728'; ctx.lineWidth = 3; ctx.setLineDash([4, 3]);
  ctx.beginPath(); ctx.arc(c * TILE + TILE / 2, r * TILE + TILE / 2, TILE * 0.42, 0, 2 * Math.PI); ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = '#d62728'; ctx.font = `bold ${TILE * 0.55}px sans-serif`; ctx.textAlign = 'center';
  ctx.fillText('A', c * TILE + TILE / 2, r * TILE + TILE * 0.7);
  ctx.restore();
  const tile = scene.rows[r][c];
  const name = (legend && legend[tile]) || `tile '${tile}'`;
  return `agent in ${name.replace(/ \(.*\)$/, '')}`;
}

/** The "episode over" mark: grey wash, a red ✕ and the words, over the whole canvas. */
function drawEnded(ctx, canvas) {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = 'rgba(40,40,40,0.45)';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const s = Math.min(canvas.width, canvas.height);
  ctx.strokeStyle = 'rgba(214,39,40,0.9)'; ctx.lineWidth = s * 0.04;
  ctx.beginPath();
  ctx.moveTo(canvas.width / 2 - s * 0.2, canvas.height / 2 - s * 0.2); ctx.lineTo(canvas.width / 2 + s * 0.2, canvas.height / 2 + s * 0.2);
  ctx.moveTo(canvas.width / 2 + s * 0.2, canvas.height / 2 - s * 0.2); ctx.lineTo(canvas.width / 2 - s * 0.2, canvas.height / 2 + s * 0.2);
  ctx.stroke();
  ctx.fillStyle = '#fff'; ctx.font = `bold ${Math.round(s * 0.09)}px sans-serif`; ctx.textAlign = 'center';
  ctx.fillText('EPISODE OVER', canvas.width / 2, canvas.height * 0.9);
}

/**
 * Draw frame i of a clip. `info` is analyseClip's result (optional: the agent's own clip on the
 * dashboard has none); returns a short note for the caption ('' when nothing to say).
 */
export function drawFrame(canvas, scene, info, i, legend) {
  const ctx = canvas.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (!scene) return '';
  const grid = scene.kind === 'grid';
  const w = grid ? scene.rows[0].length * TILE : scene.width;
  const h = grid ? scene.rows.length * TILE : scene.height;
  const scale = Math.min(canvas.width / w, canvas.height / h);
  ctx.setTransform(scale, 0, 0, scale, (canvas.width - w * scale) / 2, (canvas.height - h * scale) / 2);
  const notes = [];
  if (grid) {
    drawGrid(ctx, scene);
    const cell = info && info.lastSeen[i];
    if (cell) notes.push(drawLastSeen(ctx, scene, cell, legend));
  } else {
    ctx.fillStyle = scene.background || '#fff';
    ctx.fillRect(0, 0, w, h);
    for (const s of scene.shapes) shape(ctx, s);
  }
  if (info && info.ended[i]) {
    drawEnded(ctx, canvas);
    notes.unshift('episode over');
  }
  return notes.join(' · ');
}
