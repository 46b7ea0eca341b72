import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@mlops-actions/cli';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import { repoRoot } from '../harness/run-action';
import { captureIO } from '../support/cli';

// `mlops-actions drift --model-name`: the reference is the training profile of the version in
// production, found through the GitHub API as drift-check finds it.
describe('mlops-actions drift --model-name', () => {
  let emulator: Emulator;
  let dir: string;

  const io = (env: Record<string, string | undefined>) => captureIO(dir, env);

  beforeAll(async () => {
    emulator = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), 'cli-drift-production-'));
    const [header, ...rows] = readFileSync(
      join(repoRoot, 'node_modules/vega-datasets/data/seattle-weather.csv'),
      'utf8',
    )
      .trim()
      .split('\n');
    const year = (y: number) => `${[header, ...rows.filter((r) => r.startsWith(`${y}-`))].join('\n')}\n`;
    writeFileSync(join(dir, '2012.csv'), year(2012));
    writeFileSync(join(dir, '2015.csv'), year(2015));
    // The training profile, as register-model would have uploaded it.
    const profiled = io({});
    expect(await runCli(['profile', '2012.csv', '--output', 'profile.json'], profiled.cli)).toBe(0);
    const model = Buffer.from('onnx bytes of v3');
    const { state } = emulator.github;
    state.addRelease({
      tag_name: 'weather@v3',
      name: 'weather v3',
      body: 'card',
      assets: [
        { name: 'model.onnx', data: model },
        {
          name: 'profile.json',
          data: readFileSync(join(dir, 'profile.json')),
          contentType: 'application/json',
        },
      ],
    });
    const sha256 = createHash('sha256').update(model).digest('hex');
    state.addDeployment({
      environment: 'production',
      task: 'deploy:model',
      payload: { model: 'weather', version: 3, tag: 'weather@v3', sha256 },
      statuses: [{ state: 'success' }],
    });
  });
  afterEach(() => expectNoSchemaViolations(emulator.github));
  afterAll(async () => {
    await emulator.close();
  });

  it('compares with the production version’s training profile, as --reference profile.json does', async () => {
    const env = {
      GITHUB_TOKEN: emulator.defaultToken,
      GITHUB_API_URL: emulator.github.apiUrl,
      GITHUB_REPOSITORY: `${emulator.owner}/${emulator.repo}`,
    };
    const remote = io(env);
    expect(await runCli(['drift', '--model-name', 'weather', '--current', '2015.csv'], remote.cli)).toBe(0);
    const local = io({});
    expect(await runCli(['drift', '--reference', 'profile.json', '--current', '2015.csv'], local.cli)).toBe(
      0,
    );
    const fromRegistry = JSON.parse(remote.out.stdout) as {
      reference: { kind: string; tag?: string };
      columns: unknown;
    };
    const fromFile = JSON.parse(local.out.stdout) as { columns: unknown };
    expect(fromRegistry.reference).toMatchObject({ kind: 'production', tag: 'weather@v3' });
    expect(fromRegistry.columns).toEqual(fromFile.columns);
    expect(fromFile.columns).toHaveLength(5); // date is profiled but not tested: 5 of 6 columns

    expect(remote.out.stderr).toContain('reference: weather@v3 (in production)');
  });

  it('says what is missing: no token, no production version, both references', async () => {
    const noToken = io({ GITHUB_REPOSITORY: 'octo-org/ml-repo' });
    expect(await runCli(['drift', '--model-name', 'weather', '2015.csv'], noToken.cli)).toBe(2);
    expect(noToken.out.stderr).toContain('No token');
    const env = { GITHUB_TOKEN: emulator.defaultToken, GITHUB_API_URL: emulator.github.apiUrl };
    const other = io(env);
    expect(
      await runCli(['drift', '--model-name', 'churn', '--repo', 'octo-org/ml-repo', '2015.csv'], other.cli),
    ).toBe(1);
    expect(other.out.stderr).toContain('No version of "churn" runs in production');
    const both = io(env);
    expect(
      await runCli(['drift', '--model-name', 'weather', '--reference', 'profile.json', '2015.csv'], both.cli),
    ).toBe(2);
    expect(both.out.stderr).toContain('not both');
  });
});
