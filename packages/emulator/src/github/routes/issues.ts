import { body, intParam, json, optionalString, type Body, type Ctx, type RouteDef } from '../context';
import { invalidRequest, notFound } from '../errors';
import { issueJson, labelJson } from '../json/issues';
import { addLabels, createIssue } from '../state/issues';
import type { IssueRecord } from '../state/records';

/** Label names as GitHub accepts them: strings or `{ name }` objects. */
function labelNames(value: unknown, field = 'labels'): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw invalidRequest(`For '${field}', ${JSON.stringify(value)} is not an array.`);
  return value.map((item) => {
    if (typeof item === 'string') return item;
    const name = (item as { name?: unknown } | null)?.name;
    if (typeof name === 'string') return name;
    throw invalidRequest(`For '${field}', ${JSON.stringify(item)} is not a label.`);
  });
}

function findIssue(ctx: Ctx): IssueRecord {
  const issue = ctx.store.issues.get(intParam(ctx, 'issue_number'));
  if (!issue) throw notFound();
  return issue;
}

function issueTitle(b: Body): string {
  const title = b.title;
  if (typeof title === 'number') return String(title);
  if (typeof title !== 'string' || title.trim() === '') throw invalidRequest(`"title" wasn't supplied.`);
  return title;
}

export const issueRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues',
    operationId: 'issues/create',
    handler: (ctx) => {
      const b = body(ctx);
      const assignees = Array.isArray(b.assignees) ? (b.assignees as unknown[]).map(String) : [];
      if (typeof b.assignee === 'string') assignees.push(b.assignee);
      const issue = createIssue(ctx.store, {
        title: issueTitle(b),
        body: optionalString(b, 'body') ?? null,
        labels: labelNames(b.labels),
        assignees,
        user: ctx.identity.user,
      });
      const rendered = issueJson(ctx.site, ctx.store, issue);
      return json(201, rendered, { location: rendered.url });
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/{issue_number}',
    operationId: 'issues/get',
    handler: (ctx) => json(200, issueJson(ctx.site, ctx.store, findIssue(ctx))),
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    operationId: 'issues/add-labels',
    handler: (ctx) => {
      const issue = findIssue(ctx);
      // Either `{ labels: [...] }` or a bare array, with names or `{ name }` objects.
      const names = Array.isArray(ctx.body) ? labelNames(ctx.body) : labelNames(body(ctx).labels);
      if (names.length === 0) throw invalidRequest(`"labels" wasn't supplied.`);
      addLabels(ctx.store, issue, names);
      return json(
        200,
        issue.labels.flatMap((name) => {
          const label = ctx.store.labels.get(name.toLowerCase());
          return label ? [labelJson(ctx.site, label)] : [];
        }),
      );
    },
  },
];
