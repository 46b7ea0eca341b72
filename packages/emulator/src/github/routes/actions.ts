import {
  body,
  intParam,
  json,
  noContent,
  optionalBoolean,
  param,
  requiredString,
  type RouteDef,
} from '../context';
import { invalidRequest, notFound } from '../errors';
import { approvalJson, workflowJson, workflowRunJson } from '../json/actions';
import { repoApiUrl, repoWebUrl } from '../json/site';
import { dispatchWorkflow, findWorkflow } from '../state/actions';
import { paginate } from '../../http/pagination';

/** GitHub Actions: workflows, dispatching them, runs and their environment approvals. */
export const actionsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/workflows',
    operationId: 'actions/list-repo-workflows',
    handler: (ctx) => {
      const all = [...ctx.store.workflows.values()];
      const page = paginate(all, ctx.url);
      return json(
        200,
        { total_count: all.length, workflows: page.items.map((w) => workflowJson(ctx.site, ctx.store, w)) },
        page.link ? { link: page.link } : undefined,
      );
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}',
    operationId: 'actions/get-workflow',
    handler: (ctx) => {
      const workflow = findWorkflow(ctx.store, param(ctx, 'workflow_id'));
      if (!workflow) throw notFound();
      return json(200, workflowJson(ctx.site, ctx.store, workflow));
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
    operationId: 'actions/create-workflow-dispatch',
    handler: (ctx) => {
      const workflow = findWorkflow(ctx.store, param(ctx, 'workflow_id'));
      if (!workflow) throw notFound();
      const b = body(ctx);
      const inputs = b.inputs ?? {};
      if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
        throw invalidRequest(`For 'inputs', ${JSON.stringify(inputs)} is not an object.`);
      }
      const run = dispatchWorkflow(ctx.store, workflow, {
        ref: requiredString(b, 'ref'),
        inputs: inputs as Record<string, unknown>,
        actor: ctx.identity.user,
      });
      if (!optionalBoolean(b, 'return_run_details')) return noContent();
      return json(200, {
        workflow_run_id: run.id,
        run_url: `${repoApiUrl(ctx.site)}/actions/runs/${run.id}`,
        html_url: `${repoWebUrl(ctx.site)}/actions/runs/${run.id}`,
      });
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
    operationId: 'actions/list-workflow-runs',
    handler: (ctx) => {
      const workflow = findWorkflow(ctx.store, param(ctx, 'workflow_id'));
      if (!workflow) throw notFound();
      const query = ctx.url.searchParams;
      const event = query.get('event');
      const branch = query.get('branch');
      // Newest first, as GitHub lists them.
      const runs = [...ctx.store.runs.values()]
        .filter((run) => run.workflow_id === workflow.id)
        .filter((run) => (event ? run.event === event : true) && (branch ? run.head_branch === branch : true))
        .sort((a, b) => b.id - a.id);
      const page = paginate(runs, ctx.url);
      return json(
        200,
        {
          total_count: runs.length,
          workflow_runs: page.items.map((run) => workflowRunJson(ctx.site, ctx.store, run)),
        },
        page.link ? { link: page.link } : undefined,
      );
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/runs/{run_id}',
    operationId: 'actions/get-workflow-run',
    handler: (ctx) => {
      const run = ctx.store.runs.get(intParam(ctx, 'run_id'));
      if (!run) throw notFound();
      return json(200, workflowRunJson(ctx.site, ctx.store, run));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/runs/{run_id}/approvals',
    operationId: 'actions/get-reviews-for-run',
    handler: (ctx) => {
      const runId = intParam(ctx, 'run_id');
      if (!ctx.store.runs.has(runId)) throw notFound();
      const approvals = ctx.store.approvals.filter((a) => a.run_id === runId);
      return json(
        200,
        approvals.map((a) => approvalJson(ctx.site, ctx.store, a)),
      );
    },
  },
];
