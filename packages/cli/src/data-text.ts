import { escapeWorkflowCommands } from '@mlops-actions/github/workflow-log';

/**
 * A line of the CLI's console output that quotes data (column names, values, categories) made
 * safe to print wherever the CLI runs: in a workflow's `run:` step stdout and stderr are the job
 * log, and a name such as `x\n::warning::…` would otherwise start a workflow command. Line breaks
 * in the data show as `\n`; `::` as `:\:`. Machine output (JSON, written files) is left as is.
 */
export function escapeDataText(line: string): string {
  return escapeWorkflowCommands(line);
}
