import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubEmulator, type GitHubEmulator } from '../../packages/emulator/src/github/index';

const quiet = { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} };
let gh: GitHubEmulator;

function client(token: string): Octokit {
  return new Octokit({ auth: token, baseUrl: gh.apiUrl, log: quiet });
}

beforeAll(async () => {
  gh = await startGitHubEmulator();
});
afterAll(async () => {
  await gh.close();
});

describe('GraphQL: who the token is', () => {
  it('names a bot behind an installation token, where GET /user answers 403', async () => {
    const app = client(gh.issueToken({ login: 'mlops-app[bot]', type: 'Bot', permissions: 'read' }));
    await expect(app.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 403 });
    // A query is a read sent as POST: a read-only token may send it.
    const answer = await app.graphql<{ viewer: { login: string } }>('query { viewer { login } }');
    expect(answer.viewer.login).toBe('mlops-app[bot]');
    const actions = client(gh.defaultToken);
    expect((await actions.graphql<{ viewer: { login: string } }>('{viewer{login}}')).viewer.login).toBe(
      'github-actions[bot]',
    );
  });

  it('names a person behind a personal token, as GET /user does', async () => {
    const person = client(gh.issueToken({ login: 'alice', type: 'User' }));
    const { data } = await person.rest.users.getAuthenticated();
    const answer = await person.graphql<{ viewer: { login: string } }>('query Me { viewer { login } }');
    expect(answer.viewer.login).toBe(data.login);
  });

  it('answers any other query with a GraphQL error, and a request without a token with 401', async () => {
    const octokit = client(gh.defaultToken);
    await expect(octokit.graphql('query { repository(owner: "a", name: "b") { id } }')).rejects.toThrow(
      /answers only the GraphQL query/,
    );
    const anonymous = new Octokit({ baseUrl: gh.apiUrl, log: quiet });
    await expect(anonymous.graphql('query { viewer { login } }')).rejects.toMatchObject({ status: 401 });
  });
});
