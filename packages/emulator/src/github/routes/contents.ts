import {
  body,
  json,
  optionalString,
  param,
  query,
  requiredString,
  type Ctx,
  type RouteDef,
} from '../context';
import { conflict, invalidRequest, notFound } from '../errors';
import { gitCommitJson, wrappedBase64 } from '../json/git';
import { repoApiUrl, repoWebUrl, type Site } from '../json/site';
import type { FlatEntry, GitPerson, TreeEntryType } from '../state/git';
import { branchSha, resolveCommitish } from '../state/repo-git';

/** The contents API: read a file or directory at a ref, and commit one file. */

const CONTENT_TYPES: Record<TreeEntryType, string> = { blob: 'file', tree: 'dir', commit: 'submodule' };

function contentType(entry: { mode: string; type: TreeEntryType }): string {
  return entry.mode === '120000' ? 'symlink' : CONTENT_TYPES[entry.type];
}

/** The short form every content item shares (also the `content` of a file commit). */
function contentItem(
  site: Site,
  entry: { mode: string; type: TreeEntryType; sha: string },
  path: string,
  ref: string,
  commitSha: string,
  size: number,
) {
  const api = repoApiUrl(site);
  const type = contentType(entry);
  const url = `${api}/contents/${encodePath(path)}?ref=${encodeURIComponent(ref)}`;
  const gitUrl = entry.type === 'commit' ? null : `${api}/git/${entry.type}s/${entry.sha}`;
  const htmlUrl = `${repoWebUrl(site)}/${type === 'dir' ? 'tree' : 'blob'}/${encodeURIComponent(ref)}/${encodePath(path)}`;
  return {
    name: path.split('/').pop() ?? path,
    path,
    sha: entry.sha,
    size,
    url,
    html_url: htmlUrl,
    git_url: gitUrl,
    // Served by the emulator (GitHub uses raw.githubusercontent.com).
    download_url:
      entry.type === 'blob'
        ? `${site.api}/${site.owner}/${site.repo}/raw/${commitSha}/${encodePath(path)}`
        : null,
    type,
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function blobSize(ctx: Ctx, entry: { type: TreeEntryType; sha: string }): number {
  return entry.type === 'blob' ? (ctx.store.git.blob(entry.sha)?.content.length ?? 0) : 0;
}

function committer(ctx: Ctx, value: unknown): GitPerson {
  const fallback = ctx.store.person(ctx.identity.user);
  const p = value as Partial<GitPerson> | undefined;
  return typeof p?.name === 'string' && typeof p.email === 'string'
    ? { name: p.name, email: p.email, date: p.date ?? fallback.date }
    : fallback;
}

export const contentRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/contents/{path}',
    operationId: 'repos/get-content',
    greedy: true,
    handler: (ctx) => {
      const path = param(ctx, 'path').replace(/^\/+|\/+$/g, '');
      const ref = query(ctx, 'ref') ?? ctx.store.defaultBranch;
      const commitSha = resolveCommitish(ctx.store, ref);
      if (!commitSha) throw notFound(`No commit found for the ref ${ref}`);
      const entry = ctx.store.git.entryAt(commitSha, path);
      if (!entry) throw notFound();
      const accept = String(ctx.headers.accept ?? '');
      if (entry.type === 'blob' && /\.raw/.test(accept)) {
        const content = ctx.store.git.blob(entry.sha)?.content ?? Buffer.alloc(0);
        return { status: 200, raw: content, headers: { 'content-type': 'text/plain; charset=utf-8' } };
      }
      if (entry.type === 'tree') {
        const entries = ctx.store.git.tree(entry.sha)?.entries ?? [];
        return json(
          200,
          entries.map((e) => contentItem(ctx.site, e, `${path}/${e.name}`, ref, commitSha, blobSize(ctx, e))),
        );
      }
      const content = ctx.store.git.blob(entry.sha)?.content ?? Buffer.alloc(0);
      return json(200, {
        ...contentItem(ctx.site, entry, path, ref, commitSha, content.length),
        content: wrappedBase64(content),
        encoding: 'base64',
      });
    },
  },
  {
    method: 'PUT',
    path: '/repos/{owner}/{repo}/contents/{path}',
    operationId: 'repos/create-or-update-file-contents',
    greedy: true,
    handler: (ctx) => {
      const path = param(ctx, 'path').replace(/^\/+|\/+$/g, '');
      const b = body(ctx);
      const message = requiredString(b, 'message');
      const content = Buffer.from(requiredString(b, 'content'), 'base64');
      const expectedSha = optionalString(b, 'sha');
      const branch = optionalString(b, 'branch') ?? ctx.store.defaultBranch;
      const parent = branchSha(ctx.store, branch);
      if (!parent) throw notFound(`Branch ${branch} not found`);
      const { git } = ctx.store;
      const existing = git.entryAt(parent, path);
      if (existing?.type === 'tree') throw conflict(`${path} is a directory`);
      // Updating needs the blob sha the client last saw; a stale one is a conflict.
      if (existing && expectedSha === undefined) throw invalidRequest(`"sha" wasn't supplied.`);
      if (expectedSha !== undefined && existing?.sha !== expectedSha.toLowerCase()) {
        throw conflict(`is at ${existing?.sha ?? '0'.repeat(40)} but expected ${expectedSha}`);
      }
      const flat: Map<string, FlatEntry> = git.flatten(git.commit(parent)?.tree ?? '');
      const blob = git.writeBlob(content);
      flat.set(path, { mode: existing?.mode ?? '100644', type: 'blob', sha: blob });
      const author = committer(ctx, b.author ?? b.committer);
      const sha = git.writeCommit({
        tree: git.buildTree(flat),
        parents: [parent],
        message,
        author,
        committer: committer(ctx, b.committer ?? b.author),
      });
      git.refs.set(`refs/heads/${branch}`, sha);
      const item = contentItem(
        ctx.site,
        { mode: '100644', type: 'blob', sha: blob },
        path,
        branch,
        sha,
        content.length,
      );
      return json(existing ? 200 : 201, { content: item, commit: gitCommitJson(ctx.site, ctx.store, sha) });
    },
  },
];
