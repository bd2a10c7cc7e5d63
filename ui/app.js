// The labeling page: claims a query, plays both clips in sync from their scene frames (or, for a
// rating query, the one clip with its 1–5 scale; for a demonstration query, the person plays one
// episode with the keys of its legend, stepped by the server; for a correction query, the person
// takes over the agent's clip at a frame, correction-view.js), sends the answer, and shows what to
// do, the queue, and the whole run's progress until it ends. The mode follows each claimed query. Plain JS
// modules, no build step. All text is set with textContent (never innerHTML), so labeler names
// cannot inject markup. The session cookie is HttpOnly: this script never sees it.
import { analyseClip, drawFrame } from './clip-render.js';
import { correctionMode } from './correction-view.js';

const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(location.search).get('token');
const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
const withToken = (url) => (token ? `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : url);
const state = { query: null, mode: 'preference', scaleKey: '', frames: [[], []], info: [null, null], t: 0, playing: true, last: 0, answered: 0, started: Date.now(), busy: false, legend: null, finished: false, stopped: false, report: null, chartKey: '' };

async function api(path, body) {
  const res = await fetch(path, body ? { method: 'POST', headers, body: JSON.stringify(body) } : { headers });
  const json = await res.json();
  if (!res.ok) throw new Error(json.error || res.statusText);
  return json;
}

const labeler = () => $('labeler').value.trim();
const say = (text) => { $('message').textContent = text; };

function render() {
  const i = Math.floor(state.t);
  ['left', 'right'].forEach((side, k) => {
    const frames = state.frames[k];
    if (!frames.length) return; // rating mode: one clip
    const j = Math.min(i, frames.length - 1);
    const note = drawFrame($(side), frames[j], state.info[k], j, state.legend);
    $(`${side}-note`).textContent = state.mode === 'goal' && goal.marks.has(j) ? [note, '★ marked as done'].filter(Boolean).join(' · ') : note;
  });
  $('scrub').value = String(i);
  $('frame').textContent = `frame ${i + 1} / ${Math.max(state.frames[0].length, state.frames[1].length)}`;
}

const agent = { frames: [], t: 0 };

function tick(now) {
  const dt = state.last ? (now - state.last) / 1000 : 0;
  state.last = now;
  const n = Math.max(state.frames[0].length, state.frames[1].length);
  if (agent.frames.length) {
    agent.t = (agent.t + dt * 30) % agent.frames.length;
    drawFrame($('agent'), agent.frames[Math.floor(agent.t)], null, 0, state.legend);
  }
  if (state.playing && n > 0) {
    state.t += dt * 15 * Number($('speed').value);
    if (state.t >= n) state.t = $('loop').checked ? 0 : n - 1;
    render();
  }
  requestAnimationFrame(tick);
}

function showLegend() {
  const box = $('legend');
  const scene = state.frames[0][0] || state.frames[1][0];
  if (!scene || scene.kind !== 'grid') { box.hidden = true; return; }
  const used = new Set(state.frames.flat().flatMap((f) => (f && f.rows ? [...f.rows.join('')] : [])));
  const items = [...used].sort().map((ch) => {
    const span = document.createElement('span');
    const sw = document.createElement('i');
    sw.className = 'sw';
    sw.style.background = scene.palette[ch] || '#ccc';
    span.append(sw, (state.legend && state.legend[ch]) || `'${ch}'`);
    return span;
  });
  const marks = document.createElement('span');
  marks.textContent = 'red dashed ring: where the agent was last seen · grey ✕: episode over';
  box.replaceChildren(...items, marks);
  box.hidden = false;
}

/** The rating buttons and a line per level, built from the query's scale (1…max, one label each). */
function showScale(scale) {
  const key = JSON.stringify(scale);
  if (key === state.scaleKey) return;
  state.scaleKey = key;
  $('rating-prompt').textContent = scale.prompt;
  $('rating-top-key').textContent = String(scale.max);
  const buttons = scale.labels.map((label, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.rating = String(i + 1);
    b.title = `${i + 1} = ${label}`;
    b.append(Object.assign(document.createElement('b'), { textContent: String(i + 1) }), Object.assign(document.createElement('small'), { textContent: label.split(':')[0] }));
    b.addEventListener('click', () => answer(i + 1));
    return b;
  });
  $('rating-answers').replaceChildren(...buttons);
  const lines = scale.labels.map((label, i) => Object.assign(document.createElement('li'), { textContent: `${i + 1} = ${label}` }));
  lines.push(Object.assign(document.createElement('li'), { textContent: 'Skip: ask me later; nothing is stored and the clip goes back to the end of the queue. Undo takes back your last answer.' }));
  $('rating-help').replaceChildren(...lines);
}

/** Goal mode: the frames of the clip the person marked as "done". */
const goal = { marks: new Set() };
function showMarks() {
  const marks = [...goal.marks].sort((a, b) => a - b);
  $('goal-count').textContent = String(marks.length);
  $('goal-list').textContent = marks.length ? `(${marks.map((m) => m + 1).join(', ')})` : '';
  $('goal-send').disabled = marks.length === 0;
  document.body.dataset.goalMarks = marks.join(','); // lets tests see the marks
}
const shownFrame = () => Math.min(Math.floor(state.t), Math.max(0, state.frames[0].length - 1));
function toggleMark() {
  if (state.mode !== 'goal') return;
  const f = shownFrame();
  if (goal.marks.has(f)) goal.marks.delete(f); else goal.marks.add(f);
  showMarks();
  render();
}
function stepFrame(d) {
  if (state.playing) togglePlay();
  state.t = Math.max(0, Math.min(state.frames[0].length - 1, shownFrame() + d));
  render();
}

/** Demonstration mode: the key buttons and their lines, built from the query's legend. */
const demo = { keysKey: '', keys: [], state: null, stepping: false };
function showKeys(keys) {
  const key = JSON.stringify(keys);
  if (key === demo.keysKey) return;
  demo.keysKey = key;
  demo.keys = keys;
  const arrows = { ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓', ' ': 'Space' };
  $('demo-keys').replaceChildren(...keys.map((k) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.action = String(k.action);
    b.title = `${arrows[k.key] || k.key}: ${k.label}`;
    b.append(Object.assign(document.createElement('b'), { textContent: arrows[k.key] || k.key }), Object.assign(document.createElement('small'), { textContent: k.label }));
    b.addEventListener('click', () => demoStep(k.action));
    return b;
  }));
  $('demo-help').replaceChildren(...keys.map((k) => Object.assign(document.createElement('li'), { textContent: `${arrows[k.key] || k.key} = ${k.label}` })));
}

function drawDemo(d) {
  demo.state = d;
  $('left-note').textContent = drawFrame($('left'), d.frame, null, 0, state.legend); // nothing stale from the last clip
  $('demo-step').textContent = String(d.step);
  $('demo-max').textContent = String(d.maxSteps);
  $('demo-finish').disabled = d.step < d.minSteps;
  document.body.dataset.demoStep = String(d.step); // lets tests see each step land
  if (d.done && d.step < d.minSteps) say(`The episode ended after ${d.step} steps; a demonstration needs at least ${d.minSteps}. Start over (R).`);
  else if (d.done) say('Episode over — storing your demonstration…');
  else say(d.step < d.minSteps ? `Play at least ${d.minSteps} steps, then press Done (F) — or play on to ${d.maxSteps}.` : 'Press Done (F) when you are finished, or play on.');
}

const demoStart = () => act(async () => {
  drawDemo(await api('/api/demo/start', { labeler: labeler(), queryId: state.query.id }));
}, 'Cannot start the demonstration');

const demoFinish = () => act(async () => {
  if (!demo.state || demo.state.step < demo.state.minSteps) return;
  await api('/api/demo/finish', { labeler: labeler(), queryId: state.query.id });
  state.answered++;
  $('mine').textContent = String(state.answered);
  demo.state = null;
  await next();
}, 'Could not store the demonstration');

async function demoStep(action) {
  if (state.mode !== 'demo' || !demo.state || demo.state.done || demo.stepping || state.busy) return;
  demo.stepping = true;
  try {
    drawDemo(await api('/api/demo/step', { labeler: labeler(), queryId: state.query.id, action }));
  } catch (e) {
    say(`Could not step: ${e.message}`);
  } finally {
    demo.stepping = false;
  }
  if (demo.state && demo.state.done && demo.state.step >= demo.state.minSteps) demoFinish();
}

function show(query) {
  state.query = query;
  const p = query.payload;
  state.mode = { rating: 'rating', demonstration: 'demo', goal: 'goal', correction: 'correct' }[query.kind] || 'preference';
  $('compare').dataset.mode = state.mode;
  // the rating clicked for the last clip must not look chosen for this one
  if (document.activeElement && document.activeElement.dataset && document.activeElement.dataset.rating) document.activeElement.blur();
  if (state.mode === 'correct') correction.enter(query);
  else if (state.mode === 'demo') {
    showKeys(query.keys || []);
    state.frames = [[], []];
    state.info = [null, null];
    demo.state = null;
  } else if (state.mode === 'goal') {
    state.frames = [p.clip.frames || [], []];
    state.info = [analyseClip(p.clip), null];
    goal.marks = new Set();
    showMarks();
  } else if (state.mode === 'rating') {
    showScale(query.scale || state.ratingScale);
    state.frames = [p.clip.frames || [], []];
    state.info = [analyseClip(p.clip), null];
  } else {
    state.frames = [p.left.frames || [], p.right.frames || []];
    state.info = [analyseClip(p.left), analyseClip(p.right)];
  }
  state.t = 0;
  $('scrub').max = String(Math.max(state.frames[0].length, state.frames[1].length) - 1);
  say('');
  $('compare').hidden = false;
  showLegend();
  render();
  if (state.mode === 'demo') setTimeout(demoStart, 0); // after the act() that showed it
}

function setBusy(b) {
  state.busy = b;
  document.body.dataset.busy = b ? '1' : '0'; // lets tests (and CSS) see when the page is ready for the next answer
}

async function next() {
  if (state.finished) return;
  if (!labeler()) { say('Type your name to start labeling.'); $('compare').hidden = true; return; }
  const { query } = await api('/api/claim', { labeler: labeler() });
  state.query = query;
  if (!query) { say('No clips waiting right now — new ones arrive as the agent trains.'); $('compare').hidden = true; return; }
  show(query);
}

async function act(fn, failPrefix) {
  if (state.busy || state.finished) return;
  setBusy(true);
  try {
    await fn();
  } catch (e) {
    say(`${failPrefix}: ${e.message}`);
  } finally {
    setBusy(false);
    refreshStatus();
  }
}

const answer = (value) => act(async () => {
  if (!state.query) return;
  const r = await api('/api/answer', { queryId: state.query.id, labeler: labeler(), answer: value });
  if (!r.skipped) state.answered++;
  $('mine').textContent = String(state.answered);
  $('rate').textContent = (state.answered / Math.max(1 / 60, (Date.now() - state.started) / 60000)).toFixed(1);
  await next();
}, 'Could not send the answer');

const undo = () => act(async () => {
  const r = await api('/api/undo', { labeler: labeler() });
  state.answered = Math.max(0, state.answered - 1);
  $('mine').textContent = String(state.answered);
  if (r.query) show(r.query);
  const shown = r.answer && typeof r.answer === 'object' ? (Array.isArray(r.answer.goalSteps) ? `frames ${r.answer.goalSteps.map((s) => s + 1).join(', ') || 'none'}` : r.answer.kind === 'rewardlab-correction' ? 'a correction' : 'a demonstration') : r.answer;
  const again = { rating: 'Rate this clip', demo: 'Play this episode', goal: 'Mark this clip', correct: 'Correct this clip', preference: 'Answer this pair' }[state.mode];
  say(`Removed (you had answered “${shown}”); if training already used it, it drops it at its next round. ${again} again:`);
}, 'Cannot undo');

async function start() {
  localStorage.setItem('labeler', $('labeler').value);
  await act(async () => {
    if (labeler()) await api('/api/session', { labeler: labeler() });
    await next();
  }, 'Cannot start');
}

function fmt(v) {
  return v === null || v === undefined ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(2);
}

function showFinished(serverGone) {
  state.finished = true;
  $('compare').hidden = true;
  $('paused').hidden = true;
  $('finish').hidden = true;
  $('finished').hidden = false;
  $('finished-text').textContent = state.stopped
    ? `The run stopped before its budget was spent${serverGone ? ' and the labeling server has stopped' : ''} — your answers are saved; \`rewardlab resume\` continues it. Thank you for labeling!`
    : serverGone ? 'Run finished — the labeling server has stopped. Thank you for labeling!' : 'The run has finished — thank you for labeling!';
  $('report-link').hidden = !state.report;
  if (state.report) $('report-link').href = state.report;
  say(serverGone && state.report ? 'The report is also in the run directory (report.html).' : '');
}

function showStatus(s) {
  $('pending').textContent = String(s.pending);
  $('env').textContent = s.envId;
  $('task').textContent = s.instructions.task;
  state.legend = s.instructions.legend;
  state.ratingScale = s.instructions.rating;
  if (!$('answer-help').childElementCount) {
    $('answer-help').replaceChildren(...Object.values(s.instructions.answers).map((line) => Object.assign(document.createElement('li'), { textContent: line })));
  }
  $('agreement').textContent = s.agreement.rate === null ? '–' : `${Math.round(s.agreement.rate * 100)}% of ${s.agreement.queries}`;
  const budget = [s.labelsLeft !== null ? `${s.labelsLeft} labels left` : null, s.stepsLeft !== null ? `${s.stepsLeft.toLocaleString('en-US')} agent steps left` : null].filter(Boolean);
  $('budget').hidden = budget.length === 0;
  $('budget').textContent = budget.join(' · ');
  $('paused').hidden = !s.paused || s.finished;
  $('paused').textContent = `Waiting for your answers — ${s.answersNeeded} more needed to continue.`;
  const last = s.metrics[s.metrics.length - 1];
  $('progress').textContent = last
    ? `iteration ${last.iteration} · ${last.globalStep.toLocaleString('en-US')} agent steps · ${last.labels} labels · held-out accuracy ${fmt(last.heldOutAccuracy)} · ${s.metricsTotal} points`
    : 'No training iterations yet.';
  const key = `${s.metricsTotal}-${last ? last.iteration : 0}`;
  if (key !== state.chartKey) {
    state.chartKey = key;
    for (const name of ['true', 'learned', 'accuracy']) $(`chart-${name}`).src = withToken(`/api/chart/${name}.svg?v=${key}`);
  }
  $('metrics').querySelector('tbody').replaceChildren(...s.metrics.slice(-8).reverse().map((m) => {
    const tr = document.createElement('tr');
    for (const v of [m.iteration, m.globalStep, m.labels, m.trueReturn, m.learnedReturn, m.heldOutAccuracy]) tr.append(Object.assign(document.createElement('td'), { textContent: fmt(v) }));
    return tr;
  }));
  $('finish').hidden = !s.canFinish || state.finished;
  state.report = s.report ? withToken(s.report) : null;
  state.stopped = Boolean(s.stopped);
  if (s.finished && !state.finished) showFinished(false);
}

async function refreshStatus() {
  try {
    const status = await api('/api/status');
    showStatus(status);
    document.dispatchEvent(new window.CustomEvent('rewardlab:status', { detail: status })); // other panels (reward-map-view.js) refresh with the dashboard
    api('/api/agent-clip').then((r) => { if (r.frames) agent.frames = r.frames; }).catch(() => {});
  } catch (e) {
    if (state.finished) showFinished(true);
    else say(`Server unreachable: ${e.message}`);
  }
}

// Keys: answer keys work wherever focus is, except in a text field (the name); Enter/Space on a
// focused button keep their usual meaning, so keyboard users can also tab to the buttons.
const KEYS = { ArrowLeft: 'left', ArrowRight: 'right', e: 'equal', E: 'equal', c: 'cant-tell', C: 'cant-tell', s: 'skip', S: 'skip' };
const isTextField = (el) => el && (el.isContentEditable || el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && !['range', 'checkbox', 'radio', 'button', 'submit'].includes(el.type)));
function togglePlay() {
  state.playing = !state.playing;
  $('play').textContent = state.playing ? 'Pause' : 'Play';
}
const correction = correctionMode({
  $, api, act, say, next, labeler, state, render, togglePlay, shownFrame, drawFrame, skip: () => answer('skip'),
  counted: () => { state.answered++; $('mine').textContent = String(state.answered); },
});
document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (isTextField(e.target)) {
    if (e.target === $('labeler') && e.key === 'Enter') { e.preventDefault(); $('labeler').blur(); start(); }
    return;
  }
  if (e.target.tagName === 'BUTTON' && (e.key === 'Enter' || e.key === ' ')) return;
  if (e.key === 'u' || e.key === 'U') { e.preventDefault(); undo(); return; }
  if (state.mode === 'goal') {
    const keys = { m: toggleMark, M: toggleMark, ArrowLeft: () => stepFrame(-1), ArrowRight: () => stepFrame(1), Enter: () => { if (goal.marks.size) answer({ goalFrames: [...goal.marks].sort((a, b) => a - b) }); }, n: () => answer({ goalFrames: [] }), N: () => answer({ goalFrames: [] }), s: () => answer('skip'), S: () => answer('skip') };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); return; }
    if (e.key === ' ') { e.preventDefault(); togglePlay(); }
    return;
  } else if (state.mode === 'correct') {
    if (correction.key(e)) e.preventDefault();
    return;
  } else if (state.mode === 'demo') {
    const k = demo.keys.find((x) => x.key === e.key);
    if (k) { e.preventDefault(); demoStep(k.action); return; }
    if (e.key === 'f' || e.key === 'F') { e.preventDefault(); demoFinish(); return; }
    if (e.key === 'r' || e.key === 'R') { e.preventDefault(); demoStart(); return; }
    if (e.key === 's' || e.key === 'S') { e.preventDefault(); answer('skip'); return; }
    return;
  }
  if (state.mode === 'rating') {
    const level = /^[1-9]$/.test(e.key) ? Number(e.key) : 0;
    const top = state.query && state.query.scale ? state.query.scale.max : 5;
    if (level >= 1 && level <= top) { e.preventDefault(); answer(level); return; }
    if (e.key === 's' || e.key === 'S') { e.preventDefault(); answer('skip'); return; }
  } else if (KEYS[e.key]) { e.preventDefault(); answer(KEYS[e.key]); return; }
  if (e.key === ' ') { e.preventDefault(); togglePlay(); }
});
document.querySelectorAll('[data-answer]').forEach((b) => b.addEventListener('click', () => answer(b.dataset.answer)));
$('undo').addEventListener('click', () => undo());
$('rate-undo').addEventListener('click', () => undo());
$('rate-skip').addEventListener('click', () => answer('skip'));
$('goal-mark').addEventListener('click', () => toggleMark());
$('goal-send').addEventListener('click', () => answer({ goalFrames: [...goal.marks].sort((a, b) => a - b) }));
$('goal-none').addEventListener('click', () => answer({ goalFrames: [] }));
$('goal-skip').addEventListener('click', () => answer('skip'));
$('goal-undo').addEventListener('click', () => undo());
$('correct-undo').addEventListener('click', () => undo());
$('demo-finish').addEventListener('click', () => demoFinish());
$('demo-restart').addEventListener('click', () => demoStart());
$('demo-skip').addEventListener('click', () => answer('skip'));
$('demo-undo').addEventListener('click', () => undo());
$('finish').addEventListener('click', () => act(async () => {
  await api('/api/finish', {});
  $('finish').hidden = true;
  say('Finishing: the agent stops after its current iteration, then the report is written.');
}, 'Cannot finish'));
$('play').addEventListener('click', togglePlay);
$('scrub').addEventListener('input', () => { state.t = Number($('scrub').value); render(); });
$('labeler').addEventListener('change', () => start());
$('labeler').value = localStorage.getItem('labeler') || '';
refreshStatus();
setInterval(refreshStatus, 2000);
// Waiting for clips: look again every second (new ones arrive as the agent trains).
setInterval(() => { if (!state.query && !state.busy && !state.finished && labeler()) act(next, 'Cannot get clips'); }, 1000);
if (labeler()) start(); else say('Type your name to start labeling.');
requestAnimationFrame(tick);
