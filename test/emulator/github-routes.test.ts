import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoSchemaViolations,
  startGitHubEmulator,
  type GitHubEmulator,
} from '../../packages/emulator/src/github/index';
import { apiRouteDefs, uploadsRouteDefs } from '../../packages/emulator/src/github/routes/index';
import { loadSpec } from '../../packages/emulator/src/openapi/spec';

/**
 * A round trip through every route with the real Octokit client; every response is checked
 * against GitHub's OpenAPI description (afterEach), and the last test proves each route was
 * served successfully at least once in this file.
 */

const owner = 'octo-org';
const repo = 'ml-repo';
let gh: GitHubEmulator;
let octokit: Octokit;
const served = new Set<string>();

const quiet = { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} };

function client(token = gh.defaultToken): Octokit {
  return new Octokit({ auth: token, baseUrl: gh.apiUrl, log: quiet });
}

beforeAll(async () => {
  gh = await startGitHubEmulator();
  octokit = client();
});
afterEach(() => {
  for (const entry of gh.log) {
    if (entry.operationId && typeof entry.status === 'number' && entry.status < 400)
      served.add(entry.operationId);
  }
  expectNoSchemaViolations(gh);
});
afterAll(async () => {
  await gh.close();
});

async function newBranch(name: string): Promise<string> {
  const main = await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' });
  await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${name}`, sha: main.data.object.sha });
  return main.data.object.sha;
}

describe('repository, user, rate limit', () => {
  it('GET /repos/{owner}/{repo} describes the seeded repository', async () => {
    const { data } = await octokit.rest.repos.get({ owner, repo });
    expect(data.full_name).toBe('octo-org/ml-repo');
    expect(data.default_branch).toBe('main');
    expect(data.permissions?.push).toBe(true);
    expect(data.html_url).toBe('https://github.com/octo-org/ml-repo');
  });

  it('GET /user returns the user a personal token belongs to', async () => {
    const { data } = await client(
      gh.issueToken({ login: 'alice', type: 'User' }),
    ).rest.users.getAuthenticated();
    expect(data.login).toBe('alice');
    expect(data.type).toBe('User');
  });

  it('GET /rate_limit reports the token window without using it', async () => {
    const token = gh.issueToken({ login: 'counter', type: 'User' });
    const c = client(token);
    await c.rest.repos.get({ owner, repo });
    const first = await c.rest.rateLimit.get();
    const second = await c.rest.rateLimit.get();
    expect(first.data.rate).toMatchObject({ limit: 5000, used: 1, remaining: 4999 });
    expect(second.data.resources.core.used).toBe(1);
  });
});

describe('issues, labels and comments', () => {
  it('creates and reads an issue, and adds labels (creating them)', async () => {
    const created = await octokit.rest.issues.create({
      owner,
      repo,
      title: 'Drift detected',
      body: 'details',
    });
    expect(created.status).toBe(201);
    const labels = await octokit.rest.issues.addLabels({
      owner,
      repo,
      issue_number: created.data.number,
      labels: ['drift', 'mlops'],
    });
    expect(labels.data.map((l) => l.name)).toEqual(['drift', 'mlops']);
    const { data } = await octokit.rest.issues.get({ owner, repo, issue_number: created.data.number });
    expect(data.title).toBe('Drift detected');
    expect(data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['drift', 'mlops']);
    expect(data.user?.login).toBe('github-actions[bot]');
    expect(data.pull_request).toBeUndefined();
  });

  it('creates, lists, reads, updates and deletes a comment', async () => {
    const issue = await octokit.rest.issues.create({ owner, repo, title: 'comments' });
    const issue_number = issue.data.number;
    const created = await octokit.rest.issues.createComment({ owner, repo, issue_number, body: 'first' });
    expect(created.status).toBe(201);
    expect(created.data.html_url).toBe(
      `https://github.com/octo-org/ml-repo/issues/${issue_number}#issuecomment-${created.data.id}`,
    );
    const comment_id = created.data.id;
    const listed = await octokit.rest.issues.listComments({ owner, repo, issue_number });
    expect(listed.data.map((c) => c.body)).toEqual(['first']);
    const updated = await octokit.rest.issues.updateComment({ owner, repo, comment_id, body: 'second' });
    expect(updated.data.body).toBe('second');
    const fetched = await octokit.rest.issues.getComment({ owner, repo, comment_id });
    expect(fetched.data.body).toBe('second');
    const deleted = await octokit.rest.issues.deleteComment({ owner, repo, comment_id });
    expect(deleted.status).toBe(204);
    await expect(octokit.rest.issues.getComment({ owner, repo, comment_id })).rejects.toMatchObject({
      status: 404,
    });
    expect(gh.state.comments(issue_number)).toEqual([]);
  });
});

describe('pull requests', () => {
  it('creates, gets, lists (filtered) and updates a pull request that is also an issue', async () => {
    await newBranch('pr-branch');
    gh.state.commitFiles({ branch: 'pr-branch', files: { 'model/params.json': '{"depth": 4}\n' } });
    const created = await octokit.rest.pulls.create({
      owner,
      repo,
      head: 'pr-branch',
      base: 'main',
      title: 'Tune',
    });
    expect(created.status).toBe(201);
    const pull_number = created.data.number;
    expect(created.data.head.sha).toBe(gh.state.resolve('pr-branch'));
    expect(created.data).toMatchObject({ commits: 1, changed_files: 1, additions: 1, deletions: 0 });

    const got = await octokit.rest.pulls.get({ owner, repo, pull_number });
    expect(got.data.head.ref).toBe('pr-branch');
    const asIssue = await octokit.rest.issues.get({ owner, repo, issue_number: pull_number });
    expect(asIssue.data.pull_request?.html_url).toBe(
      `https://github.com/octo-org/ml-repo/pull/${pull_number}`,
    );

    const byHead = await octokit.rest.pulls.list({ owner, repo, head: 'octo-org:pr-branch', state: 'open' });
    expect(byHead.data.map((p) => p.number)).toEqual([pull_number]);
    const byOtherHead = await octokit.rest.pulls.list({ owner, repo, head: 'octo-org:nope' });
    expect(byOtherHead.data).toEqual([]);

    const closed = await octokit.rest.pulls.update({
      owner,
      repo,
      pull_number,
      state: 'closed',
      title: 'Tuned',
    });
    expect(closed.data).toMatchObject({ state: 'closed', title: 'Tuned' });
    const open = await octokit.rest.pulls.list({ owner, repo, head: 'octo-org:pr-branch' });
    expect(open.data).toEqual([]);
    const all = await octokit.rest.pulls.list({ owner, repo, head: 'octo-org:pr-branch', state: 'all' });
    expect(all.data).toHaveLength(1);
  });

  it('merges a pull request (more cases in github-merge.test.ts)', async () => {
    // Into a branch of its own: later tests expect main as it is.
    await newBranch('merge-base');
    await newBranch('merge-branch');
    gh.state.commitFiles({ branch: 'merge-branch', files: { 'model/merge.json': '{}\n' } });
    const pull = await octokit.rest.pulls.create({
      owner,
      repo,
      head: 'merge-branch',
      base: 'merge-base',
      title: 'M',
    });
    const merged = await octokit.rest.pulls.merge({ owner, repo, pull_number: pull.data.number });
    expect(merged.data.sha).toBe(gh.state.resolve('merge-base'));
  });
});

describe('git data and contents', () => {
  it('gets, creates, updates, matches and deletes refs', async () => {
    const mainSha = await newBranch('refs-branch');
    const ref = await octokit.rest.git.getRef({ owner, repo, ref: 'heads/refs-branch' });
    expect(ref.data.object.sha).toBe(mainSha);
    const next = gh.state.commitFiles({ branch: 'scratch', files: { a: '1' } });
    const updated = await octokit.rest.git.updateRef({ owner, repo, ref: 'heads/refs-branch', sha: next });
    expect(updated.data.object.sha).toBe(next);
    const matching = await octokit.rest.git.listMatchingRefs({ owner, repo, ref: 'heads/refs-' });
    expect(matching.data.map((r) => r.ref)).toEqual(['refs/heads/refs-branch']);
    const deleted = await octokit.rest.git.deleteRef({ owner, repo, ref: 'heads/refs-branch' });
    expect(deleted.status).toBe(204);
    await expect(octokit.rest.git.getRef({ owner, repo, ref: 'heads/refs-branch' })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('writes blob → tree → commit and reads each back', async () => {
    const blob = await octokit.rest.git.createBlob({ owner, repo, content: 'x,y\n1,2\n', encoding: 'utf-8' });
    expect(blob.status).toBe(201);
    const readBlob = await octokit.rest.git.getBlob({ owner, repo, file_sha: blob.data.sha });
    expect(Buffer.from(readBlob.data.content, 'base64').toString()).toBe('x,y\n1,2\n');
    // Objects get git's own ids: `git hash-object` of "hello\n", and git's empty tree.
    const hello = await octokit.rest.git.createBlob({ owner, repo, content: 'aGVsbG8K', encoding: 'base64' });
    expect(hello.data.sha).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    const empty = await octokit.rest.git.createTree({ owner, repo, tree: [] });
    expect(empty.data.sha).toBe('4b825dc642cb6eb9a060e54bf8d69288fbee4904');

    const main = await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' });
    const base = await octokit.rest.git.getCommit({ owner, repo, commit_sha: main.data.object.sha });
    const tree = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: base.data.tree.sha,
      tree: [{ path: 'data/train.csv', mode: '100644', type: 'blob', sha: blob.data.sha }],
    });
    const readTree = await octokit.rest.git.getTree({ owner, repo, tree_sha: tree.data.sha, recursive: '1' });
    expect(readTree.data.tree.map((e) => e.path)).toEqual(['README.md', 'data', 'data/train.csv']);
    const commit = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: 'Add training data',
      tree: tree.data.sha,
      parents: [main.data.object.sha],
    });
    expect(commit.status).toBe(201);
    const readCommit = await octokit.rest.git.getCommit({ owner, repo, commit_sha: commit.data.sha });
    expect(readCommit.data.parents.map((p) => p.sha)).toEqual([main.data.object.sha]);
    expect(readCommit.data.message).toBe('Add training data');
  });

  it('creates and updates a file through the contents API and reads it back', async () => {
    await newBranch('contents-branch');
    const created = await octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      branch: 'contents-branch',
      path: '.mlops/retrain/churn.json',
      message: 'Record drift',
      content: Buffer.from('{"drift": 0.4}\n').toString('base64'),
    });
    expect(created.status).toBe(201);
    const file = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: '.mlops/retrain/churn.json',
      ref: 'contents-branch',
    });
    if (Array.isArray(file.data) || file.data.type !== 'file') throw new Error('expected a file');
    expect(Buffer.from(file.data.content, 'base64').toString()).toBe('{"drift": 0.4}\n');
    const dir = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: '.mlops/retrain',
      ref: 'contents-branch',
    });
    expect(Array.isArray(dir.data) && dir.data.map((e) => e.name)).toEqual(['churn.json']);
    const updated = await octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      branch: 'contents-branch',
      path: '.mlops/retrain/churn.json',
      message: 'Update drift',
      content: Buffer.from('{"drift": 0.6}\n').toString('base64'),
      sha: file.data.sha,
    });
    expect(updated.status).toBe(200);
    expect(gh.state.readFile('.mlops/retrain/churn.json', 'contents-branch')).toBe('{"drift": 0.6}\n');
    expect(gh.state.readFile('.mlops/retrain/churn.json', 'main')).toBeUndefined();
  });
});

describe('releases, assets and tags', () => {
  it('creates, lists, gets, updates and deletes releases; latest and by-tag lookups', async () => {
    const v1 = await octokit.rest.repos.createRelease({
      owner,
      repo,
      tag_name: 'app@v1',
      name: 'v1',
      body: 'notes',
    });
    expect(v1.status).toBe(201);
    expect(v1.data.upload_url).toBe(
      `${gh.uploadsUrl}/repos/octo-org/ml-repo/releases/${v1.data.id}/assets{?name,label}`,
    );
    const latest = await octokit.rest.repos.getLatestRelease({ owner, repo });
    expect(latest.data.id).toBe(v1.data.id);
    const byTag = await octokit.rest.repos.getReleaseByTag({ owner, repo, tag: 'app@v1' });
    expect(byTag.data.id).toBe(v1.data.id);
    const got = await octokit.rest.repos.getRelease({ owner, repo, release_id: v1.data.id });
    expect(got.data.body).toBe('notes');
    const updated = await octokit.rest.repos.updateRelease({
      owner,
      repo,
      release_id: v1.data.id,
      body: 'edited',
    });
    expect(updated.data.body).toBe('edited');
    const list = await octokit.rest.repos.listReleases({ owner, repo });
    expect(list.data.map((r) => r.tag_name)).toContain('app@v1');
    const tags = await octokit.rest.repos.listTags({ owner, repo });
    expect(tags.data.map((t) => t.name)).toContain('app@v1');
    const deleted = await octokit.rest.repos.deleteRelease({ owner, repo, release_id: v1.data.id });
    expect(deleted.status).toBe(204);
    await expect(octokit.rest.repos.getLatestRelease({ owner, repo })).rejects.toMatchObject({ status: 404 });
  });

  it('uploads, lists, gets, renames, downloads and deletes assets', async () => {
    const release = await octokit.rest.repos.createRelease({
      owner,
      repo,
      tag_name: 'assets@v1',
      draft: true,
    });
    const upload = await octokit.rest.repos.uploadReleaseAsset({
      owner,
      repo,
      release_id: release.data.id,
      name: 'model.onnx',
      label: 'Model',
      data: 'onnx-bytes' as unknown as string,
      baseUrl: gh.uploadsUrl,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(upload.status).toBe(201);
    expect(upload.data).toMatchObject({ name: 'model.onnx', label: 'Model', size: 10, state: 'uploaded' });
    // The uploads host sends no rate-limit headers; the API host does.
    expect(Object.keys(upload.headers).filter((h) => h.startsWith('x-ratelimit-'))).toEqual([]);
    const asset_id = upload.data.id;
    const list = await octokit.rest.repos.listReleaseAssets({ owner, repo, release_id: release.data.id });
    expect(list.headers['x-ratelimit-limit']).toBeDefined();
    expect(list.data.map((a) => a.name)).toEqual(['model.onnx']);
    const meta = await octokit.rest.repos.getReleaseAsset({ owner, repo, asset_id });
    expect(meta.data.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const renamed = await octokit.rest.repos.updateReleaseAsset({ owner, repo, asset_id, name: 'm.onnx' });
    expect(renamed.data.name).toBe('m.onnx');
    const bytes = await octokit.rest.repos.getReleaseAsset({
      owner,
      repo,
      asset_id,
      headers: { accept: 'application/octet-stream' },
    });
    expect(Buffer.from(bytes.data as unknown as ArrayBuffer).toString()).toBe('onnx-bytes');
    // The bytes came from a signed URL on another host, which fetch reached without the token.
    const stored = gh.log.filter((e) => e.path === `/storage/release-assets/${asset_id}`);
    expect(stored.map((e) => [e.server, e.status, e.token])).toEqual([['uploads', 200, undefined]]);
    const unsigned = await fetch(`${gh.uploadsUrl}/storage/release-assets/${asset_id}?sig=forged`);
    expect(unsigned.status).toBe(404);
    const deleted = await octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id });
    expect(deleted.status).toBe(204);
    expect(gh.state.releases().find((r) => r.id === release.data.id)?.assets).toEqual([]);
  });
});

describe('deployments and environments', () => {
  it('creates, lists, gets and deletes deployments, and creates/lists/gets statuses', async () => {
    const created = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: 'main',
      environment: 'staging',
      task: 'deploy:model',
      payload: { model: 'churn', version: 3 },
      required_contexts: [],
      auto_merge: false,
      description: 'churn@v3',
      transient_environment: true,
      production_environment: false,
    });
    if (created.status !== 201) throw new Error('expected 201');
    const deployment_id = created.data.id;
    expect(created.data).toMatchObject({
      environment: 'staging',
      task: 'deploy:model',
      payload: { model: 'churn', version: 3 },
      transient_environment: true,
      production_environment: false,
      sha: gh.state.resolve('main'),
    });
    const status = await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id,
      state: 'success',
      log_url: 'https://github.com/octo-org/ml-repo/actions/runs/1',
      environment_url: 'https://models.example.com/churn',
      description: 'deployed',
    });
    expect(status.status).toBe(201);
    const statuses = await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id });
    expect(statuses.data.map((s) => s.state)).toEqual(['success']);
    const oneStatus = await octokit.rest.repos.getDeploymentStatus({
      owner,
      repo,
      deployment_id,
      status_id: status.data.id,
    });
    expect(oneStatus.data.environment_url).toBe('https://models.example.com/churn');
    const got = await octokit.rest.repos.getDeployment({ owner, repo, deployment_id });
    expect(got.data.id).toBe(deployment_id);
    const list = await octokit.rest.repos.listDeployments({ owner, repo, environment: 'staging' });
    expect(list.data.map((d) => d.id)).toEqual([deployment_id]);
    const deleted = await octokit.rest.repos.deleteDeployment({ owner, repo, deployment_id });
    expect(deleted.status).toBe(204);
  });

  it('lists, gets and creates environments (deploying creates one too)', async () => {
    const admin = client(gh.issueToken({ login: 'admin-user', type: 'User' }));
    const reviewer = gh.state.addUser('reviewer-rita');
    const put = await admin.rest.repos.createOrUpdateEnvironment({
      owner,
      repo,
      environment_name: 'production',
      wait_timer: 5,
      reviewers: [{ type: 'User', id: reviewer.id }],
      deployment_branch_policy: { protected_branches: true, custom_branch_policies: false },
    });
    expect(put.data.protection_rules?.map((r) => r.type)).toEqual([
      'wait_timer',
      'required_reviewers',
      'branch_policy',
    ]);
    const got = await octokit.rest.repos.getEnvironment({ owner, repo, environment_name: 'production' });
    expect(got.data.name).toBe('production');
    const all = await octokit.rest.repos.getAllEnvironments({ owner, repo });
    expect(all.data.environments?.map((e) => e.name)).toContain('production');
    expect(all.data.total_count).toBe(all.data.environments?.length);
  });
});

describe('actions', () => {
  it('lists and gets workflows, dispatches one, and reads runs and approvals', async () => {
    const workflow = gh.state.addWorkflow('retrain.yml');
    const list = await octokit.rest.actions.listRepoWorkflows({ owner, repo });
    expect(list.data.workflows.map((w) => w.path)).toContain('.github/workflows/retrain.yml');
    const got = await octokit.rest.actions.getWorkflow({ owner, repo, workflow_id: 'retrain.yml' });
    expect(got.data.id).toBe(workflow.id);
    const dispatched = await octokit.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: 'retrain.yml',
      ref: 'main',
      inputs: { model: 'churn' },
    });
    expect(dispatched.status).toBe(204);
    const run = gh.state.runs().at(-1);
    expect(run).toMatchObject({ event: 'workflow_dispatch', status: 'queued', workflow_id: workflow.id });
    gh.state.addRunApproval(run?.id ?? 0, { environments: ['production'], user: 'rita', comment: 'ship it' });
    const approvals = await octokit.rest.actions.getReviewsForRun({ owner, repo, run_id: run?.id ?? 0 });
    expect(approvals.data).toHaveLength(1);
    expect(approvals.data[0]).toMatchObject({
      state: 'approved',
      comment: 'ship it',
      user: { login: 'rita' },
    });
    expect(approvals.data[0]?.environments.map((e) => e.name)).toEqual(['production']);
    const fetched = await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: run?.id ?? 0 });
    expect(fetched.data.head_sha).toBe(gh.state.resolve('main'));
  });

  it("lists a workflow's runs newest first, filtered by event and branch", async () => {
    gh.state.addWorkflow('nightly.yml', { inputs: ['model'] });
    gh.state.addWorkflowRun({ workflow: 'nightly.yml', event: 'schedule' });
    for (const model of ['a', 'b']) {
      await octokit.rest.actions.createWorkflowDispatch({
        owner,
        repo,
        workflow_id: 'nightly.yml',
        ref: 'main',
        inputs: { model },
      });
    }
    const { data } = await octokit.rest.actions.listWorkflowRuns({
      owner,
      repo,
      workflow_id: 'nightly.yml',
      event: 'workflow_dispatch',
      branch: 'main',
    });
    const dispatched = gh.state.dispatches.filter((d) => d.workflow === '.github/workflows/nightly.yml');
    expect(data.total_count).toBe(2);
    expect(data.workflow_runs.map((r) => r.id)).toEqual(dispatched.map((d) => d.run_id).reverse());
    const other = await octokit.rest.actions.listWorkflowRuns({
      owner,
      repo,
      workflow_id: 'nightly.yml',
      branch: 'elsewhere',
    });
    expect(other.data.workflow_runs).toEqual([]);
  });
});

describe('route table', () => {
  const routes = [...apiRouteDefs, ...uploadsRouteDefs].filter((r) => r.operationId !== undefined);

  it('maps every route to the operation GitHub documents for that method and path', () => {
    const spec = loadSpec();
    const mismatches = routes.filter(
      (r) => spec.byRoute.get(`${r.method} ${r.path}`)?.operationId !== r.operationId,
    );
    expect(mismatches.map((r) => `${r.method} ${r.path} → ${r.operationId}`)).toEqual([]);
  });

  it('served every route successfully, with its response validated, in this file', () => {
    const missing = routes.map((r) => r.operationId as string).filter((id) => !served.has(id));
    expect(missing).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(50);
  });
});
