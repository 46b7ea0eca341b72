import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import { listAllComments, testClient } from '../../support/github';
import {
  readWorkflowFile,
  runWorkflow,
  WorkflowFileError,
  WorkflowRunError,
} from '@mlops-actions/workflow-runner';

let emulator: Emulator;
const dir = mkdtempSync(join(tmpdir(), 'runner-test-'));

function workflowFile(name: string, yaml: string): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.github.state.commitFiles({
    files: { 'data/train.csv': 'x,y\n1,2\n3,4\n5,7\n', 'train/params.yml': 'l2: 1\n' },
  });
});
afterEach(() => expectNoSchemaViolations(emulator.github));
afterAll(async () => {
  await emulator.close();
});

describe('workflow runner', () => {
  it('runs jobs in needs order with outputs, env, vars, inputs, GITHUB_ENV and status functions', async () => {
    const path = workflowFile(
      'flow.yml',
      `name: flow
on:
  workflow_dispatch:
    inputs:
      model: { required: false, default: churn }
      flag: { type: boolean, default: false }
permissions: { contents: read }
env:
  WHO: workflow
jobs:
  first:
    runs-on: ubuntu-latest
    outputs:
      answer: \${{ steps.compute.outputs.answer }}
    env:
      WHO: job
    steps:
      - id: compute
        env:
          MODEL: \${{ inputs.model }}
          FLAG: \${{ inputs.flag }}
          REGION: \${{ vars.REGION }}
        run: |
          echo "answer=$MODEL-$WHO-$FLAG-$REGION" >> "$GITHUB_OUTPUT"
          echo "EXPORTED=later" >> "$GITHUB_ENV"
          echo "### computed" >> "$GITHUB_STEP_SUMMARY"
      - id: sees-export
        run: echo "value=$EXPORTED" >> "$GITHUB_OUTPUT"
      - id: fails
        run: exit 3
        continue-on-error: true
      - id: broken
        run: exit 1
      - id: after-failure
        run: echo never
      - id: on-failure
        if: failure() && steps.broken.outcome == 'failure'
        run: echo "ran=yes" >> "$GITHUB_OUTPUT"
  second:
    needs: first
    if: always()
    runs-on: ubuntu-latest
    steps:
      - id: read
        env:
          ANSWER: \${{ needs.first.outputs.answer }}
          RESULT: \${{ needs.first.result }}
        run: echo "got=$ANSWER/$RESULT" >> "$GITHUB_OUTPUT"
  third:
    needs: first
    runs-on: ubuntu-latest
    steps:
      - run: echo should not run
`,
    );
    const run = await runWorkflow({
      emulator,
      workflow: path,
      event: { name: 'workflow_dispatch', inputs: { flag: 'true' } },
      vars: { REGION: 'eu' },
    });
    const first = run.jobs['first']!;
    expect(first.result).toBe('failure');
    expect(first.outputs).toEqual({ answer: 'churn-job-true-eu' });
    const byId = Object.fromEntries(first.steps.map((s) => [s.id, s]));
    expect(byId['sees-export']!.outputs).toEqual({ value: 'later' });
    expect(byId['fails']).toMatchObject({ outcome: 'failure', conclusion: 'success' });
    expect(byId['broken']).toMatchObject({ outcome: 'failure', conclusion: 'failure' });
    expect(byId['after-failure']!.outcome).toBe('skipped');
    expect(byId['on-failure']!.outputs).toEqual({ ran: 'yes' });
    expect(first.summary).toContain('### computed');
    expect(run.jobs['second']!.steps[0]!.outputs).toEqual({ got: 'churn-job-true-eu/failure' });
    expect(run.jobs['third']!.result).toBe('skipped');
    expect(run.conclusion).toBe('failure');
    // The run is recorded as GitHub would list it.
    const recorded = emulator.github.state.runs().find((r) => r.id === run.runId);
    expect(recorded).toMatchObject({
      event: 'workflow_dispatch',
      status: 'completed',
      conclusion: 'failure',
    });
  });

  it('gives each job a token with its permissions: what they do not grant is refused', async () => {
    const path = workflowFile(
      'perms.yml',
      `on: workflow_dispatch
permissions:
  contents: write
jobs:
  comment:
    runs-on: ubuntu-latest
    steps:
      - env:
          TOKEN: \${{ secrets.GITHUB_TOKEN }}
          ISSUE: \${{ vars.ISSUE }}
        run: |
          node -e '
            const base = process.env.GITHUB_API_URL + "/repos/" + process.env.GITHUB_REPOSITORY;
            const headers = { authorization: "token " + process.env.TOKEN, "content-type": "application/json" };
            fetch(base + "/issues/" + process.env.ISSUE + "/comments", { method: "POST", headers, body: JSON.stringify({ body: "hi" }) })
              .then(async (r) => { if (!r.ok) { console.error(r.status, await r.text()); process.exit(1); } });
          '
`,
    );
    const issue = await testClient(emulator).rest.issues.create({
      owner: emulator.owner,
      repo: emulator.repo,
      title: 'An issue',
    });
    const run = await runWorkflow({
      emulator,
      workflow: path,
      event: { name: 'workflow_dispatch' },
      vars: { ISSUE: String(issue.data.number) },
    });
    const job = run.jobs['comment']!;
    expect(job.steps[0]!.stderr).toContain('403 {"message":"Resource not accessible by integration"');
    expect(job.steps[0]!.outcome).toBe('failure');
    expect(job.permissionViolations).toEqual([
      `POST /repos/${emulator.owner}/${emulator.repo}/issues/${issue.data.number}/comments needs issues or pull-requests: write`,
    ]);
    expect(job.result).toBe('failure');
    expect(await listAllComments(emulator, issue.data.number)).toEqual([]);
  });

  it('waits for a required reviewer, records the approval and the environment’s deployment', async () => {
    emulator.github.state.addEnvironment('staging', { reviewers: ['ml-lead'] });
    const path = workflowFile(
      'env.yml',
      `on: workflow_dispatch
permissions: { contents: read }
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment:
      name: staging
      url: \${{ steps.url.outputs.url }}
    steps:
      - id: url
        run: echo "url=https://staging.example.com" >> "$GITHUB_OUTPUT"
`,
    );
    await expect(
      runWorkflow({ emulator, workflow: path, event: { name: 'workflow_dispatch' } }),
    ).rejects.toThrow(/waits for a review of environment "staging"/);
    const run = await runWorkflow({
      emulator,
      workflow: path,
      event: { name: 'workflow_dispatch' },
      reviews: { staging: { reviewer: 'ml-lead', comment: 'ship it' } },
    });
    expect(run.jobs['deploy']).toMatchObject({
      result: 'success',
      environmentUrl: 'https://staging.example.com',
    });
    const approvals = await testClient(emulator).request(
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals',
      {
        owner: emulator.owner,
        repo: emulator.repo,
        run_id: run.runId,
      },
    );
    expect(approvals.data).toMatchObject([
      { state: 'approved', comment: 'ship it', user: { login: 'ml-lead' } },
    ]);
    const deployment = emulator.github.state.deployments().find((d) => d.environment === 'staging');
    expect(deployment).toMatchObject({ task: 'deploy' });

    const rejected = await runWorkflow({
      emulator,
      workflow: path,
      event: { name: 'workflow_dispatch' },
      reviews: { staging: { reviewer: 'ml-lead', state: 'rejected' } },
    });
    expect(rejected.jobs['deploy']!.result).toBe('failure');
    expect(rejected.jobs['deploy']!.steps).toEqual([]);
  });

  it('runs our actions from their dist after a checkout, with hashFiles', async () => {
    const path = workflowFile(
      'profile.yml',
      `on:
  push:
    branches: [main]
    paths: ['data/**']
permissions: { contents: read }
jobs:
  profile:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - id: profile
        uses: mlops-actions/mlops-actions/actions/profile-data@v1
        with:
          data: data/train.csv
      - id: key
        run: echo "key=\${{ hashFiles('train/**') }}" >> "$GITHUB_OUTPUT"
`,
    );
    const before = emulator.github.state.resolve('main')!;
    const after = emulator.github.state.commitFiles({
      files: { 'data/train.csv': 'x,y\n1,2\n3,4\n5,7\n9,9\n' },
    });
    const run = await runWorkflow({ emulator, workflow: path, event: { name: 'push', before, after } });
    const job = run.jobs['profile']!;
    expect(job.result).toBe('success');
    expect(job.steps[1]!.outputs['rows']).toBe('4');
    const profile = JSON.parse(
      readFileSync(join(job.workspace, job.steps[1]!.outputs['profile']!), 'utf8'),
    ) as {
      columns: Record<string, { count: number }>;
    };
    expect(Object.keys(profile.columns)).toEqual(['x', 'y']);
    expect(job.steps[2]!.outputs['key']).toMatch(/^[0-9a-f]{64}$/);

    // The paths filter: a push that touches no data file does not start the workflow.
    const docs = emulator.github.state.commitFiles({ files: { 'README.md': 'docs\n' } });
    const skipped = await runWorkflow({
      emulator,
      workflow: path,
      event: { name: 'push', before: after, after: docs },
    });
    expect(skipped).toMatchObject({ triggered: false, reason: expect.stringContaining('paths data/**') });
  });

  it('filters pull requests on the branch’s own changes (three-dot diff), not on the base’s', async () => {
    const path = workflowFile(
      'pr-paths.yml',
      `on:
  pull_request:
    paths: ['data/**']
permissions: { contents: read }
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - run: echo data changed
`,
    );
    const { state } = emulator.github;
    state.commitFiles({ branch: 'docs-only', files: { 'docs/guide.md': '# Guide\n' } });
    state.commitFiles({ files: { 'data/train.csv': 'x,y\n0,0\n' } }); // main moves on in data/
    const client = testClient(emulator);
    const pull = await client.rest.pulls.create({
      owner: emulator.owner,
      repo: emulator.repo,
      head: 'docs-only',
      base: 'main',
      title: 'Docs',
    });
    const run = await runWorkflow({
      emulator,
      workflow: path,
      event: { name: 'pull_request', number: pull.data.number },
    });
    expect(run).toMatchObject({ triggered: false, reason: expect.stringContaining('paths data/**') });
    state.commitFiles({ branch: 'docs-only', files: { 'data/extra.csv': 'x,y\n1,1\n' } });
    const again = await runWorkflow({
      emulator,
      workflow: path,
      event: { name: 'pull_request', number: pull.data.number },
    });
    expect(again).toMatchObject({ triggered: true, conclusion: 'success' });
  });

  it('refuses what it does not run, naming the place', async () => {
    const matrix = workflowFile(
      'matrix.yml',
      `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    services:
      db: { image: postgres }
    steps:
      - run: echo
`,
    );
    expect(() => readWorkflowFile(matrix)).toThrow(WorkflowFileError);
    expect(() => readWorkflowFile(matrix)).toThrow(/matrix\.yml:5: job "build": "services" is not supported/);
    const setupNode = workflowFile(
      'setup.yml',
      `on: workflow_dispatch
permissions: { contents: read }
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-java@v4
`,
    );
    await expect(
      runWorkflow({ emulator, workflow: setupNode, event: { name: 'workflow_dispatch' } }),
    ).rejects.toThrow(WorkflowRunError);
    await expect(
      runWorkflow({ emulator, workflow: setupNode, event: { name: 'workflow_dispatch' } }),
    ).rejects.toThrow(/setup\.yml:7: uses: actions\/setup-java@v4 is not supported/);
  });
});
