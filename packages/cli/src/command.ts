import type { ParseArgsConfig } from 'node:util';

/** Where a command reads and writes: injected so tests run commands in-process. */
export interface CliIO {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

/** What a command receives: its positional arguments and flags, parsed by `options`. */
export interface CommandArgs {
  positionals: string[];
  /** Values of `multiple: true` options are arrays. */
  flags: Record<string, string | boolean | (string | boolean)[] | undefined>;
}

/**
 * One `mlops-actions <name>` command. Adding a command is one file exporting one of these and
 * one line in `commands/index.ts`; flags follow the matching action's input names.
 */
export interface Command {
  name: string;
  /** One line for the tool's command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Returns the exit code. Throwing a `UsageError` prints the message and the command's help. */
  run(args: CommandArgs, io: CliIO): Promise<number>;
}

/** A mistake in how the command was called (as opposed to a failure while doing it). */
export class UsageError extends Error {}
