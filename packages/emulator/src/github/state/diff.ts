import type { Store } from './store';

export interface DiffStats {
  commits: number;
  changed_files: number;
  additions: number;
  deletions: number;
}

/**
 * Roughly what GitHub shows on a pull request: commits on head not on base, files whose blobs
 * differ from the merge base, and lines added/removed counted as a multiset difference (no real diff alignment).
 */
export function diffStats(store: Store, baseSha: string, headSha: string): DiffStats {
  const { git } = store;
  const baseTree = git.commit(git.mergeBase(baseSha, headSha) ?? baseSha)?.tree;
  const headTree = git.commit(headSha)?.tree;
  const base = baseTree ? git.flatten(baseTree) : new Map();
  const head = headTree ? git.flatten(headTree) : new Map();
  let changed = 0;
  let additions = 0;
  let deletions = 0;
  for (const path of new Set([...base.keys(), ...head.keys()])) {
    const before = base.get(path)?.sha;
    const after = head.get(path)?.sha;
    if (before === after) continue;
    changed++;
    const oldLines = lines(store, before);
    const newLines = lines(store, after);
    const counts = new Map<string, number>();
    for (const line of oldLines) counts.set(line, (counts.get(line) ?? 0) + 1);
    for (const line of newLines) {
      const n = counts.get(line) ?? 0;
      if (n > 0) counts.set(line, n - 1);
      else additions++;
    }
    for (const n of counts.values()) deletions += n;
  }
  return {
    commits: git.commitsBetween(baseSha, headSha).length,
    changed_files: changed,
    additions,
    deletions,
  };
}

function lines(store: Store, sha: string | undefined): string[] {
  const content = sha ? store.git.blob(sha)?.content : undefined;
  if (!content || content.length === 0) return [];
  return content.toString('utf8').replace(/\n$/, '').split('\n');
}
