import { parseArgs } from 'node:util';
import { describeGitHubError } from '@mlops-actions/github';
import { UsageError, type CliIO, type Command } from './command';
import { commands } from './commands/index';

/**
 * `mlops-actions <command> [args] [--flags]`: finds the command, parses its flags, runs it and
 * turns any error into one line on stderr. Returns the exit code (0 ok, 1 failure, 2 usage).
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(toolHelp());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`mlops-actions: unknown command "${name}".\n\n${toolHelp()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help);
    return 0;
  }
  try {
    const parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    return await command.run({ positionals: parsed.positionals, flags: parsed.values }, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`mlops-actions ${command.name}: ${(error as Error).message}\n\n${command.help}`);
      return 2;
    }
    io.stderr(`mlops-actions ${command.name}: ${describeGitHubError(error)}\n`);
    return 1;
  }
}

function toolHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: mlops-actions <command> [arguments] [--flags]',
    '',
    'The engine of the MLOps Actions, to run locally. Flags mirror the actions’ inputs.',
    '',
    'Commands:',
    ...commands.map((c: Command) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `mlops-actions <command> --help` for a command’s arguments.',
    '',
  ].join('\n');
}
