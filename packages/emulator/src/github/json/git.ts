import type { Store } from '../state/store';
import type { TreeEntry } from '../state/git';
import { nodeId, repoApiUrl, repoWebUrl, type Site } from './site';

/** Base64 as GitHub sends file contents: wrapped at 60 characters with a trailing newline. */
export function wrappedBase64(content: Buffer): string {
  const text = content.toString('base64');
  return text.length === 0 ? '' : `${text.match(/.{1,60}/g)?.join('\n')}\n`;
}

export function refJson(site: Site, ref: string, sha: string) {
  const api = repoApiUrl(site);
  return {
    ref,
    node_id: nodeId('Ref', `${site.owner}/${site.repo}:${ref}`),
    url: `${api}/git/${ref}`,
    object: { sha, type: 'commit', url: `${api}/git/commits/${sha}` },
  };
}

export function gitCommitJson(site: Site, store: Store, sha: string) {
  const commit = store.git.commit(sha);
  if (!commit) throw new Error(`no commit ${sha}`);
  const api = repoApiUrl(site);
  return {
    sha,
    node_id: nodeId('Commit', sha),
    url: `${api}/git/commits/${sha}`,
    html_url: `${repoWebUrl(site)}/commit/${sha}`,
    author: commit.author,
    committer: commit.committer,
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map((p) => ({
      sha: p,
      url: `${api}/git/commits/${p}`,
      html_url: `${repoWebUrl(site)}/commit/${p}`,
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

function treeItemJson(site: Site, store: Store, entry: TreeEntry, path: string) {
  const api = repoApiUrl(site);
  const size = entry.type === 'blob' ? store.git.blob(entry.sha)?.content.length : undefined;
  return {
    path,
    mode: entry.mode,
    type: entry.type,
    sha: entry.sha,
    ...(size !== undefined ? { size } : {}),
    ...(entry.type === 'commit' ? {} : { url: `${api}/git/${entry.type}s/${entry.sha}` }),
  };
}

/** A tree, with every descendant listed by full path when `recursive`. */
export function treeJson(site: Site, store: Store, sha: string, recursive: boolean) {
  const items: ReturnType<typeof treeItemJson>[] = [];
  const walk = (treeSha: string, prefix: string) => {
    for (const entry of store.git.tree(treeSha)?.entries ?? []) {
      const path = prefix + entry.name;
      items.push(treeItemJson(site, store, entry, path));
      if (recursive && entry.type === 'tree') walk(entry.sha, `${path}/`);
    }
  };
  walk(sha, '');
  return { sha, url: `${repoApiUrl(site)}/git/trees/${sha}`, tree: items, truncated: false };
}
