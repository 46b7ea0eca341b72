import { describe, expect, it } from 'vitest';
import { runTrainingCommand } from '../src/training/run-command';

describe('runTrainingCommand', () => {
  it("keeps the runner's service credentials from the user's command, and passes its own variables", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      ACTIONS_RUNTIME_TOKEN: 'runtime-secret',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret',
    });
    try {
      const result = await runTrainingCommand(
        'test -z "${ACTIONS_RUNTIME_TOKEN:-}" && test -z "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-}" && test "$MLOPS_PARAM_C" = 0.5',
        { env: { MLOPS_PARAM_C: '0.5' } },
      );
      expect(result.exitCode).toBe(0);
    } finally {
      process.env = saved;
    }
  });

  it('keeps the exit code of a failing pipeline (pipefail)', async () => {
    expect((await runTrainingCommand('false | true', { env: {} })).exitCode).toBe(1);
    expect((await runTrainingCommand('exit 7', { env: {} })).exitCode).toBe(7);
  });
});
