import { paginate } from '../../http/pagination';
import { body, json, optionalBoolean, param, type Body, type Ctx, type RouteDef } from '../context';
import { invalidRequest, notAccessibleByIntegration, notFound, validationFailed } from '../errors';
import { environmentJson } from '../json/deployments';
import { ensureEnvironment, findEnvironment } from '../state/environments';
import type { EnvironmentRecord } from '../state/records';

function reviewersOf(ctx: Ctx, b: Body): EnvironmentRecord['reviewers'] | undefined {
  if (b.reviewers === undefined) return undefined;
  if (b.reviewers === null) return [];
  if (!Array.isArray(b.reviewers))
    throw invalidRequest(`For 'reviewers', ${JSON.stringify(b.reviewers)} is not an array.`);
  return (b.reviewers as { type?: unknown; id?: unknown }[]).map((r) => {
    const known = [...ctx.store.users.values()].some((u) => u.id === r.id);
    // Only user reviewers exist here (the emulator has no teams).
    if (r.type !== 'User' || typeof r.id !== 'number' || !known) {
      throw validationFailed({ resource: 'Environment', code: 'invalid', field: 'reviewers' });
    }
    return { type: 'User' as const, id: r.id };
  });
}

function branchPolicyOf(b: Body): EnvironmentRecord['deployment_branch_policy'] | undefined {
  const policy = b.deployment_branch_policy;
  if (policy === undefined) return undefined;
  if (policy === null) return null;
  const { protected_branches, custom_branch_policies } = policy as Record<string, unknown>;
  if (typeof protected_branches !== 'boolean' || typeof custom_branch_policies !== 'boolean') {
    throw invalidRequest(
      `For 'deployment_branch_policy', protected_branches and custom_branch_policies are required.`,
    );
  }
  if (protected_branches === custom_branch_policies) {
    throw validationFailed({
      resource: 'Environment',
      code: 'custom',
      message: 'Exactly one of protected_branches and custom_branch_policies must be true.',
    });
  }
  return { protected_branches, custom_branch_policies };
}

export const environmentRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/environments',
    operationId: 'repos/get-all-environments',
    handler: (ctx) => {
      const all = [...ctx.store.environments.values()];
      const page = paginate(all, ctx.url);
      return json(
        200,
        {
          total_count: all.length,
          environments: page.items.map((e) => environmentJson(ctx.site, ctx.store, e)),
        },
        page.link ? { link: page.link } : undefined,
      );
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/environments/{environment_name}',
    operationId: 'repos/get-environment',
    handler: (ctx) => {
      const environment = findEnvironment(ctx.store, param(ctx, 'environment_name'));
      if (!environment) throw notFound();
      return json(200, environmentJson(ctx.site, ctx.store, environment));
    },
  },
  {
    method: 'PUT',
    path: '/repos/{owner}/{repo}/environments/{environment_name}',
    operationId: 'repos/create-or-update-environment',
    handler: (ctx) => {
      // Creating environments needs administration rights, which GITHUB_TOKEN never has.
      if (ctx.identity.kind === 'installation') throw notAccessibleByIntegration();
      const b = body(ctx);
      const waitTimer = b.wait_timer;
      if (waitTimer !== undefined && (typeof waitTimer !== 'number' || waitTimer < 0 || waitTimer > 43200)) {
        throw invalidRequest(`For 'wait_timer', ${JSON.stringify(waitTimer)} must be between 0 and 43200.`);
      }
      const reviewers = reviewersOf(ctx, b);
      const policy = branchPolicyOf(b);
      const preventSelfReview = optionalBoolean(b, 'prevent_self_review');
      const environment = ensureEnvironment(ctx.store, param(ctx, 'environment_name'));
      if (typeof waitTimer === 'number') environment.wait_timer = waitTimer;
      if (reviewers !== undefined) environment.reviewers = reviewers;
      if (policy !== undefined) environment.deployment_branch_policy = policy;
      if (preventSelfReview !== undefined) environment.prevent_self_review = preventSelfReview;
      environment.updated_at = ctx.store.now();
      return json(200, environmentJson(ctx.site, ctx.store, environment));
    },
  },
];
