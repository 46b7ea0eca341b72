import type { GitHubClient } from './client';
import { NO_BLIND_RETRY, writeOnce } from './write-once';

export interface StickyCommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  /** A hidden marker unique to this comment's purpose, e.g. `<!-- mlops-actions:metrics-comment model=churn -->`. */
  marker: string;
}

export interface StickyCommentResult {
  id: number;
  url: string;
  action: 'created' | 'updated';
}

/**
 * Creates or updates the one comment on an issue or pull request that carries `marker` and was
 * written by the token's identity (as marocchino/sticky-pull-request-comment does), so re-runs
 * edit in place instead of adding comments. Pages through the comments and stops at the first match.
 */
/** Who writes with the workflow's GITHUB_TOKEN. */
const ACTIONS_BOT = 'github-actions[bot]';

export async function upsertStickyComment(
  octokit: GitHubClient,
  target: StickyCommentTarget,
  body: string,
): Promise<StickyCommentResult> {
  if (!body.includes(target.marker)) {
    throw new Error('The comment body must contain its marker, or the next run could not find it.');
  }
  const author = await tokenIdentity(octokit);
  const existing = await findStickyComment(octokit, target, author);
  if (existing) {
    try {
      const { data } = await octokit.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: existing.id,
        body,
      });
      return { id: data.id, url: data.html_url, action: 'updated' };
    } catch (error) {
      // A comment this identity may not edit after all: write our own rather than fail.
      if ((error as { status?: number }).status !== 403) throw error;
    }
  }
  const { value: created } = await writeOnce(octokit, {
    write: async () => {
      const { data } = await octokit.rest.issues.createComment({
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        body,
        request: NO_BLIND_RETRY,
      });
      return { id: data.id, url: data.html_url };
    },
    // There was none before: a marker comment now is the one a lost reply created.
    find: () => findStickyComment(octokit, target, author),
  });
  return settleRace(octokit, target, author, created, body);
}

/**
 * Two runs that both found no comment both create one. After creating, look again: the oldest
 * marker comment wins; a later one deletes itself and writes its body into the winner, so the
 * thread ends with one comment whichever run finishes first.
 */
async function settleRace(
  octokit: GitHubClient,
  target: StickyCommentTarget,
  author: string | undefined,
  created: { id: number; url: string },
  body: string,
): Promise<StickyCommentResult> {
  const winner = await findStickyComment(octokit, target, author);
  if (!winner || winner.id === created.id) return { ...created, action: 'created' };
  await octokit.rest.issues.deleteComment({ owner: target.owner, repo: target.repo, comment_id: created.id });
  const { data } = await octokit.rest.issues.updateComment({
    owner: target.owner,
    repo: target.repo,
    comment_id: winner.id,
    body,
  });
  return { id: data.id, url: data.html_url, action: 'updated' };
}

/** The oldest comment carrying `marker` written by `author` (the Actions bot when unknown), or undefined. */
export async function findStickyComment(
  octokit: GitHubClient,
  target: StickyCommentTarget,
  author?: string,
): Promise<{ id: number; url: string } | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  // Comments come oldest first, so the first match is the oldest one. Other identities' look-alikes
  // (another bot's, a person's) are never taken over.
  const login = author ?? ACTIONS_BOT;
  for await (const page of pages) {
    const match = page.data.find(
      (comment) => comment.body?.includes(target.marker) && comment.user?.login === login,
    );
    if (match) return { id: match.id, url: match.html_url };
  }
  return undefined;
}

/**
 * The login behind the token. `GET /user` answers for personal and machine-account tokens; an
 * installation token (GITHUB_TOKEN, a GitHub App's) gets 403 there, so GraphQL's `viewer` is asked,
 * which names the bot (`github-actions[bot]`, `my-app[bot]`). Undefined when neither answers (then
 * read as the Actions bot).
 */
export async function tokenIdentity(octokit: GitHubClient): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    if ((error as { status?: number }).status !== 403) throw error;
  }
  try {
    const { viewer } = await octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }');
    if (!viewer.login) return undefined;
    // An installation acts as a bot, whose comments REST shows as `slug[bot]`.
    return viewer.login.endsWith('[bot]') ? viewer.login : `${viewer.login}[bot]`;
  } catch {
    return undefined;
  }
}
