// "What the reward model has learned" (Leike et al. 2018 §6, interpretability): on gridworld runs
// the training side writes the current reward map after every reward-model training; this panel
// shows it — the learned reward per cell and per move beside the hidden performance's and their
// difference — with the update number, round, labels behind it and EPIC distance in the caption.
// It looks for a newer map whenever the dashboard refreshes its status (app.js's
// `rewardlab:status` event), asking `GET /api/reward-map?after=<shown update>` so the map is sent
// only when it changed. 404 `pending`: no round yet (the panel stays hidden and keeps looking);
// any other 404: this server has no reward map (a vector-observation run), and it stops asking.
// The drawing is shown as an image (a data: URL: no markup from the server enters the page);
// all text via textContent.
const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(location.search).get('token');
const headers = token ? { authorization: `Bearer ${token}` } : {};
const state = { update: null, busy: false, off: false };

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

const LEGEND = 'How to read it: each cell is split into four triangles, the reward of moving up, down, left or right from that cell (averaged over the states with the agent there). '
  + 'Both rewards are standardised over every possible move, so colours compare across panels: blue below the mean, red above, white at the mean (the colour bar gives the scale in standard deviations). '
  + 'Third panel: learned minus hidden; triangles outlined in black differ by more than 1 sd — where the reward model has not (yet) learned what the hidden performance rewards. '
  + 'Dark cells are walls, hatched cells are never visited, letters are the board\'s tiles.';

function section() {
  let box = $('reward-map');
  if (box) return box;
  box = el('section', { id: 'reward-map', class: 'reward-map', 'aria-live': 'polite' });
  box.hidden = true;
  box.append(
    el('h2', {}, 'What the reward model has learned'),
    el('img', { id: 'reward-map-img', alt: 'learned reward, hidden performance and their difference for every cell and move of the board' }),
    el('p', { id: 'reward-map-caption', class: 'progress' }),
    el('p', { id: 'reward-map-legend', class: 'help' }, LEGEND),
  );
  const dash = document.querySelector('.dashboard');
  const table = dash && dash.querySelector('.table-wrap');
  if (table) dash.insertBefore(box, table);
  else document.querySelector('main').append(box);
  return box;
}

function show(doc) {
  const box = section();
  state.update = doc.update;
  box.dataset.update = String(doc.update);
  box.dataset.round = String(doc.round);
  box.dataset.epic = String(doc.epic);
  $('reward-map-img').src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(doc.svg)}`;
  const labels = doc.labels === null || doc.labels === undefined ? '' : `, ${doc.labels} labels`;
  $('reward-map-caption').textContent = `After reward-model update ${doc.update} (round ${doc.round}${labels}) · EPIC distance to the hidden performance ${doc.epic.toFixed(3)} `
    + '(0 = the same reward up to scale and shaping, 1 = opposite; it shrinks as the model learns what you prefer, if your preferences follow the hidden performance).';
  box.hidden = false;
}

async function poll() {
  if (state.off || state.busy) return;
  state.busy = true;
  try {
    const q = [state.update === null ? null : `after=${state.update}`, token ? `token=${encodeURIComponent(token)}` : null].filter(Boolean).join('&');
    const res = await fetch(`/api/reward-map${q ? `?${q}` : ''}`, { headers });
    if (res.status === 204) return; // nothing newer
    const body = await res.json();
    if (res.status === 404) { if (!body.pending) state.off = true; return; }
    if (res.ok && body.kind === 'rewardlab-live-reward-map') show(body);
  } catch {
    // the status line of app.js reports an unreachable server
  } finally {
    state.busy = false;
  }
}

document.addEventListener('rewardlab:status', poll);
poll();
