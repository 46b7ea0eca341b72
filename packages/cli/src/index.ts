export { runCli } from './cli';
export { UsageError } from './command';
export type { CliIO, Command, CommandArgs } from './command';
export { commands } from './commands/index';
