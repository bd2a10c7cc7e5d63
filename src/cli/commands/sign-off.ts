/** `rewardlab sign-off --env ID`: the agent proposes plans on a gridworld, people approve or reject them in the labeling page, only approved plans run (src/experiments/plan-approval/human.ts). */
import { LIMITS } from '../../app/flags.js';
import { runHumanSignOff } from '../../experiments/plan-approval/human.js';
import type { Command } from '../command.js';

export const signOffCommand: Command = {
  name: 'sign-off',
  summary: "sign off the agent's plans in the labeling page: each plan is drawn on the board, only approved plans run, execution stops when the world departs from the plan; writes sign-off.json; Ctrl-C stops",
  flags: [
    { name: 'env', type: 'string', default: 'IslandNavigation-v0', help: 'a deterministic gridworld id (its exact model is enumerated)' },
    { name: 'episodes', type: 'int', default: 3, min: 1, max: 10_000, help: 'episodes to run' },
    { name: 'slip', type: 'number', default: 0, min: 0, max: 1, help: 'wind: probability that an executed action is replaced by a random one (the world departs from the plan)' },
    { name: 'epsilon', type: 'number', default: 0.3, min: 0, max: 1, help: "the agent's share of random intended actions (ε-greedy on the visible-reward optimum)" },
    { name: 'horizon', type: 'int', default: 6, min: 1, max: 100, help: 'steps per plan' },
    { name: 'seed', type: 'int', default: 0, help: 'seed of the agent and the wind', ...LIMITS.seed },
    { name: 'out', type: 'string', help: 'output directory (default runs/sign-off__<env>__<time>)' },
    { name: 'host', type: 'string', default: '127.0.0.1', help: 'interface to listen on (non-loopback requires the printed token)' },
    { name: 'port', type: 'int', default: 0, help: 'port (0 = any free port)', ...LIMITS.anyPort },
  ],
  async run({ values }, io) {
    const envId = values.env as string;
    const out = (values.out as string | undefined) ?? `runs/sign-off__${envId}__${new Date().toISOString().replace(/[:.]/g, '-')}`;
    let stopNow: () => void = () => {};
    const stop = new Promise<void>((resolve) => (stopNow = resolve));
    process.once('SIGINT', stopNow);
    process.once('SIGTERM', stopNow);
    try {
      const r = await runHumanSignOff({
        envId, out, episodes: values.episodes as number, slip: values.slip as number, epsilon: values.epsilon as number, horizon: values.horizon as number, seed: values.seed as number,
        host: values.host as string, port: values.port as number, stop, log: io.err, onListening: (url) => io.err(`sign off the agent's plans at ${url}`),
      });
      io.log(`${r.episodes.length} episodes, ${r.verdicts.filter((v) => v.approved).length} plans approved, ${r.verdicts.filter((v) => !v.approved).length} rejected, ${r.unapprovedActions} unapproved actions executed; ${r.file}`);
      return { ...r };
    } finally {
      process.off('SIGINT', stopNow);
      process.off('SIGTERM', stopNow);
    }
  },
};
