import { createHash } from 'node:crypto';

/**
 * A tiny git object database. Objects are hashed exactly as git hashes them (SHA-1 over
 * `<type> <size>\0<payload>`), so shas look and behave like GitHub's and equal content gives equal
 * shas (the same tree twice is one object; a commit of an unchanged tree has that tree's sha).
 */

export interface GitPerson {
  name: string;
  email: string;
  date: string;
}

export type TreeEntryType = 'blob' | 'tree' | 'commit';

export interface TreeEntry {
  /** as the API writes it: 100644, 100755, 040000, 160000, 120000 */
  mode: string;
  type: TreeEntryType;
  sha: string;
  /** the entry's name within its tree (no slashes) */
  name: string;
}

export type GitObject =
  | { type: 'blob'; content: Buffer }
  | { type: 'tree'; entries: TreeEntry[] }
  | {
      type: 'commit';
      tree: string;
      parents: string[];
      message: string;
      author: GitPerson;
      committer: GitPerson;
    };

export type CommitObject = Extract<GitObject, { type: 'commit' }>;

/** A file (or submodule/symlink) at a full path, as in a flattened tree. */
export interface FlatEntry {
  mode: string;
  type: TreeEntryType;
  sha: string;
}

export const TREE_MODES: Record<string, TreeEntryType> = {
  '100644': 'blob',
  '100755': 'blob',
  '120000': 'blob',
  '040000': 'tree',
  '160000': 'commit',
};

export class GitDatabase {
  private readonly objects = new Map<string, GitObject>();
  /** `refs/heads/main` → commit sha */
  readonly refs = new Map<string, string>();

  get(sha: string): GitObject | undefined {
    return this.objects.get(sha.toLowerCase());
  }

  has(sha: string): boolean {
    return this.objects.has(sha.toLowerCase());
  }

  blob(sha: string): Extract<GitObject, { type: 'blob' }> | undefined {
    const object = this.get(sha);
    return object?.type === 'blob' ? object : undefined;
  }

  tree(sha: string): Extract<GitObject, { type: 'tree' }> | undefined {
    const object = this.get(sha);
    return object?.type === 'tree' ? object : undefined;
  }

  commit(sha: string): CommitObject | undefined {
    const object = this.get(sha);
    return object?.type === 'commit' ? object : undefined;
  }

  writeBlob(content: Buffer): string {
    return this.store({ type: 'blob', content }, content);
  }

  writeTree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort(compareEntries);
    const payload = Buffer.concat(
      sorted.flatMap((e) => [
        Buffer.from(`${e.mode.replace(/^0+/, '')} ${e.name}\0`),
        Buffer.from(e.sha, 'hex'),
      ]),
    );
    return this.store({ type: 'tree', entries: sorted }, payload);
  }

  writeCommit(commit: Omit<CommitObject, 'type'>): string {
    const person = (p: GitPerson) => `${p.name} <${p.email}> ${Math.floor(Date.parse(p.date) / 1000)} +0000`;
    const text = [
      `tree ${commit.tree}`,
      ...commit.parents.map((p) => `parent ${p}`),
      `author ${person(commit.author)}`,
      `committer ${person(commit.committer)}`,
      '',
      commit.message,
    ].join('\n');
    return this.store({ type: 'commit', ...commit }, Buffer.from(text));
  }

  /** Every non-tree entry below a tree, keyed by full path. */
  flatten(treeSha: string, prefix = '', out = new Map<string, FlatEntry>()): Map<string, FlatEntry> {
    for (const entry of this.tree(treeSha)?.entries ?? []) {
      const path = prefix + entry.name;
      if (entry.type === 'tree') this.flatten(entry.sha, `${path}/`, out);
      else out.set(path, { mode: entry.mode, type: entry.type, sha: entry.sha });
    }
    return out;
  }

  /** Builds (and stores) the nested trees for a flat path → entry map; returns the root's sha. */
  buildTree(flat: Map<string, FlatEntry>): string {
    const root: DirNode = new Map();
    for (const [path, entry] of flat) {
      const parts = path.split('/');
      const name = parts.pop() as string;
      let dir = root;
      for (const part of parts) {
        let child = dir.get(part);
        if (!(child instanceof Map)) {
          child = new Map();
          dir.set(part, child);
        }
        dir = child;
      }
      dir.set(name, entry);
    }
    const write = (dir: DirNode): string =>
      this.writeTree(
        [...dir].map(([name, node]) =>
          node instanceof Map
            ? { name, mode: '040000', type: 'tree' as const, sha: write(node) }
            : { name, ...node },
        ),
      );
    return write(root);
  }

  /** The entry at `path` in a commit's tree (the root tree for ''), or undefined. */
  entryAt(commitSha: string, path: string): { mode: string; type: TreeEntryType; sha: string } | undefined {
    const commit = this.commit(commitSha);
    if (!commit) return undefined;
    let current: { mode: string; type: TreeEntryType; sha: string } = {
      mode: '040000',
      type: 'tree',
      sha: commit.tree,
    };
    for (const part of path.split('/').filter(Boolean)) {
      if (current.type !== 'tree') return undefined;
      const next = this.tree(current.sha)?.entries.find((e) => e.name === part);
      if (!next) return undefined;
      current = next;
    }
    return current;
  }

  /** Whether `ancestor` is `descendant` or one of its ancestors (for fast-forward checks). */
  isAncestor(ancestor: string, descendant: string): boolean {
    const seen = new Set<string>();
    const queue = [descendant];
    while (queue.length > 0) {
      const sha = queue.pop() as string;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(this.commit(sha)?.parents ?? []));
    }
    return false;
  }

  /** The nearest commit both histories share (what a pull request's diff starts from). */
  mergeBase(a: string, b: string): string | undefined {
    const fromA = new Set<string>();
    const queue = [a];
    while (queue.length > 0) {
      const sha = queue.shift() as string;
      if (fromA.has(sha)) continue;
      fromA.add(sha);
      queue.push(...(this.commit(sha)?.parents ?? []));
    }
    const queueB = [b];
    const seen = new Set<string>();
    while (queueB.length > 0) {
      const sha = queueB.shift() as string;
      if (fromA.has(sha)) return sha;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queueB.push(...(this.commit(sha)?.parents ?? []));
    }
    return undefined;
  }

  /** Commits reachable from `head` but not from `base`, newest first. */
  commitsBetween(base: string, head: string): string[] {
    const excluded = new Set<string>();
    const walk = (start: string, visit: (sha: string) => void) => {
      const queue = [start];
      const seen = new Set<string>();
      while (queue.length > 0) {
        const sha = queue.shift() as string;
        if (seen.has(sha)) continue;
        seen.add(sha);
        visit(sha);
        queue.push(...(this.commit(sha)?.parents ?? []));
      }
    };
    walk(base, (sha) => excluded.add(sha));
    const out: string[] = [];
    walk(head, (sha) => {
      if (!excluded.has(sha)) out.push(sha);
    });
    return out;
  }

  private store(object: GitObject, payload: Buffer): string {
    const header = Buffer.from(`${object.type} ${payload.length}\0`);
    const sha = createHash('sha1').update(header).update(payload).digest('hex');
    if (!this.objects.has(sha)) this.objects.set(sha, object);
    return sha;
  }
}

type DirNode = Map<string, DirNode | FlatEntry>;

/** git orders tree entries by name, comparing a subtree's name as if it ended in '/'. */
function compareEntries(a: TreeEntry, b: TreeEntry): number {
  const key = (e: TreeEntry) => Buffer.from(e.type === 'tree' ? `${e.name}/` : e.name);
  return Buffer.compare(key(a), key(b));
}
