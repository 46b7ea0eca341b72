import { randomBytes } from 'node:crypto';
import { EOL } from 'node:os';

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
