import { HttpError } from '../../http/errors';
import { conflict } from '../errors';
import type { FlatEntry } from './git';
import { setIssueState } from './issues';
import type { IssueRecord, PullRecord, UserRecord } from './records';
import { ancestry, branchSha } from './repo-git';
import type { Store } from './store';

export type MergeMethod = 'merge' | 'squash' | 'rebase';

/** 405, GitHub's answer to a merge it will not do (closed, conflicting). */
function notMergeable(message: string): HttpError {
  return new HttpError(405, message);
}

/**
 * Merges a pull request into its base as `PUT …/pulls/{n}/merge` does: a merge commit (two
 * parents) or, for squash and rebase, one commit on the base. When the base moved on since the
 * branch left it, the head's changes (against their merge base) are applied file by file on top
 * of the base; a file changed on both sides is a conflict (405), as GitHub reports it.
 */
export function mergePullRequest(
  store: Store,
  issue: IssueRecord,
  input: { method: MergeMethod; sha?: string; title?: string; message?: string; user: UserRecord },
): { sha: string; message: string } {
  const pull = issue.pull as PullRecord;
  if (issue.state !== 'open') throw notMergeable('Pull Request is not mergeable');
  const headSha = branchSha(store, pull.head.ref) ?? pull.head.sha;
  const baseSha = branchSha(store, pull.base.ref);
  if (!baseSha) throw notMergeable('Base branch was deleted');
  if (input.sha !== undefined && input.sha.toLowerCase() !== headSha) {
    throw conflict('Head branch was modified. Review and try the merge again.');
  }
  const { git } = store;
  const treeOf = (sha: string) => git.flatten(git.commit(sha)?.tree ?? '');
  const base = treeOf(baseSha);
  const head = treeOf(headSha);
  const common = mergeBase(store, baseSha, headSha);
  const ancestor = common ? treeOf(common) : new Map<string, FlatEntry>();
  const merged = new Map(base);
  for (const path of new Set([...head.keys(), ...ancestor.keys()])) {
    const theirs = head.get(path)?.sha;
    const before = ancestor.get(path)?.sha;
    if (theirs === before) continue; // unchanged on the branch
    const ours = base.get(path)?.sha;
    if (ours !== before && ours !== theirs) throw notMergeable('Merge conflict');
    const entry = head.get(path);
    if (entry) merged.set(path, entry);
    else merged.delete(path);
  }
  const title =
    input.title ??
    (input.method === 'merge'
      ? `Merge pull request #${issue.number} from ${pull.head.label.replace(':', '/')}`
      : `${issue.title} (#${issue.number})`);
  const message = input.message ? `${title}\n\n${input.message}` : title;
  const person = store.person(input.user);
  const sha = git.writeCommit({
    tree: git.buildTree(merged),
    parents: input.method === 'merge' ? [baseSha, headSha] : [baseSha],
    message,
    author: person,
    committer: person,
  });
  git.refs.set(`refs/heads/${pull.base.ref}`, sha);
  pull.head.sha = headSha;
  pull.merged = { at: store.now(), sha, by: input.user };
  setIssueState(store, issue, 'closed');
  return { sha, message: 'Pull Request successfully merged' };
}

/** The nearest commit both branches descend from (breadth-first from the head). */
export function mergeBase(store: Store, a: string, b: string): string | undefined {
  const reachable = new Set(ancestry(store, a));
  const queue = [b];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const sha = queue.shift() as string;
    if (reachable.has(sha)) return sha;
    if (seen.has(sha)) continue;
    seen.add(sha);
    queue.push(...(store.git.commit(sha)?.parents ?? []));
  }
  return undefined;
}
