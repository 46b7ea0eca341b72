import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import { upsertStickyComment, type StickyCommentResult } from '@mlops-actions/github';
import { testClient } from '../support/github';
import { cells, faultAt, givesUp, slug, type FaultName, type WriteEndpoint } from './matrix';
import { fastClient, refillRateLimit } from './support';

/** metrics-comment's writes: the sticky comment's creation on the first run, its edit on the next. */
const ENDPOINTS = {
  'POST comments (first run)': { method: 'POST', path: /\/issues\/\d+\/comments$/ },
  'PATCH comment (next run)': { method: 'PATCH', path: /\/issues\/comments\/\d+$/ },
} satisfies Record<string, WriteEndpoint>;

describe('metrics-comment writes exactly once under faults', () => {
  let emulator: Emulator;
  const repo = () => ({ owner: emulator.owner, repo: emulator.repo });

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(() => refillRateLimit(emulator));
  afterEach(() => {
    emulator.github.faults.clear();
    expectNoSchemaViolations(emulator.github);
  });

  function post(issueNumber: number, marker: string, text: string) {
    return upsertStickyComment(
      fastClient(emulator),
      { ...repo(), issueNumber, marker },
      `${text}\n\n${marker}`,
    );
  }

  async function underFault(
    endpoint: WriteEndpoint,
    fault: FaultName,
    write: () => Promise<StickyCommentResult>,
  ) {
    emulator.github.faults.add(faultAt(endpoint, fault));
    if (givesUp(fault)) {
      await expect(write()).rejects.toThrow(/Internal Server Error/);
      emulator.github.faults.clear();
    }
    const result = await write();
    expect(emulator.github.faults.list()).toEqual([]);
    return result;
  }

  it.each(cells(ENDPOINTS))(
    '%s × %s: one marker comment with this run’s body; others untouched',
    async (name, fault) => {
      const octokit = testClient(emulator);
      const { data: issue } = await octokit.rest.issues.create({ ...repo(), title: slug(name, fault) });
      // A reviewer's comment published before: never altered.
      const { data: human } = await octokit.rest.issues.createComment({
        ...repo(),
        issue_number: issue.number,
        body: 'Looks good to me',
      });
      const marker = `<!-- mlops-actions:metrics-comment model=${slug(name, fault)} -->`;
      const updating = name === 'PATCH comment (next run)';
      const first = updating ? await post(issue.number, marker, 'accuracy 0.80') : undefined;

      const result = await underFault(ENDPOINTS[name], fault, () =>
        post(issue.number, marker, 'accuracy 0.91'),
      );

      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo(),
        issue_number: issue.number,
      });
      expect(comments.map((c) => [c.id, c.body])).toEqual([
        [human.id, 'Looks good to me'],
        [result.id, `accuracy 0.91\n\n${marker}`],
      ]);
      // The output says what happened to the comment, and names the one that exists.
      expect(result.action).toBe(updating ? 'updated' : 'created');
      if (first) expect(result.id).toBe(first.id);
      expect(comments[1]?.html_url).toBe(result.url);
    },
  );
});
