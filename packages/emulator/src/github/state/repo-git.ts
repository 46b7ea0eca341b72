import type { FlatEntry } from './git';
import type { UserRecord } from './records';
import type { Store } from './store';

/** Branches, tags and commits of the emulated repository, on top of its object database. */

/**
 * What GitHub accepts where it says "commitish": a full or abbreviated commit sha, `refs/…`,
 * `heads/…`/`tags/…`, or a bare branch or tag name (branches first).
 */
export function resolveCommitish(store: Store, ref: string): string | undefined {
  const { git } = store;
  if (/^[0-9a-f]{40}$/i.test(ref)) return git.commit(ref) ? ref.toLowerCase() : undefined;
  const candidates = ref.startsWith('refs/')
    ? [ref]
    : [`refs/${ref}`, `refs/heads/${ref}`, `refs/tags/${ref}`];
  for (const name of candidates) {
    const sha = git.refs.get(name);
    if (sha) return sha;
  }
  if (/^[0-9a-f]{7,39}$/i.test(ref)) {
    // Abbreviated sha: any commit reachable from a ref whose sha starts with it.
    for (const sha of git.refs.values()) {
      const found = ancestry(store, sha).find((s) => s.startsWith(ref.toLowerCase()));
      if (found) return found;
    }
  }
  return undefined;
}

/** Every commit reachable from `head` (itself included). */
export function ancestry(store: Store, head: string): string[] {
  const out: string[] = [];
  const queue = [head];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const sha = queue.pop() as string;
    if (seen.has(sha)) continue;
    seen.add(sha);
    out.push(sha);
    queue.push(...(store.git.commit(sha)?.parents ?? []));
  }
  return out;
}

export function branchSha(store: Store, branch: string): string | undefined {
  return store.git.refs.get(`refs/heads/${branch}`);
}

export interface CommitFilesInput {
  /** default: the default branch; created from the default branch when missing */
  branch?: string;
  /** path → content; `null` deletes the path */
  files: Record<string, string | Buffer | null>;
  message?: string;
  author?: UserRecord;
}

/** Commits files onto a branch (as a push would) and moves the branch; returns the commit sha. */
export function commitFiles(store: Store, input: CommitFilesInput): string {
  const branch = input.branch ?? store.defaultBranch;
  const parent = branchSha(store, branch) ?? branchSha(store, store.defaultBranch);
  const flat: Map<string, FlatEntry> = parent
    ? store.git.flatten(store.git.commit(parent)?.tree ?? '')
    : new Map<string, FlatEntry>();
  for (const [path, content] of Object.entries(input.files)) {
    const clean = path.replace(/^\/+/, '');
    if (content === null) {
      flat.delete(clean);
      continue;
    }
    const sha = store.git.writeBlob(typeof content === 'string' ? Buffer.from(content) : content);
    flat.set(clean, { mode: '100644', type: 'blob', sha });
  }
  const author = store.person(input.author ?? store.ensureUser(store.owner));
  const sha = store.git.writeCommit({
    tree: store.git.buildTree(flat),
    parents: parent ? [parent] : [],
    message: input.message ?? `Update ${Object.keys(input.files).join(', ')}`,
    author,
    committer: author,
  });
  store.git.refs.set(`refs/heads/${branch}`, sha);
  return sha;
}

/** The repository as it is created on GitHub with "Add a README file": one commit on main. */
export function seedRepository(store: Store): void {
  commitFiles(store, {
    files: { 'README.md': `# ${store.repo}\n` },
    message: 'Initial commit',
  });
}

/** Reads a file's bytes at a commitish (default branch by default). */
export function readFile(store: Store, path: string, ref = store.defaultBranch): Buffer | undefined {
  const commit = resolveCommitish(store, ref);
  const entry = commit ? store.git.entryAt(commit, path) : undefined;
  return entry?.type === 'blob' ? store.git.blob(entry.sha)?.content : undefined;
}
