import type { GitHubEmulator } from './types';

/**
 * For `afterEach`: fails when any response since the last check did not match GitHub's
 * OpenAPI description, listing each one. Reported violations are cleared, so one bad response
 * fails one test, not every test after it.
 */
export function expectNoSchemaViolations(emulator: Pick<GitHubEmulator, 'schemaViolations'>): void {
  const violations = emulator.schemaViolations.splice(0);
  if (violations.length === 0) return;
  const list = violations
    .map(
      (v) =>
        `- ${v.method} ${v.path} → ${v.status} (${v.operationId})\n    ${v.errors.replace(/\n/g, '\n    ')}`,
    )
    .join('\n');
  throw new Error(`${violations.length} response(s) did not match GitHub's OpenAPI description:\n${list}`);
}
