/**
 * CLI entry: `rewardlab <command> [flags]`. Thin: parse, dispatch, print. Errors end as one
 * `error: <message>` line (src/cli/describe-error.ts) with exit code 2 for usage/config errors and
 * 1 for runtime ones — also when they escape the command (an unhandled rejection, a crash): no raw
 * stack unless REWARDLAB_DEBUG is set. Run locks (src/runs/run-lock.ts) are released on exit and
 * on SIGINT/SIGTERM.
 */
import { existsSync, statSync } from 'node:fs';
import { COMMANDS } from './commands/index.js';
import { formatFlags, parseFlags, type FlagValues } from '../app/flags.js';
import { releaseAllRunLocks } from '../runs/run-lock.js';
import { describeError } from './describe-error.js';
import type { Command, CommandIO } from './command.js';

/**
 * Commands that yield to the event loop while they hold a run lock: on SIGINT/SIGTERM the CLI
 * releases the lock and exits (130/143), unless the command listens for the signal itself (label
 * stops gracefully; a second Ctrl-C exits). Synchronous commands (rl) keep the default action —
 * a JavaScript handler could only run once they finish — and the lock their kill leaves behind
 * is taken over as stale by the next run on this host.
 */
const INTERRUPTIBLE = new Set(['train', 'resume', 'demo', 'label']);

/** What the error handlers know about the command being run. */
const context: { json: boolean; where?: string } = { json: false };

/** The directory a command works in, for errors that carry no path (ENOSPC on write). */
function workingDir(values: FlagValues, positionals: string[]): string | undefined {
  for (const v of [values.out, values.resume, ...positionals]) {
    if (typeof v === 'string' && existsSync(v) && statSync(v).isDirectory()) return v;
  }
  return typeof values.out === 'string' ? values.out : undefined;
}

/** Print an error the one way the CLI prints errors; returns the exit code. */
function report(e: unknown): number {
  const d = describeError(e, context.where);
  if (context.json) console.log(JSON.stringify({ error: { name: e instanceof Error ? e.name : 'Error', message: d.message, exitCode: d.exitCode } }));
  console.error(`error: ${d.message}`);
  if (process.env.REWARDLAB_DEBUG && e instanceof Error) console.error(e.stack);
  return d.exitCode;
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return; // the command handles it and releases its lock itself
  releaseAllRunLocks();
  process.stderr.write(`\ninterrupted (${signal})\n`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'rewardlab — reward modeling: learn what the user intends from feedback, optimize it online',
    '',
    'Usage: rewardlab <command> [flags]     (rewardlab <command> --help for its flags)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Every command accepts --json to print its result as one JSON document.',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [`Usage: rewardlab ${c.name}${c.usage ? ` ${c.usage}` : ''} [flags]`, '', c.summary, '', 'Flags:', formatFlags(c.flags)].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(topHelp());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  context.json = rest.includes('--json');
  if (!command) {
    console.error(`error: unknown command ${JSON.stringify(name)}; known commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    return 2;
  }
  try {
    const args = parseFlags(rest, command.flags);
    if (args.values.help) {
      console.log(commandHelp(command));
      return 0;
    }
    context.where = workingDir(args.values, args.positionals);
    if (INTERRUPTIBLE.has(command.name)) {
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }
    const io: CommandIO = {
      json: Boolean(args.values.json),
      log: (text) => {
        if (!args.values.json) console.log(text);
      },
      err: (text) => process.stderr.write(`${text}\n`),
    };
    const result = await command.run(args, io);
    if (io.json) console.log(JSON.stringify(result, null, 2));
    const code = typeof result.exitCode === 'number' ? result.exitCode : 0;
    return code;
  } catch (e) {
    return report(e);
  }
}

process.on('exit', releaseAllRunLocks);
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (e: unknown) => {
    process.exitCode = report(e);
    releaseAllRunLocks();
    process.exit();
  });
}
process.exitCode = await main(process.argv.slice(2));
