/** The shape of one CLI command: a thin shell over an exported programmatic function. */
import type { FlagSpec, FlagValues } from '../app/flags.js';

export interface CommandIO {
  /** Human-readable output (suppressed with --json). */
  log(text: string): void;
  /** Progress and diagnostics: always stderr, never part of the JSON document. */
  err(text: string): void;
  /** True when --json was given: the command must return its result object. */
  json: boolean;
}

export interface Command {
  name: string;
  /** Usage line after the command name, e.g. `FILE.json` or `RUN`. */
  usage?: string;
  summary: string;
  flags: FlagSpec[];
  /**
   * Runs the command. The returned object is printed as one JSON document with --json.
   * Throw to fail; return `{ exitCode }` inside the result to signal a non-zero exit.
   */
  run(args: { values: FlagValues; positionals: string[] }, io: CommandIO): Promise<Record<string, unknown>>;
}
