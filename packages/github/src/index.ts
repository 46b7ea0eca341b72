export { createGitHubClient } from './client';
export type { GitHubClient, GitHubClientOptions } from './client';
export { describeGitHubError } from './errors';
export { readRepoContext, runProvenance } from './context';
export type { RepoContext } from './context';
export { upsertStickyComment, findStickyComment, tokenIdentity } from './sticky-comment';
export type { StickyCommentTarget, StickyCommentResult } from './sticky-comment';
export { writeOnce, isAmbiguous, NO_BLIND_RETRY } from './write-once';
export type { OnceWrite, OnceResult } from './write-once';
