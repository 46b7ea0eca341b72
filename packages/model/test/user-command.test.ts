import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runUserCommand } from '../src/training/user-command';

describe('runUserCommand', () => {
  it("keeps the runner's credentials and the action's inputs from the user's command, and passes its own variables", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      ACTIONS_RUNTIME_TOKEN: 'runtime-secret',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret',
      'INPUT_GITHUB-TOKEN': 'ghs_secret',
      'INPUT_ENDPOINT-TOKEN': 'endpoint-secret',
    });
    try {
      const result = await runUserCommand(
        'test -z "${ACTIONS_RUNTIME_TOKEN:-}" && test -z "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-}" && ! env | grep -q "^INPUT_" && test "$MLOPS_PARAM_C" = 0.5',
        { env: { MLOPS_PARAM_C: '0.5' } },
      );
      expect(result.exitCode).toBe(0);
    } finally {
      process.env = saved;
    }
  });

  it('gives the command throw-away file-command files, so it cannot set what later steps see', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'user-command-'));
    const real = {
      GITHUB_ENV: join(dir, 'env'),
      GITHUB_PATH: join(dir, 'path'),
      GITHUB_OUTPUT: join(dir, 'output'),
    };
    for (const file of Object.values(real)) writeFileSync(file, '');
    const saved = { ...process.env };
    Object.assign(process.env, real);
    try {
      const result = await runUserCommand(
        [
          'echo "NODE_OPTIONS=--require=/tmp/evil.js" >> "$GITHUB_ENV"',
          'echo /tmp/evil >> "$GITHUB_PATH"',
          'echo "model=/tmp/evil.onnx" >> "$GITHUB_OUTPUT"',
          `test "$GITHUB_ENV" != "${real.GITHUB_ENV}"`,
        ].join('\n'),
        { env: {}, scratchDir: dir },
      );
      expect(result.exitCode).toBe(0);
    } finally {
      process.env = saved;
    }
    for (const file of Object.values(real)) expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('keeps the exit code of a failing pipeline (pipefail)', async () => {
    expect((await runUserCommand('false | true', { env: {} })).exitCode).toBe(1);
    expect((await runUserCommand('exit 7', { env: {} })).exitCode).toBe(7);
  });
});
