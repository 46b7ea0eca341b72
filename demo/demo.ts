import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Octokit } from '@octokit/rest';
import { startEmulator, type Emulator } from '@mlops-actions/emulator';
import { createModelServer, type OnnxRuntime } from '@mlops-actions/model';
import {
  runWorkflow,
  type EnvironmentReview,
  type TriggerEvent,
  type WorkflowRun,
  readWorkflowFile,
} from '@mlops-actions/workflow-runner';
import { writeDemoPage, type DemoDocument } from './page';
import { inMonths, inYears, labelledWeather, toCsv } from './weather-data';

/**
 * The whole loop on one machine: the example workflows of `workflows-examples/`, run by the
 * workflow runner against the emulated GitHub (REST API, Actions results service, Azurite), with a
 * real model server in the place of production. Real data: vega-datasets' weather.csv.
 *
 *  1. A pull request adds the model (data, suite, trainer params) → pr.yml → one metrics comment.
 *  2. It is merged → register.yml → release rain-tomorrow@v1.
 *  3. deploy.yml, approved by the environment's reviewer → production runs v1.
 *  4. A second pull request trains on two years instead of one → pr.yml → the comment compares
 *     the candidate with production (v1).
 *  5. Merged → v2; deployed with approval → production runs v2.
 *  6. A summer of production data arrives → drift.yml (schedule) → one retraining pull request and a
 *     dispatch of retrain.yml; the next morning's check updates that pull request, not a second one.
 *  7. The dispatched retrain.yml runs on the retraining branch.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
export const MODEL = 'rain-tomorrow';
const REVIEWER = 'ml-lead';
const AUTHOR = 'data-scientist';

export interface DemoOptions {
  /** Where the Markdown files and index.html go. */
  outDir: string;
  log?: (line: string) => void;
}

export interface DemoResult {
  outDir: string;
  page: string;
  documents: DemoDocument[];
  /** The end state, read back from the emulated GitHub. */
  pulls: {
    number: number;
    title: string;
    state: string;
    merged: boolean;
    labels: string[];
    comments: number;
  }[];
  releases: { tag: string; assets: string[]; draft: boolean }[];
  production: string | undefined;
  dispatches: { workflow: string; inputs: Record<string, unknown> }[];
  runs: { workflow: string; event: string; conclusion: string }[];
  durationMs: number;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  mkdirSync(options.outDir, { recursive: true });
  const emulator = await startEmulator({ owner: 'acme', repo: 'weather-ml', results: true });
  const runtime = createRequire(import.meta.url)('onnxruntime-node') as OnnxRuntime;
  // Production's model server wants a token, as it should on a network; deploy.yml gets it as a secret.
  const endpointToken = randomBytes(32).toString('hex');
  const server = createModelServer({ runtime: { ort: runtime }, token: endpointToken, log: () => {} });
  const endpoint = (await server.listen(0, '127.0.0.1')).href.replace(/\/$/, '');
  const toolCache = join(options.outDir, '.runner-tool-cache');
  const documents: DemoDocument[] = [];
  const summaries: { title: string; run: WorkflowRun }[] = [];
  try {
    const { state } = emulator.github;
    const author = new Octokit({
      auth: emulator.github.issueToken({ login: AUTHOR }),
      baseUrl: emulator.github.apiUrl,
      request: { retries: 0 },
    });
    const repo = { owner: emulator.owner, repo: emulator.repo };
    state.addUser(REVIEWER, { name: 'ML lead' });
    state.addEnvironment('production', { reviewers: [REVIEWER] });

    const workflows = readdirSync(join(root, 'workflows-examples')).filter((f) => f.endsWith('.yml'));
    const workflowFiles: Record<string, string> = {};
    for (const file of workflows) {
      workflowFiles[`.github/workflows/${file}`] = readFileSync(
        join(root, 'workflows-examples', file),
        'utf8',
      );
      const inputs = readWorkflowFile(join(root, 'workflows-examples', file)).on['workflow_dispatch']?.inputs;
      state.addWorkflow(file, inputs ? { inputs: Object.keys(inputs) } : {});
    }
    state.commitFiles({
      files: { 'README.md': '# weather-ml\n\nWill it rain tomorrow?\n', ...workflowFiles },
      message: 'Set up the model workflows',
      author: AUTHOR,
    });

    const days = labelledWeather();
    const run = async (
      title: string,
      file: string,
      event: TriggerEvent,
      extra: { reviews?: Record<string, EnvironmentReview> } = {},
    ) => {
      log(`\n— ${title}`);
      const result = await runWorkflow({
        emulator,
        workflow: join(root, 'workflows-examples', file),
        event,
        vars: { MODEL_ENDPOINT: endpoint },
        secrets: { MODEL_ENDPOINT_TOKEN: endpointToken },
        actor: AUTHOR,
        toolCache,
        log: (line) => log(`  ${line}`),
        ...extra,
      });
      if (!result.triggered) throw new Error(`${file} did not run: ${result.reason}`);
      if (result.conclusion !== 'success') throw new Error(`${file} failed (${title}); see the log above`);
      summaries.push({ title, run: result });
      return result;
    };
    const openPull = async (branch: string, title: string, body: string, files: Record<string, string>) => {
      state.commitFiles({ branch, files, message: title, author: AUTHOR });
      const pull = await author.rest.pulls.create({ ...repo, head: branch, base: 'main', title, body });
      return pull.data.number;
    };
    const merge = async (number: number) => {
      const before = state.resolve('main')!;
      const merged = await author.rest.pulls.merge({ ...repo, pull_number: number, merge_method: 'squash' });
      return { before, after: merged.data.sha };
    };
    const deploy = (version: string) =>
      run(
        `Deploy ${version} to production (approved by ${REVIEWER})`,
        'deploy.yml',
        {
          name: 'workflow_dispatch',
          inputs: { version },
        },
        { reviews: { production: { reviewer: REVIEWER, comment: `Metrics of ${version} reviewed.` } } },
      );

    // 1–3: the first model.
    const first = await openPull(
      'add-model',
      'Add the rain-tomorrow model',
      'Trained on 2012, tested on 2014.',
      {
        'data/train.csv': toCsv(days.filter(inYears(2012))),
        'data/test.csv': toCsv(days.filter(inYears(2014))),
        'expectations.yml': readFileSync(join(root, 'demo/repository/expectations.yml'), 'utf8'),
        'train/params.yml': readFileSync(join(root, 'demo/repository/train/params.yml'), 'utf8'),
      },
    );
    await run(`Pull request #${first}: validate, train, evaluate, comment`, 'pr.yml', {
      name: 'pull_request',
      number: first,
      action: 'opened',
    });
    await run(`Merge #${first}: register ${MODEL}@v1`, 'register.yml', {
      name: 'push',
      ...(await merge(first)),
    });
    await deploy('v1');

    // 4–5: a second model, compared with production.
    const second = await openPull('two-years', 'Train on 2012 and 2013', 'Twice the training data.', {
      'data/train.csv': toCsv(days.filter(inYears(2012, 2013))),
    });
    await run(`Pull request #${second}: the candidate against production (v1)`, 'pr.yml', {
      name: 'pull_request',
      number: second,
      action: 'opened',
    });
    await run(`Merge #${second}: register ${MODEL}@v2`, 'register.yml', {
      name: 'push',
      ...(await merge(second)),
    });
    await deploy('v2');

    // 6–7: production data moves; the scheduled check opens one retraining pull request.
    const summer = days.filter((d) => inYears(2015)(d) && inMonths(6, 7, 8)(d));
    state.commitFiles({
      files: { 'monitoring/2015-06.csv': toCsv(summer.filter(inMonths(6))) },
      message: 'Nightly export of production inputs',
    });
    await run('Scheduled drift check (June 2015)', 'drift.yml', { name: 'schedule' });
    state.commitFiles({
      files: { 'monitoring/2015-07.csv': toCsv(summer.filter(inMonths(7, 8))) },
      message: 'Nightly export of production inputs',
    });
    await run('Scheduled drift check (July–August 2015): updates the same pull request', 'drift.yml', {
      name: 'schedule',
    });
    for (const dispatch of state.dispatches.filter((d) => d.workflow.endsWith('/retrain.yml')).slice(-1)) {
      await run('The dispatched retraining run', 'retrain.yml', {
        name: 'workflow_dispatch',
        ref: dispatch.ref,
        inputs: Object.fromEntries(Object.entries(dispatch.inputs).map(([k, v]) => [k, String(v)])),
        runId: dispatch.run_id,
      });
    }

    // What a reviewer sees on GitHub, written out.
    for (const pull of state.pulls()) {
      documents.push({
        title: `Pull request #${pull.number}: ${pull.title}`,
        file: `pull-${pull.number}.md`,
        markdown: pull.body ?? '',
        kind: 'pull-request',
      });
      for (const comment of state.comments(pull.number)) {
        documents.push({
          title: `Comment on #${pull.number} by ${comment.user.login}`,
          file: `pull-${pull.number}-comment-${comment.id}.md`,
          markdown: comment.body,
          kind: 'comment',
        });
      }
    }
    for (const release of state.releases()) {
      documents.push({
        title: `Release ${release.tag_name} (model card)`,
        file: `model-card-${release.tag_name.replace('@', '-')}.md`,
        markdown: release.body ?? '',
        kind: 'model-card',
      });
    }
    for (const { title, run: result } of summaries) {
      documents.push({
        title: `Job summary: ${title}`,
        file: `summary-${summaries.findIndex((s) => s.title === title) + 1}.md`,
        markdown: result.summary,
        kind: 'summary',
      });
    }
    for (const document of documents) writeFileSync(join(options.outDir, document.file), document.markdown);
    const page = writeDemoPage(options.outDir, documents);

    const production = latestProduction(emulator);
    return {
      outDir: options.outDir,
      page,
      documents,
      pulls: state.pulls().map((p) => ({
        number: p.number,
        title: p.title,
        state: p.state,
        merged: p.pull?.merged !== undefined,
        labels: p.labels,
        comments: state.comments(p.number).length,
      })),
      releases: state.releases().map((r) => ({
        tag: r.tag_name,
        draft: r.draft,
        assets: r.assets.map((a) => a.name).sort(),
      })),
      production,
      dispatches: state.dispatches.map((d) => ({ workflow: d.workflow, inputs: d.inputs })),
      runs: state.runs().map((r) => ({ workflow: r.path, event: r.event, conclusion: String(r.conclusion) })),
      durationMs: Date.now() - started,
    };
  } finally {
    await server.close();
    await emulator.close();
  }
}

/** The version the newest successful model deployment to production carries. */
function latestProduction(emulator: Emulator): string | undefined {
  const deployments = emulator.github.state
    .deployments()
    .filter((d) => d.environment === 'production' && d.task === 'deploy:model')
    .filter((d) => d.statuses.at(-1)?.state === 'success')
    .sort((a, b) => b.id - a.id);
  const payload = deployments[0]?.payload;
  const parsed = (typeof payload === 'string' ? JSON.parse(payload) : payload) as
    { tag?: string } | undefined;
  return parsed?.tag;
}
