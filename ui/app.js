// The labeling page: claims a query, plays both clips in sync from their scene frames, sends the
// answer, and shows counters and the agent's progress. Plain JS, no build step. All user text
// is set with textContent (never innerHTML), so labeler names cannot inject markup.
'use strict';
const $ = (id) => document.getElementById(id);
const TILE = 24;
const token = new URLSearchParams(location.search).get('token');
const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
const state = { query: null, frames: [[], []], t: 0, playing: true, last: 0, answered: 0, started: Date.now(), busy: false };

async function api(path, body) {
  const res = await fetch(path, body ? { method: 'POST', headers, body: JSON.stringify(body) } : { headers });
  const json = await res.json();
  if (!res.ok) throw new Error(json.error || res.statusText);
  return json;
}

function drawScene(canvas, scene) {
  const ctx = canvas.getContext('2d');
  if (!scene) return;
  const w = scene.kind === 'shapes' ? scene.width : scene.rows[0].length * TILE;
  const h = scene.kind === 'shapes' ? scene.height : scene.rows.length * TILE;
  const scale = Math.min(canvas.width / w, canvas.height / h);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(scale, 0, 0, scale, (canvas.width - w * scale) / 2, (canvas.height - h * scale) / 2);
  if (scene.kind === 'grid') {
    scene.rows.forEach((row, y) => [...row].forEach((ch, x) => {
      ctx.fillStyle = scene.palette[ch] || '#ccc';
      ctx.fillRect(x * TILE, y * TILE, TILE - 1, TILE - 1);
      const label = scene.labels && scene.labels[ch];
      if (label) { ctx.fillStyle = '#000'; ctx.font = `${TILE * 0.6}px sans-serif`; ctx.textAlign = 'center'; ctx.fillText(label, x * TILE + TILE / 2, y * TILE + TILE * 0.7); }
    }));
    return;
  }
  ctx.fillStyle = scene.background || '#fff';
  ctx.fillRect(0, 0, w, h);
  for (const s of scene.shapes) {
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
}

const agent = { frames: [], t: 0 };

function render() {
  const i = Math.floor(state.t);
  drawScene($('left'), state.frames[0][Math.min(i, state.frames[0].length - 1)]);
  drawScene($('right'), state.frames[1][Math.min(i, state.frames[1].length - 1)]);
  $('scrub').value = String(i);
  $('frame').textContent = `frame ${i + 1} / ${Math.max(state.frames[0].length, state.frames[1].length)}`;
}

function tick(now) {
  const dt = state.last ? (now - state.last) / 1000 : 0;
  state.last = now;
  const n = Math.max(state.frames[0].length, state.frames[1].length);
  if (agent.frames.length) {
    agent.t = (agent.t + dt * 30) % agent.frames.length;
    drawScene($('agent'), agent.frames[Math.floor(agent.t)]);
  }
  if (state.playing && n > 0) {
    state.t += dt * 15 * Number($('speed').value);
    if (state.t >= n) state.t = $('loop').checked ? 0 : n - 1;
    render();
  }
  requestAnimationFrame(tick);
}

function show(query) {
  state.query = query;
  const p = query.payload;
  state.frames = [p.left.frames || [], p.right.frames || []];
  state.t = 0;
  $('scrub').max = String(Math.max(state.frames[0].length, state.frames[1].length) - 1);
  $('message').textContent = 'Which clip shows the behaviour you want?';
  $('compare').hidden = false;
  render();
}

async function undo() {
  if (state.busy) return;
  setBusy(true);
  try {
    const r = await api('/api/undo', { labeler: $('labeler').value.trim() });
    state.answered = Math.max(0, state.answered - 1);
    $('mine').textContent = String(state.answered);
    show(r.query);
    $('message').textContent = `Undone (you had answered “${r.answer}”). Answer this pair again:`;
  } catch (e) {
    $('message').textContent = `Cannot undo: ${e.message}`;
  } finally {
    setBusy(false);
    refreshStatus();
  }
}

async function next() {
  const labeler = $('labeler').value.trim();
  if (!labeler) { $('message').textContent = 'Type your name to start labeling.'; $('compare').hidden = true; return; }
  const { query } = await api('/api/claim', { labeler });
  state.query = query;
  if (!query) { $('message').textContent = 'No clips waiting right now — new ones arrive as the agent trains.'; $('compare').hidden = true; return; }
  show(query);
}

function setBusy(b) {
  state.busy = b;
  document.body.dataset.busy = b ? '1' : '0'; // lets tests (and CSS) see when the page is ready for the next answer
}

async function answer(value) {
  if (!state.query || state.busy) return;
  setBusy(true);
  try {
    await api('/api/answer', { queryId: state.query.id, labeler: $('labeler').value.trim(), answer: value });
    state.answered++;
    $('mine').textContent = String(state.answered);
    $('rate').textContent = (state.answered / Math.max(1 / 60, (Date.now() - state.started) / 60000)).toFixed(1);
    await next();
  } catch (e) {
    $('message').textContent = `Could not send the answer: ${e.message}`;
  } finally {
    setBusy(false);
    refreshStatus();
  }
}

async function refreshStatus() {
  try {
    const s = await api('/api/status');
    api('/api/agent-clip').then((r) => { if (r.frames) agent.frames = r.frames; }).catch(() => {});
    $('chart').src = `/api/chart.svg?n=${s.metrics.length}${token ? `&token=${encodeURIComponent(token)}` : ''}`;
    $('pending').textContent = String(s.pending);
    $('env').textContent = s.envId;
    $('agreement').textContent = s.agreement.rate === null ? '–' : `${Math.round(s.agreement.rate * 100)}% of ${s.agreement.queries}`;
    const body = $('metrics').querySelector('tbody');
    body.replaceChildren(...s.metrics.slice(-8).reverse().map((m) => {
      const tr = document.createElement('tr');
      for (const v of [m.iteration, m.globalStep, m.labels, m.trueReturn, m.learnedReturn, m.heldOutAccuracy]) {
        const td = document.createElement('td');
        td.textContent = v === null || v === undefined ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(2);
        tr.append(td);
      }
      return tr;
    }));
  } catch (e) {
    $('message').textContent = `Server unreachable: ${e.message}`;
  }
}

document.querySelectorAll('[data-answer]').forEach((b) => b.addEventListener('click', () => answer(b.dataset.answer)));
document.addEventListener('keydown', (e) => {
  if (e.target === $('labeler')) { if (e.key === 'Enter') { localStorage.setItem('labeler', $('labeler').value); next(); } return; }
  if (e.key === 'u' || e.key === 'U') { e.preventDefault(); undo(); return; }
  const key = { ArrowLeft: 'left', ArrowRight: 'right', e: 'equal', E: 'equal', c: 'cant-tell', C: 'cant-tell', s: 'skip', S: 'skip' }[e.key];
  if (key) { e.preventDefault(); answer(key); }
  if (e.key === ' ') { e.preventDefault(); state.playing = !state.playing; $('play').textContent = state.playing ? 'Pause' : 'Play'; }
});
$('undo').addEventListener('click', () => undo());
$('play').addEventListener('click', () => { state.playing = !state.playing; $('play').textContent = state.playing ? 'Pause' : 'Play'; });
$('scrub').addEventListener('input', () => { state.t = Number($('scrub').value); render(); });
$('labeler').addEventListener('change', () => { localStorage.setItem('labeler', $('labeler').value); next(); });
$('labeler').value = localStorage.getItem('labeler') || '';
refreshStatus();
setInterval(refreshStatus, 3000);
next().catch((e) => { $('message').textContent = `Server unreachable: ${e.message}`; });
requestAnimationFrame(tick);
