import {
  body,
  intParam,
  json,
  noContent,
  optionalBoolean,
  optionalString,
  optionalStringArray,
  paged,
  query,
  requiredString,
  type Ctx,
  type RouteDef,
} from '../context';
import { invalidRequest, notFound } from '../errors';
import { deploymentJson, deploymentStatusJson } from '../json/deployments';
import type { DeploymentRecord, DeploymentStatusRecord } from '../state/records';
import { createDeployment, createDeploymentStatus, deleteDeployment } from '../state/deployments';

const STATES = ['error', 'failure', 'inactive', 'pending', 'success', 'queued', 'in_progress'];

function findDeployment(ctx: Ctx): DeploymentRecord {
  const deployment = ctx.store.deployments.get(intParam(ctx, 'deployment_id'));
  if (!deployment) throw notFound();
  return deployment;
}

function payloadOf(value: unknown): Record<string, unknown> | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw invalidRequest(`For 'payload', ${JSON.stringify(value)} is not an object or a string.`);
}

export const deploymentRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/deployments',
    operationId: 'repos/create-deployment',
    handler: (ctx) => {
      const b = body(ctx);
      const deployment = createDeployment(ctx.store, {
        ref: requiredString(b, 'ref'),
        task: optionalString(b, 'task'),
        payload: payloadOf(b.payload),
        environment: optionalString(b, 'environment'),
        description: b.description === null ? null : optionalString(b, 'description'),
        auto_merge: optionalBoolean(b, 'auto_merge'),
        required_contexts: optionalStringArray(b, 'required_contexts'),
        transient_environment: optionalBoolean(b, 'transient_environment'),
        production_environment: optionalBoolean(b, 'production_environment'),
        creator: ctx.identity.user,
      });
      const rendered = deploymentJson(ctx.site, deployment);
      return json(201, rendered, { location: rendered.url });
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments',
    operationId: 'repos/list-deployments',
    handler: (ctx) => {
      const filters = { sha: query(ctx, 'sha'), ref: query(ctx, 'ref'), task: query(ctx, 'task') };
      const environment = query(ctx, 'environment');
      const deployments = [...ctx.store.deployments.values()]
        .filter(
          (d) =>
            (filters.sha === undefined || d.sha === filters.sha) &&
            (filters.ref === undefined || d.ref === filters.ref) &&
            (filters.task === undefined || d.task === filters.task) &&
            (environment === undefined || d.environment === environment),
        )
        .reverse();
      return paged(ctx, deployments, (d) => deploymentJson(ctx.site, d));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}',
    operationId: 'repos/get-deployment',
    handler: (ctx) => json(200, deploymentJson(ctx.site, findDeployment(ctx))),
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}',
    operationId: 'repos/delete-deployment',
    handler: (ctx) => {
      deleteDeployment(ctx.store, findDeployment(ctx));
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    operationId: 'repos/create-deployment-status',
    handler: (ctx) => {
      const deployment = findDeployment(ctx);
      const b = body(ctx);
      const state = requiredString(b, 'state');
      if (!STATES.includes(state)) {
        throw invalidRequest(`For 'state', "${state}" is not a member of ${JSON.stringify(STATES)}.`);
      }
      const status = createDeploymentStatus(ctx.store, deployment, {
        state: state as DeploymentStatusRecord['state'],
        log_url: optionalString(b, 'log_url') ?? optionalString(b, 'target_url'),
        environment_url: optionalString(b, 'environment_url'),
        description: optionalString(b, 'description'),
        environment: optionalString(b, 'environment'),
        auto_inactive: optionalBoolean(b, 'auto_inactive'),
        creator: ctx.identity.user,
      });
      const rendered = deploymentStatusJson(ctx.site, status);
      return json(201, rendered, { location: rendered.url });
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    operationId: 'repos/list-deployment-statuses',
    handler: (ctx) => {
      const deployment = findDeployment(ctx);
      return paged(ctx, [...deployment.statuses].reverse(), (s) => deploymentStatusJson(ctx.site, s));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}',
    operationId: 'repos/get-deployment-status',
    handler: (ctx) => {
      const id = intParam(ctx, 'status_id');
      const status = findDeployment(ctx).statuses.find((s) => s.id === id);
      if (!status) throw notFound();
      return json(200, deploymentStatusJson(ctx.site, status));
    },
  },
];
