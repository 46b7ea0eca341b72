import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pullRequestEvent, pushEvent } from '../../../test/harness/events';
import { readRepoContext } from '../src/context';

function envWithEvent(eventName: string, payload: unknown): NodeJS.ProcessEnv {
  const path = join(mkdtempSync(join(tmpdir(), 'ctx-')), 'event.json');
  writeFileSync(path, JSON.stringify(payload));
  return {
    GITHUB_REPOSITORY: 'octo-org/ml-repo',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: path,
    GITHUB_RUN_ID: '77',
    GITHUB_RUN_ATTEMPT: '2',
    GITHUB_SERVER_URL: 'https://ghe.example.com',
  };
}

const target = { owner: 'octo-org', repo: 'ml-repo' };

describe('readRepoContext', () => {
  it('finds the pull request of a same-repository PR event', () => {
    const context = readRepoContext(
      envWithEvent('pull_request', pullRequestEvent(target, { number: 5, headSha: 'b'.repeat(40) })),
    );
    expect(context.pullRequestNumber).toBe(5);
    expect(context.isForkPullRequest).toBe(false);
    expect(context.runAttempt).toBe(2);
    expect(context.runUrl).toBe('https://ghe.example.com/octo-org/ml-repo/actions/runs/77');
  });

  it('flags a pull request from a fork', () => {
    const context = readRepoContext(
      envWithEvent(
        'pull_request',
        pullRequestEvent(target, { number: 6, headSha: 'c'.repeat(40), fork: true }),
      ),
    );
    expect(context.isForkPullRequest).toBe(true);
  });

  it('has no pull request on a push', () => {
    const context = readRepoContext(envWithEvent('push', pushEvent(target, { after: 'd'.repeat(40) })));
    expect(context.pullRequestNumber).toBeUndefined();
    expect(context.isForkPullRequest).toBe(false);
  });

  it('explains a missing GITHUB_REPOSITORY', () => {
    expect(() => readRepoContext({})).toThrow(/GITHUB_REPOSITORY is not set/);
  });
});
