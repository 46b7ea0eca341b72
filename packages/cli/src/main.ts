#!/usr/bin/env node
import { fstatSync } from 'node:fs';
import { keepYoungGenerationSmall } from '@mlops-actions/data';
import { escapeWorkflowCommands } from '@mlops-actions/github/workflow-log';
import { runCli } from './cli';

// In a workflow's `run:` step stdout and stderr are the job log, and what the CLI prints quotes
// data (column names, values, categories — in messages, and in JSON or YAML on stdout): each line
// is escaped so none can start a workflow command. Stdout redirected to a file is data, not log,
// and stays exact (`--output`/`--report` write files exactly too).
const inWorkflow = process.env['GITHUB_ACTIONS'] === 'true';
const logLines = (text: string) => text.split('\n').map(escapeWorkflowCommands).join('\n');
const stdoutIsFile = (() => {
  try {
    return fstatSync(1).isFile();
  } catch {
    return false;
  }
})();

// The commands keep their data in typed arrays, outside the JavaScript heap: see keepYoungGenerationSmall.
keepYoungGenerationSmall();

// The bin entry: the real process's argv, environment and streams.
const exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(inWorkflow && !stdoutIsFile ? logLines(text) : text),
  stderr: (text) => process.stderr.write(inWorkflow ? logLines(text) : text),
  cwd: process.cwd(),
});
process.exitCode = exitCode;
