import {
  body,
  intParam,
  json,
  noContent,
  paged,
  query,
  requiredString,
  type Ctx,
  type RouteDef,
} from '../context';
import { notFound, validationFailed } from '../errors';
import { commentJson } from '../json/issues';
import type { CommentRecord } from '../state/records';

/** GitHub refuses comment bodies over 65,536 characters. */
export const MAX_COMMENT_LENGTH = 65536;

function commentBody(ctx: Ctx): string {
  const text = requiredString(body(ctx), 'body');
  if (Array.from(text).length > MAX_COMMENT_LENGTH) {
    throw validationFailed({
      resource: 'IssueComment',
      code: 'unprocessable',
      field: 'data',
      message: `Body is too long (maximum is ${MAX_COMMENT_LENGTH} characters)`,
    });
  }
  return text;
}

function findComment(ctx: Ctx): CommentRecord {
  const comment = ctx.store.comments.get(intParam(ctx, 'comment_id'));
  if (!comment) throw notFound();
  return comment;
}

export const commentRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    operationId: 'issues/list-comments',
    handler: (ctx) => {
      const number = intParam(ctx, 'issue_number');
      if (!ctx.store.issues.has(number)) throw notFound();
      const since = query(ctx, 'since');
      const comments = [...ctx.store.comments.values()].filter(
        (c) => c.issue_number === number && (!since || Date.parse(c.updated_at) >= Date.parse(since)),
      );
      return paged(ctx, comments, (c) => commentJson(ctx.site, ctx.store, c));
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    operationId: 'issues/create-comment',
    handler: (ctx) => {
      const number = intParam(ctx, 'issue_number');
      const issue = ctx.store.issues.get(number);
      if (!issue) throw notFound();
      const text = commentBody(ctx);
      const now = ctx.store.now();
      const comment: CommentRecord = {
        id: ctx.store.nextId(),
        issue_number: number,
        body: text,
        user: ctx.identity.user,
        created_at: now,
        updated_at: now,
      };
      ctx.store.comments.set(comment.id, comment);
      issue.updated_at = now;
      const rendered = commentJson(ctx.site, ctx.store, comment);
      return json(201, rendered, { location: rendered.url });
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    operationId: 'issues/get-comment',
    handler: (ctx) => json(200, commentJson(ctx.site, ctx.store, findComment(ctx))),
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    operationId: 'issues/update-comment',
    handler: (ctx) => {
      const comment = findComment(ctx);
      comment.body = commentBody(ctx);
      comment.updated_at = ctx.store.now();
      return json(200, commentJson(ctx.site, ctx.store, comment));
    },
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    operationId: 'issues/delete-comment',
    handler: (ctx) => {
      ctx.store.comments.delete(findComment(ctx).id);
      return noContent();
    },
  },
];
