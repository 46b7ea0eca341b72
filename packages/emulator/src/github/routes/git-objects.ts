import {
  body,
  json,
  optionalString,
  param,
  query,
  requiredString,
  type Body,
  type Ctx,
  type RouteDef,
} from '../context';
import { invalidRequest, notFound, unprocessable } from '../errors';
import { gitCommitJson, treeJson, wrappedBase64 } from '../json/git';
import { nodeId, repoApiUrl } from '../json/site';
import { TREE_MODES, type FlatEntry, type GitPerson } from '../state/git';

/** Blobs, trees and commits: the low-level way to commit several files at once. */

function person(ctx: Ctx, value: unknown): GitPerson {
  const fallback = ctx.store.person(ctx.identity.user);
  if (value === undefined || value === null) return fallback;
  const p = value as Partial<GitPerson>;
  if (typeof p.name !== 'string' || typeof p.email !== 'string') {
    throw invalidRequest(`For 'author', ${JSON.stringify(value)} needs a name and an email.`);
  }
  return { name: p.name, email: p.email, date: typeof p.date === 'string' ? p.date : fallback.date };
}

interface TreeItem {
  path: string;
  mode: string;
  type: string;
  sha?: string | null;
  content?: string;
}

/** Applies create-tree items to a flat path map: new blobs, subtrees, and deletions (`sha: null`). */
function applyTreeItems(ctx: Ctx, flat: Map<string, FlatEntry>, items: TreeItem[]): void {
  const { git } = ctx.store;
  for (const item of items) {
    const path = item.path?.replace(/^\/+|\/+$/g, '');
    const type = TREE_MODES[item.mode];
    if (!path || !type || (item.type !== undefined && item.type !== type))
      throw unprocessable('Invalid tree info');
    const removeBelow = () => {
      flat.delete(path);
      for (const key of [...flat.keys()]) if (key.startsWith(`${path}/`)) flat.delete(key);
    };
    if (item.sha === null) {
      removeBelow();
      continue;
    }
    let sha = item.sha?.toLowerCase();
    if (item.content !== undefined) {
      if (type !== 'blob') throw unprocessable('Invalid tree info');
      sha = git.writeBlob(Buffer.from(item.content, 'utf8'));
    }
    if (!sha) throw invalidRequest(`Must supply either tree.sha or tree.content`);
    if (type === 'tree') {
      if (!git.tree(sha)) throw unprocessable('Invalid tree info');
      removeBelow();
      for (const [sub, entry] of git.flatten(sha)) flat.set(`${path}/${sub}`, entry);
      continue;
    }
    if (type === 'blob' && !git.blob(sha)) throw unprocessable('Invalid tree info');
    removeBelow();
    flat.set(path, { mode: item.mode, type, sha });
  }
}

function treeItems(b: Body): TreeItem[] {
  const tree = b.tree;
  if (!Array.isArray(tree)) throw invalidRequest(`"tree" wasn't supplied.`);
  return tree as TreeItem[];
}

export const gitObjectRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/blobs',
    operationId: 'git/create-blob',
    handler: (ctx) => {
      const b = body(ctx);
      const content = requiredString(b, 'content');
      const encoding = optionalString(b, 'encoding') ?? 'utf-8';
      if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64') {
        throw unprocessable(`encoding must be 'utf-8' or 'base64'`);
      }
      const sha = ctx.store.git.writeBlob(Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
      const url = `${repoApiUrl(ctx.site)}/git/blobs/${sha}`;
      return json(201, { url, sha }, { location: url });
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/blobs/{file_sha}',
    operationId: 'git/get-blob',
    handler: (ctx) => {
      const sha = param(ctx, 'file_sha').toLowerCase();
      const blob = ctx.store.git.blob(sha);
      if (!blob) throw notFound();
      return json(200, {
        sha,
        node_id: nodeId('Blob', sha),
        size: blob.content.length,
        url: `${repoApiUrl(ctx.site)}/git/blobs/${sha}`,
        content: wrappedBase64(blob.content),
        encoding: 'base64',
      });
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/trees',
    operationId: 'git/create-tree',
    handler: (ctx) => {
      const b = body(ctx);
      const items = treeItems(b);
      const baseTree = optionalString(b, 'base_tree');
      if (baseTree !== undefined && !ctx.store.git.tree(baseTree)) throw unprocessable('Invalid tree info');
      const flat = baseTree ? ctx.store.git.flatten(baseTree.toLowerCase()) : new Map<string, FlatEntry>();
      applyTreeItems(ctx, flat, items);
      const sha = ctx.store.git.buildTree(flat);
      const rendered = treeJson(ctx.site, ctx.store, sha, false);
      return json(201, rendered, { location: rendered.url });
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/trees/{tree_sha}',
    operationId: 'git/get-tree',
    handler: (ctx) => {
      // Like GitHub, accept a commit sha or a branch name and show its tree.
      const ref = param(ctx, 'tree_sha');
      const direct = ctx.store.git.tree(ref) ? ref.toLowerCase() : undefined;
      const commitSha = direct ? undefined : (ctx.store.git.refs.get(`refs/heads/${ref}`) ?? ref);
      const sha = direct ?? (commitSha ? ctx.store.git.commit(commitSha)?.tree : undefined);
      if (!sha) throw notFound();
      const recursive = query(ctx, 'recursive');
      return json(
        200,
        treeJson(
          ctx.site,
          ctx.store,
          sha,
          recursive !== undefined && recursive !== 'false' && recursive !== '0',
        ),
      );
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/commits',
    operationId: 'git/create-commit',
    handler: (ctx) => {
      const b = body(ctx);
      const message = requiredString(b, 'message');
      const tree = requiredString(b, 'tree').toLowerCase();
      if (!ctx.store.git.tree(tree)) throw unprocessable('Tree SHA does not exist');
      const parents = (Array.isArray(b.parents) ? (b.parents as unknown[]) : []).map((p) =>
        String(p).toLowerCase(),
      );
      for (const parent of parents) {
        if (!ctx.store.git.commit(parent)) {
          throw unprocessable('Parent SHA does not exist or is not a commit object');
        }
      }
      const author = person(ctx, b.author);
      const committer = b.committer === undefined ? author : person(ctx, b.committer);
      const sha = ctx.store.git.writeCommit({ tree, parents, message, author, committer });
      const rendered = gitCommitJson(ctx.site, ctx.store, sha);
      return json(201, rendered, { location: rendered.url });
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/commits/{commit_sha}',
    operationId: 'git/get-commit',
    handler: (ctx) => {
      const sha = param(ctx, 'commit_sha').toLowerCase();
      if (!ctx.store.git.commit(sha)) throw notFound();
      return json(200, gitCommitJson(ctx.site, ctx.store, sha));
    },
  },
];
