/** The PPO critic thread (ppo-critic-thread.ts): the critic's half of each minibatch update, in step with the agent. */
import { workerData } from 'node:worker_threads';
import { Rng } from '../core/rng.js';
import { Adam } from '../nn/optim.js';
import { Mlp } from '../nn/mlp.js';
import { CriticStep, minibatchCount } from './ppo-critic-step.js';
import { SLOT, VALUE, waitFor, type CriticMessage, type CriticReply, type CriticWorkerData } from './ppo-critic-thread.js';

const data = workerData as CriticWorkerData;
const port = data.port;
const ctl = new Int32Array(data.shared, 0, 8);
const values = new Float64Array(data.shared, 32, 2);
const critic = new Mlp({ ...data.critic, outputGain: 1 }, new Rng(0)); // weights come with the first 'load'
const step = new CriticStep(critic, new Adam(critic.params.length, data.adam));
let minibatches = 0;

function reply(r: CriticReply): void {
  port.postMessage(r);
  Atomics.add(ctl, SLOT.replies, 1);
  Atomics.notify(ctl, SLOT.replies);
}

function handle(m: CriticMessage): void {
  if (m.type === 'load') {
    critic.params.set(m.params);
    step.opt.load(m.adam);
  } else if (m.type === 'pull') {
    const { t, m: mom, v } = step.opt.state();
    reply({ params: critic.params.slice(), adam: { t, m: mom.slice(), v: v.slice() } });
  } else {
    step.begin(m.job);
    for (let n = 0, count = minibatchCount(m.job); n < count; n++) {
      values[VALUE.squares] = step.gradient(n);
      Atomics.store(ctl, SLOT.gradients, ++minibatches);
      Atomics.notify(ctl, SLOT.gradients);
      waitFor(ctl, SLOT.scales, minibatches, () => {
        throw new Error('failed before');
      });
      step.step(values[VALUE.scale]);
    }
    reply({ valueLossSum: step.end(), params: critic.params.slice() });
  }
}

port.on('message', (m: CriticMessage) => {
  try {
    handle(m);
  } catch (e) {
    const err = e as Error;
    port.postMessage({ error: { name: err.name, message: err.message, stack: err.stack } } satisfies CriticReply);
    Atomics.store(ctl, SLOT.failed, 1);
    Atomics.add(ctl, SLOT.replies, 1);
    for (const slot of [SLOT.gradients, SLOT.replies]) Atomics.notify(ctl, slot);
  }
});
