#!/usr/bin/env node
import { runCli } from './cli';

// The bin entry: the real process's argv, environment and streams.
const exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
process.exitCode = exitCode;
