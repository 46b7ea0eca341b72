import { diffStats } from '../state/diff';
import type { IssueRecord, PullRecord } from '../state/records';
import { branchSha } from '../state/repo-git';
import type { Store } from '../state/store';
import { authorAssociation, labelJson } from './issues';
import { repositoryJson } from './repository';
import { nodeId, repoApiUrl, repoWebUrl, type Site } from './site';
import { simpleUser } from './users';

/** A branch's current sha; a pull request keeps the last one it saw if the branch is deleted. */
export function liveHeadSha(store: Store, pull: PullRecord): string {
  const sha = branchSha(store, pull.head.ref);
  if (sha) pull.head.sha = sha;
  return pull.head.sha;
}

function liveBaseSha(store: Store, pull: PullRecord): string {
  const sha = branchSha(store, pull.base.ref);
  if (sha) pull.base.sha = sha;
  return pull.base.sha;
}

/**
 * `pull-request` (full, from get/create/update) or `pull-request-simple` (lists, which leave out
 * merge state and diff stats, as GitHub's list does).
 */
export function pullJson(site: Site, store: Store, issue: IssueRecord, full: boolean) {
  const pull = issue.pull as PullRecord;
  const api = repoApiUrl(site);
  const url = `${api}/pulls/${issue.number}`;
  const web = `${repoWebUrl(site)}/pull/${issue.number}`;
  const owner = store.ensureUser(store.owner, 'Organization');
  const repo = repositoryJson(site, store, true);
  const headSha = liveHeadSha(store, pull);
  const baseSha = liveBaseSha(store, pull);
  const branch = (ref: string, sha: string) => ({
    label: `${store.owner}:${ref}`,
    ref,
    sha,
    user: simpleUser(site, owner),
    repo,
  });
  const comments = [...store.comments.values()].filter((c) => c.issue_number === issue.number).length;
  const simple = {
    url,
    id: pull.id,
    node_id: nodeId('PullRequest', pull.id),
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: `${api}/issues/${issue.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    statuses_url: `${api}/statuses/${headSha}`,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: simpleUser(site, issue.user),
    body: issue.body,
    labels: issue.labels.flatMap((name) => {
      const label = store.labels.get(name.toLowerCase());
      return label ? [labelJson(site, label)] : [];
    }),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    merged_at: pull.merged?.at ?? null,
    merge_commit_sha: pull.merged?.sha ?? null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branch(pull.head.ref, headSha),
    base: branch(pull.base.ref, baseSha),
    _links: {
      self: { href: url },
      html: { href: web },
      issue: { href: `${api}/issues/${issue.number}` },
      comments: { href: `${api}/issues/${issue.number}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${api}/statuses/${headSha}` },
    },
    author_association: authorAssociation(store, issue.user),
    auto_merge: null,
    draft: pull.draft,
  };
  if (!full) return simple;
  return {
    ...simple,
    merged: pull.merged !== undefined,
    mergeable: issue.state === 'open' ? true : null,
    rebaseable: issue.state === 'open' ? true : null,
    mergeable_state: issue.state === 'open' ? 'clean' : 'unknown',
    merged_by: pull.merged ? simpleUser(site, pull.merged.by) : null,
    comments,
    review_comments: 0,
    maintainer_can_modify: pull.maintainer_can_modify,
    ...diffStats(store, baseSha, headSha),
  };
}
