/** CLI entry: `rewardlab <command> [flags]`. Thin: parse, dispatch, print. */
import { COMMANDS } from './commands/index.js';
import { formatFlags, parseFlags } from '../app/flags.js';
import type { Command, CommandIO } from './command.js';

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
  if (!command) {
    console.error(`rewardlab: unknown command ${JSON.stringify(name)}; known commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    return 2;
  }
  const wantsJson = rest.includes('--json');
  try {
    const args = parseFlags(rest, command.flags);
    if (args.values.help) {
      console.log(commandHelp(command));
      return 0;
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
    const err = e as Error;
    if (wantsJson) console.log(JSON.stringify({ error: { name: err.name, message: err.message } }));
    console.error(`rewardlab ${name}: ${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message}`);
    if (process.env.REWARDLAB_DEBUG) console.error(err.stack);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
