import {
  body,
  intParam,
  json,
  optionalBoolean,
  optionalString,
  paged,
  query,
  requiredString,
  type Ctx,
  type RouteDef,
} from '../context';
import { invalidRequest, notFound, validationFailed } from '../errors';
import { pullJson } from '../json/pulls';
import { createIssue, setIssueState } from '../state/issues';
import type { IssueRecord } from '../state/records';
import { mergePullRequest, type MergeMethod } from '../state/merge';
import { branchSha } from '../state/repo-git';
import type { Store } from '../state/store';

function findPull(ctx: Ctx): IssueRecord {
  const issue = ctx.store.issues.get(intParam(ctx, 'pull_number'));
  if (!issue?.pull) throw notFound();
  return issue;
}

/** `head` is `branch` or `owner:branch`; only branches of this repository exist here. */
function headBranch(store: Store, head: string): string | undefined {
  const colon = head.indexOf(':');
  if (colon === -1) return head;
  return head.slice(0, colon).toLowerCase() === store.owner.toLowerCase() ? head.slice(colon + 1) : undefined;
}

function openDuplicate(store: Store, head: string, base: string, except?: number): IssueRecord | undefined {
  return [...store.issues.values()].find(
    (i) =>
      i.pull &&
      i.state === 'open' &&
      i.number !== except &&
      i.pull.head.ref === head &&
      i.pull.base.ref === base,
  );
}

function alreadyExists(store: Store, head: string) {
  return validationFailed({
    resource: 'PullRequest',
    code: 'custom',
    message: `A pull request already exists for ${store.owner}:${head}.`,
  });
}

export const pullRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls',
    operationId: 'pulls/list',
    handler: (ctx) => {
      const state = query(ctx, 'state') ?? 'open';
      const head = query(ctx, 'head');
      const headRef = head === undefined ? undefined : (headBranch(ctx.store, head) ?? '\0');
      const base = query(ctx, 'base');
      const sort = query(ctx, 'sort') ?? 'created';
      const direction =
        query(ctx, 'direction') ?? (sort === 'created' || sort === 'updated' ? 'desc' : 'asc');
      const pulls = [...ctx.store.issues.values()]
        .filter(
          (i) =>
            i.pull &&
            (state === 'all' || i.state === state) &&
            (headRef === undefined || i.pull.head.ref === headRef) &&
            (base === undefined || i.pull.base.ref === base),
        )
        .sort((a, b) => {
          const key = (i: IssueRecord) => (sort === 'updated' ? Date.parse(i.updated_at) : 0) || i.number;
          return direction === 'asc' ? key(a) - key(b) : key(b) - key(a);
        });
      return paged(ctx, pulls, (i) => pullJson(ctx.site, ctx.store, i, false));
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/pulls',
    operationId: 'pulls/create',
    handler: (ctx) => {
      const b = body(ctx);
      const title = requiredString(b, 'title');
      const head = headBranch(ctx.store, requiredString(b, 'head'));
      const base = requiredString(b, 'base');
      const headSha = head === undefined ? undefined : branchSha(ctx.store, head);
      const baseSha = branchSha(ctx.store, base);
      if (!baseSha) throw validationFailed({ resource: 'PullRequest', code: 'invalid', field: 'base' });
      if (head === undefined || !headSha) {
        throw validationFailed({ resource: 'PullRequest', code: 'invalid', field: 'head' });
      }
      if (head === base) {
        throw validationFailed({
          resource: 'PullRequest',
          code: 'custom',
          message: `No commits between ${base} and ${head}`,
        });
      }
      if (openDuplicate(ctx.store, head, base)) throw alreadyExists(ctx.store, head);
      const issue = createIssue(
        ctx.store,
        { title, body: optionalString(b, 'body') ?? null, user: ctx.identity.user },
        {
          head: { ref: head, sha: headSha, label: `${ctx.store.owner}:${head}` },
          base: { ref: base, sha: baseSha },
          draft: optionalBoolean(b, 'draft') ?? false,
          maintainer_can_modify: optionalBoolean(b, 'maintainer_can_modify') ?? false,
        },
      );
      const rendered = pullJson(ctx.site, ctx.store, issue, true);
      return json(201, rendered, { location: rendered.url });
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}',
    operationId: 'pulls/get',
    handler: (ctx) => json(200, pullJson(ctx.site, ctx.store, findPull(ctx), true)),
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}',
    operationId: 'pulls/update',
    handler: (ctx) => {
      const issue = findPull(ctx);
      const pull = issue.pull as NonNullable<IssueRecord['pull']>;
      const b = body(ctx);
      const state = optionalString(b, 'state');
      if (state !== undefined && state !== 'open' && state !== 'closed') {
        throw invalidRequest(`For 'state', "${state}" is not a member of ["open", "closed"].`);
      }
      const base = optionalString(b, 'base');
      if (base !== undefined && !branchSha(ctx.store, base)) {
        throw validationFailed({ resource: 'PullRequest', code: 'invalid', field: 'base' });
      }
      const nextBase = base ?? pull.base.ref;
      if (
        (state === 'open' || (state === undefined && issue.state === 'open')) &&
        openDuplicate(ctx.store, pull.head.ref, nextBase, issue.number)
      ) {
        throw alreadyExists(ctx.store, pull.head.ref);
      }
      const title = optionalString(b, 'title');
      const text = b.body === null ? null : optionalString(b, 'body');
      if (title !== undefined) issue.title = title;
      if (text !== undefined) issue.body = text;
      if (base !== undefined) pull.base.ref = base;
      const canModify = optionalBoolean(b, 'maintainer_can_modify');
      if (canModify !== undefined) pull.maintainer_can_modify = canModify;
      if (state) setIssueState(ctx.store, issue, state);
      issue.updated_at = ctx.store.now();
      return json(200, pullJson(ctx.site, ctx.store, issue, true));
    },
  },
  {
    method: 'PUT',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/merge',
    operationId: 'pulls/merge',
    handler: (ctx) => {
      const issue = findPull(ctx);
      const b = body(ctx);
      const method = optionalString(b, 'merge_method') ?? 'merge';
      if (!['merge', 'squash', 'rebase'].includes(method)) {
        throw invalidRequest(
          `For 'merge_method', "${method}" is not a member of ["merge", "squash", "rebase"].`,
        );
      }
      const sha = optionalString(b, 'sha');
      const title = optionalString(b, 'commit_title');
      const message = optionalString(b, 'commit_message');
      const merged = mergePullRequest(ctx.store, issue, {
        method: method as MergeMethod,
        user: ctx.identity.user,
        ...(sha !== undefined ? { sha } : {}),
        ...(title !== undefined ? { title } : {}),
        ...(message !== undefined ? { message } : {}),
      });
      return json(200, { sha: merged.sha, merged: true, message: merged.message });
    },
  },
];
