// Plan mode of the labeling page (Leike et al. 2018 §6, plans the user signs off): when the
// agent waits for a decision (GET /api/plan), the board is drawn with the agent's intended path —
// a line through the cells it plans to visit, an arrow per step — and Approve / Reject buttons
// send the decision (POST /api/plan/approve | /api/plan/reject, as the name typed in the header).
// A server without plan routes answers 404 and the section stays hidden. Text via textContent
// only; the SVG is built with DOM calls (no markup strings).
const SVG = 'http://www.w3.org/2000/svg';
const CELL = 36;
const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(location.search).get('token');
const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
const state = { shown: null, decided: null, busy: false, off: false, legend: null };

function el(tag, attrs = {}, text) {
  const e = tag === 'svg' || ['rect', 'text', 'line', 'polyline', 'circle', 'defs', 'marker', 'path', 'g'].includes(tag) ? document.createElementNS(SVG, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function section() {
  let box = $('plan');
  if (box) return box;
  box = el('section', { id: 'plan', 'aria-live': 'polite' });
  box.hidden = true;
  box.append(
    el('h2', {}, 'The agent proposes a plan — it acts only if you approve'),
    el('p', { id: 'plan-steps', class: 'help' }),
    el('div', { id: 'plan-board' }),
  );
  const buttons = el('div', { class: 'answers' });
  const approve = el('button', { id: 'plan-approve', type: 'button' }, 'Approve this plan');
  const reject = el('button', { id: 'plan-reject', type: 'button' }, 'Reject this plan');
  approve.addEventListener('click', () => decide('approve'));
  reject.addEventListener('click', () => decide('reject'));
  buttons.append(approve, reject);
  box.append(buttons, el('p', { id: 'plan-status', class: 'message', role: 'status' }));
  const main = document.querySelector('main');
  main.insertBefore(box, main.firstChild);
  return box;
}

const centre = ([r, c]) => [c * CELL + CELL / 2, r * CELL + CELL / 2];

/** The board as SVG cells, the plan's path as a polyline (data-cells lists "r,c" per point) and one arrow per step. */
function boardSvg(plan) {
  const h = plan.board.length;
  const w = plan.board[0].length;
  const svg = el('svg', { width: w * CELL, height: h * CELL, viewBox: `0 0 ${w * CELL} ${h * CELL}`, role: 'img', 'aria-label': 'the board with the planned path' });
  const marker = el('marker', { id: 'plan-arrow', viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: 5, markerHeight: 5, orient: 'auto-start-reverse' });
  marker.append(el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#d62728' }));
  const defs = el('defs');
  defs.append(marker);
  svg.append(defs);
  plan.board.forEach((row, r) => [...row].forEach((ch, c) => {
    svg.append(el('rect', { x: c * CELL, y: r * CELL, width: CELL - 1, height: CELL - 1, fill: plan.palette[ch] || '#ccc' }));
    if (ch === 'A') svg.append(el('text', { x: c * CELL + CELL / 2, y: r * CELL + CELL * 0.68, 'text-anchor': 'middle', 'font-size': CELL * 0.55, 'font-weight': 'bold', fill: '#fff' }, 'A'));
  }));
  const cells = [plan.steps[0].from, ...plan.steps.map((s) => s.to)];
  svg.append(el('polyline', { points: cells.map((p) => centre(p).join(',')).join(' '), fill: 'none', stroke: '#d62728', 'stroke-width': 4, 'stroke-opacity': 0.45, 'stroke-linejoin': 'round', 'data-cells': cells.map((p) => p.join(',')).join(' ') }));
  plan.steps.forEach((s, i) => {
    const [x1, y1] = centre(s.from);
    const [x2, y2] = centre(s.to);
    if (x1 === x2 && y1 === y2) svg.append(el('circle', { cx: x1, cy: y1, r: CELL * 0.3, fill: 'none', stroke: '#d62728', 'stroke-width': 2, 'data-step': i }));
    else svg.append(el('line', { x1, y1, x2, y2, stroke: '#d62728', 'stroke-width': 2, 'marker-end': 'url(#plan-arrow)', 'data-step': i }));
    svg.append(el('text', { x: x2 + CELL * 0.3, y: y2 - CELL * 0.2, 'font-size': 11, fill: '#000' }, String(i + 1)));
  });
  return svg;
}

function show(plan) {
  const box = section();
  state.shown = plan ? plan.id : null;
  box.hidden = !plan;
  if (!plan) return;
  box.dataset.planId = plan.id;
  $('plan-board').replaceChildren(boardSvg(plan));
  const tile = ([r, c]) => {
    const ch = (plan.board[r] || '')[c];
    return ch && ch !== ' ' && ch !== 'A' ? ` into ${((state.legend && state.legend[ch]) || `'${ch}'`).replace(/ \(.*\)$/, '')}` : '';
  };
  const words = plan.steps.map((s, i) => `${i + 1}. ${s.actionName} → row ${s.to[0]}, column ${s.to[1]}${tile(s.to)}${s.terminates ? ' (episode ends)' : ''}`);
  $('plan-steps').textContent = `From step ${plan.startStep} of the episode, ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}: ${words.join(' · ')}`;
  $('plan-status').textContent = '';
  for (const id of ['plan-approve', 'plan-reject']) $(id).disabled = false;
}

async function decide(verdict) {
  const labeler = $('labeler').value.trim();
  if (!state.shown || state.busy) return;
  if (!labeler) { $('plan-status').textContent = 'Type your name (top of the page) to decide.'; return; }
  state.busy = true;
  for (const id of ['plan-approve', 'plan-reject']) $(id).disabled = true;
  try {
    const res = await fetch(`/api/plan/${verdict}`, { method: 'POST', headers, body: JSON.stringify({ planId: state.shown, labeler }) });
    const json = await res.json();
    if (!res.ok) throw new Error(json.error || res.statusText);
    $('plan-status').textContent = verdict === 'approve' ? 'Approved — the agent carries out this plan and stops if the world does not go as planned.' : 'Rejected — nothing of this plan is carried out; the agent may propose another.';
    section().dataset.decided = `${state.shown}:${verdict}`;
    state.decided = state.shown;
    state.shown = null;
  } catch (e) {
    $('plan-status').textContent = `Could not send the decision: ${e.message}`;
    for (const id of ['plan-approve', 'plan-reject']) $(id).disabled = false;
  } finally {
    state.busy = false;
  }
}

async function poll() {
  if (state.off || state.busy) return;
  try {
    if (!state.legend) state.legend = (await (await fetch(token ? `/api/status?token=${encodeURIComponent(token)}` : '/api/status', { headers })).json()).instructions.legend || {};
    const res = await fetch(token ? `/api/plan?token=${encodeURIComponent(token)}` : '/api/plan', { headers });
    if (res.status === 404) { state.off = true; return; } // this server asks for no plans
    const { plan } = await res.json();
    if (plan && plan.id !== state.shown && plan.id !== state.decided) show(plan);
    else if (!plan && state.shown) show(null);
  } catch {
    // the status line of app.js reports an unreachable server
  }
}

poll();
setInterval(poll, 1000);
