import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoSchemaViolations,
  startGitHubEmulator,
  type GitHubEmulator,
} from '../../packages/emulator/src/github/index';

/** The flows the actions run, end to end through Octokit. */

const owner = 'octo-org';
const repo = 'ml-repo';
let gh: GitHubEmulator;
let octokit: Octokit;

beforeAll(async () => {
  gh = await startGitHubEmulator();
  octokit = new Octokit({ auth: gh.defaultToken, baseUrl: gh.apiUrl });
});
afterEach(() => expectNoSchemaViolations(gh));
afterAll(async () => {
  await gh.close();
});

describe('register a model version as a release', () => {
  it('draft → upload assets → publish (creates the tag) → download the same bytes', async () => {
    const model = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));
    const mainSha = gh.state.resolve('main');
    const draft = await octokit.rest.repos.createRelease({
      owner,
      repo,
      tag_name: 'churn@v1',
      name: 'churn v1',
      body: '## Model card',
      draft: true,
      make_latest: 'false',
    });
    expect(draft.data).toMatchObject({ draft: true, published_at: null, tarball_url: null });
    expect(draft.data.html_url).toMatch(/\/releases\/tag\/untagged-[0-9a-f]+$/);
    expect(gh.state.refs()['refs/tags/churn@v1']).toBeUndefined();

    const uploaded = await octokit.rest.repos.uploadReleaseAsset({
      owner,
      repo,
      release_id: draft.data.id,
      name: 'model.onnx',
      data: model as unknown as string,
      baseUrl: gh.uploadsUrl,
      headers: { 'content-type': 'application/octet-stream', 'content-length': model.length },
    });
    expect(uploaded.data.size).toBe(4096);
    expect(uploaded.data.content_type).toBe('application/octet-stream');
    await octokit.request({
      method: 'POST',
      url: draft.data.upload_url,
      name: 'lineage.json',
      data: '{"schema":1}',
      headers: { 'content-type': 'application/json' },
    });

    // make_latest is sent again when publishing: the emulator, like the API's PATCH, defaults it to 'true'.
    const published = await octokit.rest.repos.updateRelease({
      owner,
      repo,
      release_id: draft.data.id,
      draft: false,
      make_latest: 'false',
    });
    expect(published.data.draft).toBe(false);
    expect(published.data.published_at).not.toBeNull();
    expect(published.data.html_url).toBe('https://github.com/octo-org/ml-repo/releases/tag/churn%40v1');
    expect(gh.state.refs()['refs/tags/churn@v1']).toBe(mainSha);
    // make_latest: 'false' → the model release is not the repository's latest.
    await expect(octokit.rest.repos.getLatestRelease({ owner, repo })).rejects.toMatchObject({ status: 404 });

    const byTag = await octokit.rest.repos.getReleaseByTag({ owner, repo, tag: 'churn@v1' });
    expect(byTag.data.assets.map((a) => a.name)).toEqual(['model.onnx', 'lineage.json']);
    const asset = byTag.data.assets[0];
    const viaApi = await octokit.rest.repos.getReleaseAsset({
      owner,
      repo,
      asset_id: asset?.id ?? 0,
      headers: { accept: 'application/octet-stream' },
    });
    expect(Buffer.from(viaApi.data as unknown as ArrayBuffer).equals(model)).toBe(true);
    const viaBrowser = await fetch(asset?.browser_download_url ?? '');
    expect(viaBrowser.status).toBe(200);
    expect(Buffer.from(await viaBrowser.arrayBuffer()).equals(model)).toBe(true);
    const after = await octokit.rest.repos.getReleaseAsset({ owner, repo, asset_id: asset?.id ?? 0 });
    expect(after.data.download_count).toBe(2);
    expect(after.data.digest).toBe(
      `sha256:${(await import('node:crypto')).createHash('sha256').update(model).digest('hex')}`,
    );
  });

  it('releases/latest follows make_latest', async () => {
    const app1 = await octokit.rest.repos.createRelease({ owner, repo, tag_name: 'app-v1' });
    expect((await octokit.rest.repos.getLatestRelease({ owner, repo })).data.id).toBe(app1.data.id);
    await octokit.rest.repos.createRelease({ owner, repo, tag_name: 'churn@v2', make_latest: 'false' });
    expect((await octokit.rest.repos.getLatestRelease({ owner, repo })).data.id).toBe(app1.data.id);
    await octokit.rest.repos.createRelease({ owner, repo, tag_name: 'app-v2-rc', prerelease: true });
    expect((await octokit.rest.repos.getLatestRelease({ owner, repo })).data.id).toBe(app1.data.id);
    const app2 = await octokit.rest.repos.createRelease({ owner, repo, tag_name: 'app-v2' });
    expect((await octokit.rest.repos.getLatestRelease({ owner, repo })).data.id).toBe(app2.data.id);
    await octokit.rest.repos.updateRelease({ owner, repo, release_id: app1.data.id, make_latest: 'true' });
    expect((await octokit.rest.repos.getLatestRelease({ owner, repo })).data.id).toBe(app1.data.id);
    // Versions are tags: find them by prefix.
    const refs = await octokit.rest.git.listMatchingRefs({ owner, repo, ref: 'tags/churn@' });
    expect(refs.data.map((r) => r.ref)).toEqual(['refs/tags/churn@v1', 'refs/tags/churn@v2']);
  });
});

describe('commit to a branch with the git data API', () => {
  it('branch from main, commit a file, read it back; main is untouched', async () => {
    const main = await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' });
    const base = main.data.object.sha;
    await octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/mlops/retrain/churn', sha: base });
    const baseCommit = await octokit.rest.git.getCommit({ owner, repo, commit_sha: base });
    const tree = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: baseCommit.data.tree.sha,
      tree: [
        { path: '.mlops/retrain/churn.json', mode: '100644', type: 'blob', content: '{"drifted":true}\n' },
      ],
    });
    const commit = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: 'Retrain churn: drift detected',
      tree: tree.data.sha,
      parents: [base],
    });
    await octokit.rest.git.updateRef({ owner, repo, ref: 'heads/mlops/retrain/churn', sha: commit.data.sha });

    const file = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: '.mlops/retrain/churn.json',
      ref: 'mlops/retrain/churn',
    });
    if (Array.isArray(file.data) || file.data.type !== 'file') throw new Error('expected a file');
    expect(Buffer.from(file.data.content, 'base64').toString()).toBe('{"drifted":true}\n');
    const raw = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: '.mlops/retrain/churn.json',
      ref: commit.data.sha,
      mediaType: { format: 'raw' },
    });
    expect(raw.data).toBe('{"drifted":true}\n');
    const viaDownload = await fetch(file.data.download_url ?? '');
    expect(await viaDownload.text()).toBe('{"drifted":true}\n');
    expect(gh.state.readFile('README.md', 'mlops/retrain/churn')).toBe('# ml-repo\n');
    expect(gh.state.readFile('.mlops/retrain/churn.json', 'main')).toBeUndefined();
    await expect(
      octokit.rest.repos.getContent({ owner, repo, path: '.mlops/retrain/churn.json' }),
    ).rejects.toMatchObject({ status: 404 });

    // A pull request from the branch sees the commit, and follows the branch as it moves.
    const pull = await octokit.rest.pulls.create({
      owner,
      repo,
      head: 'mlops/retrain/churn',
      base: 'main',
      title: 'Retrain churn',
    });
    expect(pull.data.head.sha).toBe(commit.data.sha);
    const next = gh.state.commitFiles({
      branch: 'mlops/retrain/churn',
      files: { '.mlops/retrain/churn.json': '{}' },
    });
    expect((await octokit.rest.pulls.get({ owner, repo, pull_number: pull.data.number })).data.head.sha).toBe(
      next,
    );
  });
});

describe('stages as deployments', () => {
  it('statuses per environment; "what runs in production" is the latest successful production deployment', async () => {
    const deploy = async (environment: string, version: number, state: 'success' | 'failure') => {
      const d = await octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref: 'main',
        environment,
        task: 'deploy:churn',
        payload: { model: 'churn', version, tag: `churn@v${version}` },
        required_contexts: [],
        auto_merge: false,
      });
      if (d.status !== 201) throw new Error('expected a deployment');
      await octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: d.data.id,
        state: 'in_progress',
      });
      await octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: d.data.id,
        state,
        log_url: `https://github.com/octo-org/ml-repo/actions/runs/${version}`,
      });
      return d.data.id;
    };
    await deploy('production', 1, 'success');
    await deploy('staging', 2, 'success');
    await deploy('production', 2, 'failure');
    const stagingV3 = await deploy('staging', 3, 'success');

    const production = await octokit.rest.repos.listDeployments({
      owner,
      repo,
      environment: 'production',
      task: 'deploy:churn',
    });
    expect(production.data.map((d) => (d.payload as { version: number }).version)).toEqual([2, 1]);
    let live: number | undefined;
    for (const d of production.data) {
      const statuses = await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: d.id });
      if (statuses.data[0]?.state === 'success') {
        live = (d.payload as { version: number }).version;
        break;
      }
    }
    expect(live).toBe(1);

    // Staging is not a production environment, so the new success made v2's deployment inactive.
    const staging = await octokit.rest.repos.listDeployments({ owner, repo, environment: 'staging' });
    const states = await Promise.all(
      staging.data.map(async (d) => {
        const s = await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: d.id });
        return [d.id === stagingV3, s.data.map((x) => x.state)] as const;
      }),
    );
    expect(states).toEqual([
      [true, ['success', 'in_progress']],
      [false, ['inactive', 'success', 'in_progress']],
    ]);
    const envs = await octokit.rest.repos.getAllEnvironments({ owner, repo });
    expect(envs.data.environments?.map((e) => e.name).sort()).toEqual(['production', 'staging']);
  });
});

describe('retraining dispatch', () => {
  it('records workflow dispatches by file name and id, and can return the run', async () => {
    const workflow = gh.state.addWorkflow('retrain.yml', { inputs: ['model', 'reason'] });
    await octokit.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: 'retrain.yml',
      ref: 'main',
      inputs: { model: 'churn', reason: 'drift' },
    });
    const withRun = await octokit.request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      {
        owner,
        repo,
        workflow_id: workflow.id,
        ref: 'refs/heads/main',
        return_run_details: true,
      },
    );
    expect(withRun.status).toBe(200);
    expect(gh.state.dispatches).toEqual([
      expect.objectContaining({
        workflow: '.github/workflows/retrain.yml',
        ref: 'main',
        inputs: { model: 'churn', reason: 'drift' },
        actor: 'github-actions[bot]',
      }),
      expect.objectContaining({ workflow_id: workflow.id, ref: 'refs/heads/main', inputs: {} }),
    ]);
    const runId = (withRun.data as { workflow_run_id: number }).workflow_run_id;
    const run = await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: runId });
    expect(run.data).toMatchObject({ event: 'workflow_dispatch', status: 'queued', head_branch: 'main' });
  });
});

describe('seeding through state', () => {
  it('seeds releases with assets, deployments with statuses and protected environments', async () => {
    const release = gh.state.addRelease({
      tag_name: 'fraud@v3',
      make_latest: 'false',
      body: 'card',
      assets: [{ name: 'model.onnx', data: 'seeded-bytes' }],
    });
    const byTag = await octokit.rest.repos.getReleaseByTag({ owner, repo, tag: 'fraud@v3' });
    expect(byTag.data.id).toBe(release.id);
    const bytes = await fetch(byTag.data.assets[0]?.browser_download_url ?? '');
    expect(await bytes.text()).toBe('seeded-bytes');

    const deployment = gh.state.addDeployment({
      environment: 'production',
      payload: { model: 'fraud', version: 3 },
      statuses: [{ state: 'success', log_url: 'https://github.com/octo-org/ml-repo/actions/runs/9' }],
    });
    const statuses = await octokit.rest.repos.listDeploymentStatuses({
      owner,
      repo,
      deployment_id: deployment.id,
    });
    expect(statuses.data.map((s) => [s.state, s.log_url])).toEqual([
      ['success', 'https://github.com/octo-org/ml-repo/actions/runs/9'],
    ]);

    gh.state.addEnvironment('production', {
      reviewers: ['rita', 'sam'],
      waitTimer: 10,
      preventSelfReview: true,
    });
    const env = await octokit.rest.repos.getEnvironment({ owner, repo, environment_name: 'production' });
    const reviewers = env.data.protection_rules?.find((r) => r.type === 'required_reviewers');
    expect(
      reviewers &&
        'reviewers' in reviewers &&
        reviewers.reviewers?.map((r) => r.reviewer && 'login' in r.reviewer && r.reviewer.login),
    ).toEqual(['rita', 'sam']);
    expect(env.data.protection_rules?.find((r) => r.type === 'wait_timer')).toMatchObject({ wait_timer: 10 });
  });
});
