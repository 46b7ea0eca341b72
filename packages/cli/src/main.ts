#!/usr/bin/env node
import { escapeWorkflowCommands } from '@mlops-actions/github/workflow-log';
import { runCli } from './cli';

// In a workflow's `run:` step stderr is the job log, and messages quote data (column names,
// values): each line is escaped so none can start a workflow command.
const inWorkflow = process.env['GITHUB_ACTIONS'] === 'true';
const logLines = (text: string) =>
  inWorkflow ? text.split('\n').map(escapeWorkflowCommands).join('\n') : text;

// The bin entry: the real process's argv, environment and streams.
const exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(logLines(text)),
  cwd: process.cwd(),
});
process.exitCode = exitCode;
