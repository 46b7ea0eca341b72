import { randomBytes } from 'node:crypto';
import { EOL } from 'node:os';
import * as core from '@actions/core';

/**
 * Makes text safe to print to a job log: nothing in it can start a workflow command. The runner
 * reads `::command::` at the start of a line (after whitespace; a lone CR also ends a line) and
 * the older `##[command]` anywhere in one. Data — a CSV header cell `"wind\n::warning::…"`, a
 * category `::stop-commands::x` — would otherwise emit annotations, mask values or switch the
 * step's own commands off. So line breaks become visible `\n` / `\r`, control and invisible
 * format characters become `\u{…}` (so none can hide between two colons), `::` becomes `:\:` and
 * `##[` becomes `##\[`. The text stays readable; `%0A` needs nothing, as it is only decoded
 * inside a command, which this text can no longer be.
 */
export function escapeWorkflowCommands(text: string): string {
  return String(text)
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (ch) =>
      ch === '\t' ? ch : `\\u{${ch.codePointAt(0)!.toString(16)}}`,
    )
    .replace(/:(?=:)/g, ':\\')
    .replace(/##\[/g, '##\\[');
}

/** `core.info` for any line that may hold data (column names, values, paths, model names). */
export function logInfo(line: string): void {
  core.info(escapeWorkflowCommands(line));
}

/**
 * Runs `work` — a user's command whose output goes straight to the job log — with the runner's
 * workflow commands switched off (`::stop-commands::<token>` … `::<token>::`): lines it prints
 * such as `::set-output`, `::add-mask::` or `::warning` stay text. The token is random and never
 * in the command's environment, so the command cannot switch them back on.
 */
export async function withWorkflowCommandsStopped<T>(work: () => Promise<T>): Promise<T> {
  const token = randomBytes(16).toString('hex');
  // Written before the command starts and after it ends: stdout to a pipe or file is synchronous.
  process.stdout.write(`::stop-commands::${token}${EOL}`);
  try {
    return await work();
  } finally {
    process.stdout.write(`::${token}::${EOL}`);
  }
}
