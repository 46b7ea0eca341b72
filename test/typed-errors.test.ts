import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@mlops-actions/emulator';
import { createGitHubClient } from '@mlops-actions/github';
import { resolveModelVersion, StageEmpty, VersionNotFound } from '@mlops-actions/registry';
import { readGateSpec } from '@mlops-actions/stats';

describe('errors callers branch on are typed', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => emulator.close());

  const resolve = (selector: Parameters<typeof resolveModelVersion>[1]['selector']) =>
    resolveModelVersion(
      createGitHubClient({
        token: emulator.defaultToken,
        baseUrl: emulator.github.apiUrl,
        writeIntervalMs: 0,
        maskToken: false,
      }),
      {
        owner: emulator.owner,
        repo: emulator.repo,
        modelName: 'churn',
        selector,
        path: join(tmpdir(), 'never-written.onnx'),
        lineagePath: join(tmpdir(), 'never-written.lineage.json'),
      },
    );

  it('an empty stage is a StageEmpty (a VersionNotFound) naming the model and environment', async () => {
    const error = await resolve({ kind: 'stage', environment: 'production' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StageEmpty);
    expect(error).toBeInstanceOf(VersionNotFound);
    expect(error).toMatchObject({ modelName: 'churn', environment: 'production' });
  });

  it('a model without versions is a VersionNotFound, not a StageEmpty', async () => {
    const error = await resolve({ kind: 'latest' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionNotFound);
    expect(error).not.toBeInstanceOf(StageEmpty);
  });
});

describe('thresholds: one reader for the action and the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gates-'));
  writeFileSync(join(dir, 'gates.yml'), 'roc_auc:\n  min: 0.8\n');

  it('reads a file relative to the working directory, or the YAML itself', () => {
    expect(readGateSpec('gates.yml', { cwd: dir })).toEqual({ roc_auc: { min: 0.8 } });
    expect(readGateSpec('{accuracy: {max-regression: 0.01}}', { cwd: dir })).toEqual({
      accuracy: { 'max-regression': 0.01 },
    });
  });

  it('names the file, or the input, in its errors', () => {
    writeFileSync(join(dir, 'list.yml'), '- roc_auc\n');
    expect(() => readGateSpec('list.yml', { cwd: dir })).toThrow(
      /^list\.yml: expected a mapping of metric → rules/,
    );
    expect(() => readGateSpec('{roc_auc: [', { label: '--thresholds' })).toThrow(
      /^--thresholds: not valid YAML or JSON/,
    );
  });
});
