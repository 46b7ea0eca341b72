import { json, type RouteDef } from '../context';

/** `{ viewer { login } }`, optionally as a named or anonymous `query`, whitespace aside. */
const VIEWER_LOGIN = /^\s*(query\b\s*\w*\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/;

/**
 * GitHub's GraphQL endpoint, for the one query the suite makes: who the token is. Unlike `GET /user`,
 * GraphQL's `viewer` answers installation tokens too, with the bot's login (`github-actions[bot]`,
 * `my-app[bot]`). Anything else gets a GraphQL error (HTTP 200 with `errors`, as GitHub answers
 * queries it cannot run). GraphQL is outside the REST OpenAPI description, so its replies are not
 * checked against it.
 */
export const graphqlRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/graphql',
    operationId: undefined,
    query: true,
    handler: (ctx) => {
      const query = (ctx.body as { query?: unknown } | undefined)?.query;
      if (typeof query === 'string' && VIEWER_LOGIN.test(query)) {
        return json(200, { data: { viewer: { login: ctx.identity.user.login } } });
      }
      return json(200, {
        errors: [{ message: 'The emulator answers only the GraphQL query { viewer { login } }.' }],
      });
    },
  },
];
