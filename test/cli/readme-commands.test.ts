import { execFile, spawn } from 'node:child_process';
import { readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../harness/run-action';

const run = promisify(execFile);

/** The block the README marks as the CLI's walk-through, exactly as a reader copies it. */
function readmeCliBlock(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- readme-cli:');
  expect(marker).toBeGreaterThan(0);
  const block = /```bash\n([\s\S]*?)```/.exec(readme.slice(marker));
  expect(block).not.toBeNull();
  return block![1]!;
}

describe("the README's CLI commands", () => {
  // A stand-in registry that answers nothing: any lookup of a package name shows up here.
  const registryRequests: string[] = [];
  let registry: Server;
  beforeAll(async () => {
    registry = createServer((request, response) => {
      registryRequests.push(`${request.method} ${request.url}`);
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => registry.close(() => resolve())));

  it('name only the locally linked bin, in a form that never installs from the registry', () => {
    for (const file of ['README.md', 'packages/cli/README.md']) {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      const invocations = text.match(/npx[^\n`]*mlops-actions/g) ?? [];
      expect(invocations.length, file).toBeGreaterThan(0);
      for (const invocation of invocations) expect(invocation, file).toBe('npx --no -- mlops-actions');
    }
  });

  it('npm ci links the bin to a committed file, so it exists before any build', async () => {
    const linked = realpathSync(join(repoRoot, 'node_modules', '.bin', 'mlops-actions'));
    expect(linked).toBe(realpathSync(join(repoRoot, 'packages', 'cli', 'bin', 'mlops-actions.js')));
    const { stdout } = await run(
      'git',
      ['ls-files', '--error-unmatch', 'packages/cli/bin/mlops-actions.js'],
      {
        cwd: repoRoot,
      },
    );
    expect(stdout.trim()).toBe('packages/cli/bin/mlops-actions.js');
  });

  it('run as written from the clone: build, profile, validate, train, evaluate, drift', async () => {
    const scratch = join(repoRoot, '.tmp', 'try');
    rmSync(scratch, { recursive: true, force: true });
    const script = readmeCliBlock();
    const { port } = registry.address() as AddressInfo;
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('bash', ['-euo', 'pipefail', '-c', script], {
        cwd: repoRoot,
        env: {
          ...process.env,
          npm_config_registry: `http://127.0.0.1:${port}/`,
          npm_config_update_notifier: 'false',
          GITHUB_ACTIONS: '',
        },
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (code) => resolve({ code, output }));
    });
    expect(result.code, result.output).toBe(0);
    expect(registryRequests).toEqual([]);

    const validation = JSON.parse(readFileSync(join(scratch, 'validation.json'), 'utf8')) as {
      success: boolean;
      meta: { rows: number };
    };
    expect(validation).toMatchObject({ success: true, meta: { rows: 398 } });
    const evaluation = JSON.parse(readFileSync(join(scratch, 'evaluation.json'), 'utf8')) as {
      rows: number;
      metrics: { name: string; candidate: number; baseline?: number }[];
    };
    const auc = evaluation.metrics.find((metric) => metric.name === 'roc_auc')!;
    // Both models are logistic regressions on 30 well-separating features: far above chance.
    expect(auc.candidate).toBeGreaterThan(0.9);
    expect(auc.baseline).toBeGreaterThan(0.9);
    // The test file has 31 columns (30 features and the target), read once for both models.
    expect(result.output).toContain("Read 171 rows: 31 of the data's 31 columns.");
    expect(result.output).toContain('no data drift');
  }, 240_000);
});
