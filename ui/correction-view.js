// Correction mode of the labeling page (a claimed query of kind 'correction'): the agent's clip
// plays; the person stops it where it goes wrong (pause, scrub, or ← → a frame) and takes over
// there (T, or the button); the server replays the clip up to that frame exactly and from then on
// steps the run's env with the person's keys (the demonstration legend's), until the clip's
// length; the corrected segment is then stored as one record and the page moves on. Keyboard
// only works throughout; the key buttons are there for touch screens. Text via textContent only.
const ARROWS = { ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓', ' ': 'Space' };

/**
 * ctx: { $, api, act, say, next, labeler, state, render, togglePlay, shownFrame, drawFrame, counted }
 * (the page's helpers, app.js). Returns { enter(query), key(event) → handled }.
 */
export function correctionMode(ctx) {
  const { $, state } = ctx;
  const c = { query: null, keysKey: '', keys: [], play: null, stepping: false };
  const setPhase = (phase) => {
    $('compare').dataset.phase = phase;
    document.body.dataset.correctPhase = phase; // lets tests see the phase
  };

  function showKeys(keys) {
    const key = JSON.stringify(keys);
    if (key === c.keysKey) return;
    c.keysKey = key;
    c.keys = keys;
    $('correct-keys').replaceChildren(...keys.map((k) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.action = String(k.action);
      b.title = `${ARROWS[k.key] || k.key}: ${k.label}`;
      b.append(Object.assign(document.createElement('b'), { textContent: ARROWS[k.key] || k.key }), Object.assign(document.createElement('small'), { textContent: k.label }));
      b.addEventListener('click', () => step(k.action));
      return b;
    }));
    $('correct-help').replaceChildren(...keys.map((k) => Object.assign(document.createElement('li'), { textContent: `${ARROWS[k.key] || k.key} = ${k.label}` })));
  }

  const lastTakeover = () => c.query.payload.clip.actions.length - c.query.payload.minCorrected;

  /** Watch the clip (again): its frames loop on the left canvas. */
  function watch() {
    const clip = c.query.payload.clip;
    c.play = null;
    state.frames = [clip.frames || [], []];
    state.info = [null, null];
    state.t = 0;
    if (!state.playing) ctx.togglePlay();
    $('scrub').max = String(Math.max(0, state.frames[0].length - 1));
    setPhase('watch');
    ctx.say(`Watch the agent. Where it goes wrong, pause there and take over (T) — at frame ${lastTakeover() + 1} at the latest; you then drive the rest of the clip.`);
    ctx.render();
  }

  function enter(query) {
    c.query = query;
    showKeys(query.keys || []);
    document.body.dataset.correctStep = '';
    watch();
  }

  function draw(s) {
    c.play = s;
    state.frames = [[], []]; // the server's frames from now on
    setPhase('drive');
    $('left-note').textContent = ctx.drawFrame($('left'), s.frame, null, 0, state.legend);
    $('correct-step').textContent = String(s.step);
    $('correct-length').textContent = String(s.length);
    document.body.dataset.correctStep = String(s.step); // lets tests see each step land
    ctx.say(s.done ? 'Clip over — storing your correction…' : `You drive from frame ${s.takeover + 1}: play on to step ${s.length} with the keys.`);
  }

  const takeOver = () => ctx.act(async () => {
    if (!c.query || c.play) return;
    if (state.playing) ctx.togglePlay();
    const takeover = Math.min(ctx.shownFrame(), lastTakeover());
    draw(await ctx.api('/api/correction/start', { labeler: ctx.labeler(), queryId: c.query.id, takeover }));
  }, 'Cannot take over');

  const finish = () => ctx.act(async () => {
    if (!c.play || !c.play.done) return;
    await ctx.api('/api/correction/finish', { labeler: ctx.labeler(), queryId: c.query.id });
    c.play = null;
    ctx.counted();
    await ctx.next();
  }, 'Could not store the correction');

  async function step(action) {
    if (state.mode !== 'correct' || !c.play || c.play.done || c.stepping || state.busy) return;
    c.stepping = true;
    try {
      draw(await ctx.api('/api/correction/step', { labeler: ctx.labeler(), queryId: c.query.id, action }));
    } catch (e) {
      ctx.say(`Could not step: ${e.message}`);
    } finally {
      c.stepping = false;
    }
    if (c.play && c.play.done) finish();
  }

  function frameBy(d) {
    if (state.playing) ctx.togglePlay();
    state.t = Math.max(0, Math.min(state.frames[0].length - 1, ctx.shownFrame() + d));
    ctx.render();
  }

  /** A key in correction mode; true when it was one of this mode's. */
  function key(e) {
    if (c.play) {
      const k = c.keys.find((x) => x.key === e.key);
      if (k) { step(k.action); return true; }
      if (e.key === 'r' || e.key === 'R') { watch(); return true; }
    } else {
      if (e.key === 't' || e.key === 'T' || e.key === 'Enter') { takeOver(); return true; }
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') { frameBy(e.key === 'ArrowLeft' ? -1 : 1); return true; }
      if (e.key === ' ') { ctx.togglePlay(); return true; }
    }
    if (e.key === 's' || e.key === 'S') { ctx.skip(); return true; }
    return false;
  }

  $('correct-takeover').addEventListener('click', () => takeOver());
  $('correct-restart').addEventListener('click', () => watch());
  $('correct-skip').addEventListener('click', () => ctx.skip());
  return { enter, key };
}
