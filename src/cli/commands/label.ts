/**
 * `rewardlab label RUN_DIR`: serve the labeling page for an existing run without training —
 * people answer its pending queries (stored durably in the run's store: its SQLite file, or the
 * PostgreSQL store its config names, so several label servers can share one run); `rewardlab
 * resume` folds them in. The run's report is served read-only at /report.
 */
import { LIMITS, type FlagValues } from '../../app/flags.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import type { FeedbackStore } from '../../feedback/feedback-store.js';
import { openFeedbackStore } from '../../feedback/open-store.js';
import type { RewardModelingConfig } from '../../loop/config.js';
import { readJson, readMetrics } from '../../runs/run-dir.js';
import { acquireRunLock } from '../../runs/run-lock.js';
import { startFeedbackServer } from '../../server/serve.js';
import type { LoopMetrics } from '../../loop/reward-modeling-loop.js';
import type { Command, CommandIO } from '../command.js';

export const labelCommand: Command = {
  name: 'label',
  usage: 'RUN_DIR',
  summary: 'serve the labeling page for an existing run (answer its pending queries; its report at /report); Ctrl-C stops',
  flags: [
    { name: 'host', type: 'string', default: '127.0.0.1', help: 'interface to listen on (non-loopback requires the printed token)' },
    { name: 'port', type: 'int', default: 0, help: 'port (0 = any free port)', ...LIMITS.anyPort },
    { name: 'redundancy', type: 'int', default: 1, help: 'labelers asked per pair (agreement is reported when > 1)', ...LIMITS.redundancy },
    { name: 'for-seconds', type: 'number', help: 'stop after this many seconds (default: run until Ctrl-C)', min: 0, max: 2_000_000 },
    { name: 'store', type: 'string', help: "the run's feedback store, when this machine reaches it by another name: a path or postgres://user@host:port/db?run=… (default: the run's config)" },
  ],
  async run({ values, positionals }, io) {
    const dir = positionals[0];
    if (!dir || !existsSync(join(dir, 'config.json'))) throw new ConfigError('RUN_DIR', dir ?? '(none)', 'must be a run directory (with a config.json)');
    const config = readJson<RewardModelingConfig>(join(dir, 'config.json'), 'run config');
    const spec = (values.store as string | undefined) ?? config.store ?? null;
    if (spec === null && !existsSync(join(dir, 'feedback.sqlite'))) throw new ConfigError('RUN_DIR', dir, 'must be a run directory with a feedback.sqlite');
    // Only a store in the run directory is guarded by its lock: servers sharing a PostgreSQL run store run side by side.
    const lock = spec === null ? acquireRunLock(dir, { command: 'label' }) : null;
    try {
      const { openRunStore } = await import('../../app/train-run.js');
      const store = spec === null ? await openRunStore(config, dir) : await openFeedbackStore(spec);
      return await serve(dir, config.envId, store, values, io);
    } finally {
      lock?.release();
    }
  },
};

/** Serve until Ctrl-C (or --for-seconds); the store is closed whatever happens. */
async function serve(dir: string, envId: string, store: FeedbackStore, values: FlagValues, io: CommandIO): Promise<Record<string, unknown>> {
  try {
    const metrics = () =>
      (readMetrics(dir) as unknown as LoopMetrics[]).map((m) => ({
        iteration: m.iteration, globalStep: m.globalStep, labels: m.labels, trueReturn: m.alignment?.trueReturn ?? null, learnedReturn: m.alignment?.learnedReturn ?? null, heldOutAccuracy: m.rewardModel?.heldOutAccuracy ?? null,
      }));
    const server = await startFeedbackServer({ store, envId, host: values.host as string, port: values.port as number, redundancy: values.redundancy as number, metrics, reportFile: join(dir, 'report.html'), liveDir: join(dir, 'live') });
    io.err(`label ${(await store.pendingQueries({ redundancy: values.redundancy as number })).length} pending queries at ${server.url}  (report: ${server.url.replace(/\/(\?|$)/, '/report$1')})`);
    const before = (await store.count()).feedback;
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        clearTimeout(timer);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      const timer = values['for-seconds'] === undefined ? undefined : setTimeout(stop, (values['for-seconds'] as number) * 1000);
    });
    await server.close();
    const added = (await store.count()).feedback - before;
    io.log(`${added} new answers stored in ${store.location}; run \`rewardlab resume ${dir}\` to train on them`);
    return { runDir: dir, url: server.url, newAnswers: added };
  } finally {
    await store.close();
  }
}
