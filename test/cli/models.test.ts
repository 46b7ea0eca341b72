import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIO } from '@mlops-actions/cli';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import { createGitHubClient } from '@mlops-actions/github';
import { registerModel } from '@mlops-actions/registry';
import { parseEvaluation } from '@mlops-actions/stats';
import { repoRoot } from '../harness/run-action';
import { testClient } from '../support/github';
import { writeTrainingOutputs } from '../support/models';

const run = promisify(execFile);

describe('mlops-actions models list', () => {
  let emulator: Emulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    emulator = await startEmulator();
    env = {
      GITHUB_TOKEN: emulator.defaultToken,
      GITHUB_API_URL: emulator.github.apiUrl,
      GITHUB_REPOSITORY: `${emulator.owner}/${emulator.repo}`,
    };
    const octokit = createGitHubClient({
      token: emulator.defaultToken,
      baseUrl: emulator.github.apiUrl,
      writeIntervalMs: 0,
      maskToken: false,
    });
    const sha = emulator.github.state.resolve('main') ?? '';
    for (const [runId, accuracy] of [
      [1, 0.81],
      [2, 0.86],
      [3, 0.84],
    ] as const) {
      const files = writeTrainingOutputs({ metrics: { accuracy: { candidate: accuracy }, auc: 0.9 } });
      await registerModel(octokit, {
        owner: emulator.owner,
        repo: emulator.repo,
        modelName: 'churn',
        files: { model: files.model, evaluation: files.evaluation },
        evaluation: parseEvaluation(readFileSync(files.evaluation, 'utf8'), files.evaluation),
        code: {
          repository: 'octo-org/ml-repo',
          sha,
          ref: 'refs/heads/main',
          workflow: 'ml',
          runId,
          runAttempt: 1,
          actor: 'data-scientist',
          runUrl: `https://github.com/octo-org/ml-repo/actions/runs/${runId}`,
          commitUrl: `https://github.com/octo-org/ml-repo/commit/${sha}`,
        },
        renderCard: (lineage) => `# ${lineage.model.tag}`,
      });
    }
    const client = testClient(emulator);
    const repo = { owner: emulator.owner, repo: emulator.repo };
    for (const [environment, version, state] of [
      ['production', 2, 'success'],
      ['staging', 3, 'success'],
      ['production', 3, 'failure'],
    ] as const) {
      const { data } = await client.rest.repos.createDeployment({
        ...repo,
        ref: 'main',
        environment,
        task: 'deploy:model',
        auto_merge: false,
        required_contexts: [],
        payload: { model: 'churn', version, tag: `churn@v${version}` },
      });
      if ('id' in data)
        await client.rest.repos.createDeploymentStatus({ ...repo, deployment_id: data.id, state });
    }
  });
  afterAll(() => emulator.close());
  afterEach(() => expectNoSchemaViolations(emulator.github));

  /** Runs the command in-process with captured output. */
  async function cli(argv: string[], extraEnv: Record<string, string | undefined> = {}) {
    let stdout = '';
    let stderr = '';
    const io: CliIO = {
      env: { ...env, ...extraEnv },
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      cwd: repoRoot,
    };
    const exitCode = await runCli(argv, io);
    return { exitCode, stdout, stderr };
  }

  it('prints versions newest first with their stage and headline metrics', async () => {
    const result = await cli(['models', 'list', 'churn']);
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^VERSION +TAG +STAGE +ACCURACY +AUC +CREATED$/);
    expect(lines.slice(1).map((line) => line.split(/ {2,}/).slice(0, 5))).toEqual([
      ['v3', 'churn@v3', 'staging', '0.84', '0.9'],
      ['v2', 'churn@v2', 'production', '0.86', '0.9'],
      ['v1', 'churn@v1', '—', '0.81', '0.9'],
    ]);
  });

  it('--json gives the same facts for programs, and --limit cuts the list', async () => {
    const result = await cli(['models', 'list', 'churn', '--json', '--limit', '2']);
    expect(result.exitCode, result.stderr).toBe(0);
    const versions = JSON.parse(result.stdout) as { tag: string; stages: string[]; metrics: unknown[] }[];
    expect(versions.map((v) => [v.tag, v.stages])).toEqual([
      ['churn@v3', ['staging']],
      ['churn@v2', ['production']],
    ]);
    expect(versions[1]?.metrics).toEqual([
      { name: 'accuracy', value: 0.86, higherIsBetter: true },
      { name: 'auc', value: 0.9, higherIsBetter: true },
    ]);
  });

  it('--repo overrides GITHUB_REPOSITORY, and a model without versions says so', async () => {
    const result = await cli(['models', 'list', 'fraud', '--repo', 'octo-org/ml-repo'], {
      GITHUB_REPOSITORY: undefined,
    });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'No versions of "fraud" in octo-org/ml-repo.\n' });
  });

  it('explains usage mistakes with exit code 2 and the command help', async () => {
    const noToken = await cli(['models', 'list', 'churn'], { GITHUB_TOKEN: undefined });
    expect(noToken.exitCode).toBe(2);
    expect(noToken.stderr).toMatch(/^mlops-actions models: No token: set GITHUB_TOKEN or GH_TOKEN/);
    expect(noToken.stderr).toContain('Usage: mlops-actions models list');
    expect((await cli(['models', 'show', 'churn'])).stderr).toMatch(/unknown action "show"/);
    expect((await cli(['models', 'list', 'churn', '--verbose'])).stderr).toMatch(
      /Unknown option '--verbose'/,
    );
    const unknown = await cli(['deploy']);
    expect(unknown).toMatchObject({ exitCode: 2 });
    expect(unknown.stderr).toMatch(/unknown command "deploy"[\s\S]*Commands:\n(?: {2}\S+ +.+\n)* {2}models/);
  });

  it('--help for the tool and for the command', async () => {
    const tool = await cli(['--help']);
    expect(tool.exitCode).toBe(0);
    expect(tool.stdout).toMatch(/^Usage: mlops-actions <command>/);
    const models = await cli(['models', '--help']);
    expect(models.stdout).toMatch(/^Usage: mlops-actions models list <model-name>/);
  });

  it('the bundled bin runs on plain node', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'cli-bin-'));
    await run(process.execPath, [join(repoRoot, 'scripts/build-cli.mjs'), outDir]);
    const { stdout } = await run(
      process.execPath,
      [join(outDir, 'index.js'), 'models', 'list', 'churn', '--json'],
      {
        env: { ...process.env, ...env },
      },
    );
    expect((JSON.parse(stdout) as { tag: string }[]).map((v) => v.tag)).toEqual([
      'churn@v3',
      'churn@v2',
      'churn@v1',
    ]);
    // Outside Actions the token must not be echoed as an ::add-mask:: command.
    expect(stdout).not.toContain(emulator.defaultToken);
  });
});
