/** Observation layouts, reward terms, healthy ranges, reset noise and determinism of the MuJoCo v5 envs. */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import '../index.js';
import { make, prepareEnv } from '../registry.js';
import { unwrapEnv } from '../../wrappers/wrapper.js';
import { AntEnv } from './ant.js';
import { HopperEnv } from './hopper.js';
import { InvertedDoublePendulumEnv } from './inverted-double-pendulum.js';
import { InvertedPendulumEnv } from './inverted-pendulum.js';
import type { MujocoEnv } from './mujoco-env.js';
import { ReacherEnv } from './reacher.js';
import { mujoco } from './runtime.js';
import { Walker2dEnv } from './walker2d.js';

const IDS = ['InvertedPendulum-v5', 'InvertedDoublePendulum-v5', 'Hopper-v5', 'Walker2d-v5', 'HalfCheetah-v5', 'Swimmer-v5', 'Ant-v5', 'Reacher-v5'];
const OBS_DIM: Record<string, number> = { 'InvertedPendulum-v5': 4, 'InvertedDoublePendulum-v5': 9, 'Hopper-v5': 11, 'Walker2d-v5': 17, 'HalfCheetah-v5': 17, 'Swimmer-v5': 8, 'Ant-v5': 105, 'Reacher-v5': 10 };
/** Each env's reward as the sum of its info terms, in Gymnasium's order. */
const TERMS: Record<string, string[]> = {
  'InvertedPendulum-v5': ['reward_survive'],
  'InvertedDoublePendulum-v5': ['reward_survive', 'distance_penalty', 'velocity_penalty'],
  'Hopper-v5': ['reward_forward', 'reward_survive', 'reward_ctrl'],
  'Walker2d-v5': ['reward_forward', 'reward_survive', 'reward_ctrl'],
  'HalfCheetah-v5': ['reward_forward', 'reward_ctrl'],
  'Swimmer-v5': ['reward_forward', 'reward_ctrl'],
  'Ant-v5': ['reward_forward', 'reward_survive', 'reward_ctrl', 'reward_contact'],
  'Reacher-v5': ['reward_dist', 'reward_ctrl'],
};
const raw = (id: string) => unwrapEnv(make(id)) as unknown as MujocoEnv;
const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

beforeAll(() => prepareEnv('Hopper-v5'));

function trajectoryHash(id: string, seed: number, steps: number): string {
  const env = make(id);
  const rng = new Rng(99);
  const h = createHash('sha256');
  h.update(Buffer.from(env.reset({ seed }).observation.buffer));
  for (let t = 0; t < steps; t++) {
    const r = env.step(env.actionSpace.sample(rng));
    h.update(Buffer.from(r.observation.buffer)).update(`${r.reward}|${r.terminated}|${r.truncated}|${JSON.stringify(r.info)}`);
    if (r.terminated || r.truncated) h.update(Buffer.from(env.reset().observation.buffer));
  }
  env.close();
  return h.digest('hex');
}

describe('MuJoCo v5 envs', () => {
  for (const id of IDS) {
    it(`${id}: observation size, reward = sum of the info terms, same seed → same trajectory`, () => {
      const env = make(id);
      expect(env.observationSpace.flatDim).toBe(OBS_DIM[id]);
      expect(env.reset({ seed: 3 }).observation).toHaveLength(OBS_DIM[id]);
      const rng = new Rng(5);
      for (let t = 0; t < 60; t++) {
        const r = env.step(env.actionSpace.sample(rng));
        const info = r.info as Record<string, number>;
        expect(Object.keys(info)).toEqual(expect.arrayContaining(TERMS[id]));
        const terms = TERMS[id].map((k) => info[k]);
        // Gymnasium's order; Ant: (forward + survive) − (ctrl + contact) with reward_ctrl, reward_contact ≤ 0.
        const expected = id === 'Ant-v5' ? terms[0] + terms[1] + (terms[2] + terms[3]) : terms.reduce((x, y) => x + y);
        expect(r.reward).toBe(expected);
        if (r.terminated || r.truncated) env.reset();
      }
      expect(trajectoryHash(id, 11, 120)).toBe(trajectoryHash(id, 11, 120));
      expect(trajectoryHash(id, 11, 120)).not.toBe(trajectoryHash(id, 12, 120));
    });
  }

  it('observation layouts follow Gymnasium (state-derived parts)', () => {
    const state = (e: MujocoEnv) => e.getState();
    const hop = raw('Hopper-v5');
    hop.reset({ seed: 1 });
    hop.setState([0.3, 1.2, 0.05, -0.1, 0.2, 0.1, 1, -2, 20, 3, -30, 4]);
    expect([...hop.observation64()]).toEqual([1.2, 0.05, -0.1, 0.2, 0.1, 1, -2, 10, 3, -10, 4]);
    const ip = raw('InvertedPendulum-v5');
    ip.reset({ seed: 1 });
    expect([...ip.observation64()]).toEqual(state(ip));
    const idp = raw('InvertedDoublePendulum-v5');
    idp.reset({ seed: 1 });
    const [x, a, b, v0, v1, v2] = state(idp);
    expect([...idp.observation64()].slice(0, 8)).toEqual([x, Math.sin(a), Math.sin(b), Math.cos(a), Math.cos(b), clip(v0, -10, 10), clip(v1, -10, 10), clip(v2, -10, 10)]);
    const cheetah = raw('HalfCheetah-v5');
    cheetah.reset({ seed: 1 });
    const s = state(cheetah);
    expect([...cheetah.observation64()]).toEqual([...s.slice(1, 9), ...s.slice(9)]);
    const swim = raw('Swimmer-v5');
    swim.reset({ seed: 1 });
    const w = state(swim);
    expect([...swim.observation64()]).toEqual([...w.slice(2, 5), ...w.slice(5)]);
    const ant = raw('Ant-v5');
    const o = ant.reset({ seed: 1 }).observation;
    const q = state(ant);
    expect([...ant.observation64()].slice(0, 27)).toEqual([...q.slice(2, 15), ...q.slice(15)]);
    expect([...o.slice(27)].every((c) => c === 0)).toBe(true); // cfrc_ext is 0 after reset (mj_forward)
    for (let t = 0; t < 20; t++) ant.step(new Float32Array(8)); // it drops onto its legs
    expect([...ant.observation64()].slice(27).some((c) => c !== 0)).toBe(true); // contact forces once it stands
    const reach = raw('Reacher-v5') as unknown as ReacherEnv;
    reach.reset({ seed: 1 });
    const r = reach.getState();
    const ro = reach.observation64();
    expect([...ro.slice(0, 8)]).toEqual([Math.cos(r[0]), Math.cos(r[1]), Math.sin(r[0]), Math.sin(r[1]), r[2], r[3], r[4], r[5]]);
    expect([ro[4], ro[5]]).toEqual(reach.goal);
  });

  it('Hopper and Walker2d healthy ranges are strict; Ant z is inclusive; unhealthy terminates with no survive reward', () => {
    const hop = new HopperEnv();
    hop.reset({ seed: 0 });
    const base = new Map<object, number[]>();
    const at = (e: HopperEnv | Walker2dEnv | AntEnv, edit: (s: number[]) => void) => {
      if (!base.has(e)) base.set(e, e.getState());
      const s = [...base.get(e)!];
      edit(s);
      e.setState(s);
      return e.healthy;
    };
    expect(at(hop, () => {})).toBe(true);
    expect(at(hop, (s) => (s[1] = 0.7))).toBe(false);
    expect(at(hop, (s) => (s[1] = 0.7 + 1e-12))).toBe(true);
    expect(at(hop, (s) => (s[2] = 0.2))).toBe(false);
    expect(at(hop, (s) => (s[2] = -0.2 + 1e-12))).toBe(true);
    expect(at(hop, (s) => (s[6 + 0] = 100))).toBe(false); // qvel[0] is in (qpos ++ qvel)[2:]
    expect(at(hop, (s) => (s[0] = 1000))).toBe(true); // x is not checked
    const walker = new Walker2dEnv();
    walker.reset({ seed: 0 });
    expect(at(walker, (s) => (s[1] = 2))).toBe(false);
    expect(at(walker, (s) => (s[1] = 0.8))).toBe(false);
    expect(at(walker, (s) => (s[1] = 1.99))).toBe(true);
    expect(at(walker, (s) => (s[2] = -1))).toBe(false);
    expect(at(walker, (s) => (s[2] = 0.999))).toBe(true);
    const ant = new AntEnv();
    ant.reset({ seed: 0 });
    expect(at(ant, (s) => (s[2] = 0.2))).toBe(true);
    expect(at(ant, (s) => (s[2] = 1))).toBe(true);
    expect(at(ant, (s) => (s[2] = 1 + 1e-12))).toBe(false);
    expect(at(ant, (s) => (s[2] = 0.2 - 1e-12))).toBe(false);
    // Falling: a hopper set low terminates on the next step, without the survive reward.
    at(hop, (s) => (s[1] = 0.5));
    const r = hop.step(new Float32Array(3));
    expect(r.terminated).toBe(true);
    expect(r.info.reward_survive).toBe(0);
    expect(() => hop.step(new Float32Array(3))).toThrow(/after the episode terminated/);
  });

  it('the pendulums terminate as Gymnasium says', () => {
    const ip = new InvertedPendulumEnv();
    ip.reset({ seed: 0 });
    ip.setState([0, 0.25, 0, 0]);
    const r = ip.step(new Float32Array(1));
    expect([r.terminated, r.reward, r.info.reward_survive]).toEqual([true, 0, 0]);
    const idp = new InvertedDoublePendulumEnv();
    idp.reset({ seed: 0 });
    expect(idp.step(new Float32Array(1)).terminated).toBe(false);
    idp.setState([0, 1.6, 0, 0, 0, 0]); // first pole near horizontal: tip below 1 m
    const d = idp.step(new Float32Array(1));
    expect(d.terminated).toBe(true);
    expect(d.info.reward_survive).toBe(0);
  });

  it('reset noise stays in v5 ranges; Reacher goals lie inside the 0.2 disc with a still target', () => {
    const uniform: [string, number][] = [['Hopper-v5', 5e-3], ['Walker2d-v5', 5e-3], ['InvertedPendulum-v5', 0.01], ['Swimmer-v5', 0.1]];
    for (const [id, scale] of uniform) {
      const env = raw(id);
      for (let seed = 0; seed < 20; seed++) {
        env.reset({ seed });
        const s = env.getState();
        s.forEach((v, i) => expect(Math.abs(v - (i < env.nq ? env.initQpos[i] : 0))).toBeLessThanOrEqual(scale));
      }
    }
    const reacher = raw('Reacher-v5');
    for (let seed = 0; seed < 30; seed++) {
      reacher.reset({ seed });
      const s = reacher.getState();
      expect(Math.hypot(s[2], s[3])).toBeLessThan(0.2);
      expect([s[6], s[7]]).toEqual([0, 0]);
      expect(Math.abs(s[4])).toBeLessThanOrEqual(0.005);
    }
  });

  it('time limits: Reacher truncates at 50, the others at 1000; fixed-horizon variants never end early', () => {
    const reacher = make('Reacher-v5');
    reacher.reset({ seed: 0 });
    let t = 0;
    let r;
    do r = reacher.step(new Float32Array(2));
    while (++t < 100 && !r.truncated);
    expect([t, r.truncated, r.terminated]).toEqual([50, true, false]);
    const fh = make('FixedHorizonHopper-v5');
    expect(fh.spec?.maxEpisodeSteps).toBe(1000);
    expect(fh.observationSpace.flatDim).toBe(12);
    fh.reset({ seed: 0 });
    const rng = new Rng(1);
    let steps = 0;
    let absorbed = 0;
    for (;;) {
      const s = fh.step(fh.actionSpace.sample(rng));
      steps++;
      expect(s.terminated).toBe(false);
      if (s.observation[11] === 1) {
        absorbed++;
        expect(s.reward).toBe(0);
      }
      if (s.truncated) break;
    }
    expect(steps).toBe(1000);
    expect(absorbed).toBeGreaterThan(900); // random actions fall within a few dozen steps
  });

  it('envs allocate physics memory only when used; closing frees it', () => {
    const probe = new (mujoco().MjData)(new AntEnv().model);
    const view = probe.qpos as Float64Array;
    for (let i = 0; i < 2000; i++) new AntEnv().actionSpace.sample(new Rng(i)); // 2000 × 2.5 MB would exceed the 2 GB heap
    expect(view.length).toBeGreaterThan(0); // the heap did not even grow
    for (let i = 0; i < 2000; i++) {
      const e = new AntEnv();
      e.reset({ seed: i });
      e.close();
    }
    expect(view.length).toBeGreaterThan(0); // each MjData was freed and its memory reused
    probe.delete();
  });

  it('cached views survive WASM heap growth (stale views are re-fetched)', () => {
    const a = new HopperEnv();
    const b = new HopperEnv();
    a.reset({ seed: 4 });
    b.reset({ seed: 4 });
    const probe = new (mujoco().MjData)(a.model);
    const view = probe.qpos as Float64Array;
    const grown: AntEnv[] = [];
    while (view.length > 0 && grown.length < 1000) {
      const e = new AntEnv();
      e.reset({ seed: 0 }); // allocates its MjData
      grown.push(e);
    }
    expect(view.length).toBe(0); // the heap grew: views fetched before are detached
    const rng = new Rng(2);
    for (let t = 0; t < 20; t++) {
      const act = a.actionSpace.sample(rng);
      const ra = a.simulate(act);
      expect(ra.observation).toEqual(b.simulate(act).observation);
    }
    for (const e of grown) e.close();
    probe.delete();
  });
});
