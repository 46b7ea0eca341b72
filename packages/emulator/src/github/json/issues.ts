import type { CommentRecord, IssueRecord, LabelRecord, UserRecord } from '../state/records';
import type { Store } from '../state/store';
import { nodeId, repoApiUrl, repoWebUrl, type Site } from './site';
import { simpleUser } from './users';

export function authorAssociation(store: Store, user: UserRecord): string {
  return user.login.toLowerCase() === store.owner.toLowerCase() ? 'OWNER' : 'NONE';
}

export function reactions(url: string) {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

export function labelJson(site: Site, label: LabelRecord) {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${repoApiUrl(site)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

/** An issue, or the issue side of a pull request (which carries `pull_request`). */
export function issueJson(site: Site, store: Store, issue: IssueRecord) {
  const api = `${repoApiUrl(site)}/issues/${issue.number}`;
  const web = `${repoWebUrl(site)}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`;
  const comments = [...store.comments.values()].filter((c) => c.issue_number === issue.number).length;
  const labels = issue.labels.flatMap((name) => {
    const label = store.labels.get(name.toLowerCase());
    return label ? [labelJson(site, label)] : [];
  });
  const assignees = issue.assignees.flatMap((login) => {
    const user = store.findUser(login);
    return user ? [simpleUser(site, user)] : [];
  });
  return {
    id: issue.id,
    node_id: nodeId(issue.pull ? 'PullRequest' : 'Issue', issue.id),
    url: api,
    repository_url: repoApiUrl(site),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: web,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state_reason,
    title: issue.title,
    body: issue.body,
    user: simpleUser(site, issue.user),
    labels,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: issue.locked,
    active_lock_reason: null,
    comments,
    ...(issue.pull
      ? {
          pull_request: {
            url: `${repoApiUrl(site)}/pulls/${issue.number}`,
            html_url: web,
            diff_url: `${web}.diff`,
            patch_url: `${web}.patch`,
            merged_at: issue.pull.merged?.at ?? null,
          },
          draft: issue.pull.draft,
        }
      : {}),
    closed_at: issue.closed_at,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_by: null,
    author_association: authorAssociation(store, issue.user),
    reactions: reactions(api),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
    // GitHub sends these as null until a comment is pinned to the issue.
    pinned_comment: null,
  };
}

export function commentJson(site: Site, store: Store, comment: CommentRecord) {
  const url = `${repoApiUrl(site)}/issues/comments/${comment.id}`;
  const isPull = store.issues.get(comment.issue_number)?.pull !== undefined;
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url,
    html_url: `${repoWebUrl(site)}/${isPull ? 'pull' : 'issues'}/${comment.issue_number}#issuecomment-${comment.id}`,
    body: comment.body,
    user: simpleUser(site, comment.user),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    issue_url: `${repoApiUrl(site)}/issues/${comment.issue_number}`,
    author_association: authorAssociation(store, comment.user),
    performed_via_github_app: null,
    reactions: reactions(url),
    // null until the comment is pinned or hidden
    pin: null,
    minimized: null,
  };
}
