import { loadSpec } from './spec';

/**
 * Compares a response with the example GitHub's OpenAPI description gives for the operation — the
 * forms a schema does not pin down: which host and path a URL has (`api.github.com/repos/…` vs
 * `github.com/…`, the uploads host, the `{?name,label}` template), timestamps without fractions,
 * 40-hex shas, `node_id`s, lowercase `state` values, and every key the example has. Ids, logins,
 * names and shas are compared by form, not value.
 */

/** Where a response's URLs point: the emulator's hosts stand for GitHub's. */
export interface Hosts {
  api: string;
  uploads: string;
  web: string;
}

/**
 * Keys GitHub's examples show that GitHub itself leaves out in the situations the emulator serves
 * (a public, non-fork repository, a GITHUB_TOKEN with write but not admin rights), with why.
 */
const OPTIONAL_KEYS = new Map<string, string>([
  ['discussion_url', 'a release has it only when a discussion category was chosen'],
  ['parent', 'forks only'],
  ['source', 'forks only'],
  ['template_repository', 'repositories generated from a template only'],
  ['temp_clone_token', 'private repositories only'],
  ['allow_merge_commit', 'only for tokens that administer the repository'],
  ['allow_squash_merge', 'only for tokens that administer the repository'],
  ['allow_rebase_merge', 'only for tokens that administer the repository'],
  ['allow_auto_merge', 'only for tokens that administer the repository'],
  ['delete_branch_on_merge', 'only for tokens that administer the repository'],
  ['pull_request', "an issue has it only when it is a pull request's"],
]);

/** Example values that are placeholders, not the form GitHub answers with. */
const PLACEHOLDERS = new Map<string, string>([
  [
    'avatar_url',
    'the examples point at an image on github.com; avatars come from avatars.githubusercontent.com',
  ],
]);

/**
 * URLs whose example is out of date, as patterns over `<host> <path after owner and repository>`:
 * the example's, and what GitHub answers with now.
 */
const URL_ERRATA: { example: RegExp; github: RegExp; why: string }[] = [
  {
    example: /^web releases\/[^/]+$/,
    github: /^web releases\/tag\/[^/]+$/,
    why: "a release's page is /releases/tag/<tag>",
  },
  { example: /^web git\/commit\/\w+$/, github: /^web commit\/\w+$/, why: "a commit's page is /commit/<sha>" },
  { example: /^api trees\/\w+$/, github: /^api git\/trees\/\w+$/, why: 'trees are under /git/trees' },
  {
    example: /^web (zipball|tarball)\/[^/]+$/,
    github: /^api (zipball|tarball)\/refs\/tags\/[^/]+$/,
    why: "a tag's archives are API URLs by ref",
  },
];

/**
 * Keys whose URLs the emulator serves from its own API host where GitHub's are on github.com,
 * because a client must be able to follow them.
 */
const SERVED_HERE = new Map<string, string>([
  ['browser_download_url', 'asset downloads must reach the emulator'],
]);

const GITHUB_HOSTS: Record<string, keyof Hosts> = {
  'api.github.com': 'api',
  'uploads.github.com': 'uploads',
  'github.com': 'web',
};

const REF_BEFORE = new Set(['blob', 'tree', 'zipball', 'tarball', 'download', 'heads', 'tags']);
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const SHA = /^[0-9a-f]{40}$/;
const NODE_ID = /^[A-Za-z0-9+/=_-]{8,}$/;
const ENUM_KEYS = new Set(['state', 'status', 'conclusion']);
const MAX_ISSUES = 12;

/** The examples documented for an operation's status, by name ([] when there are none). */
export function examplesFor(operationId: string, status: number): { name: string; value: unknown }[] {
  const spec = loadSpec();
  const operation = spec.operations.get(operationId);
  let response = operation?.responses[String(status)] as { $ref?: string; content?: unknown } | undefined;
  if (response?.$ref?.startsWith('#/components/responses/')) {
    response = spec.components.responses[response.$ref.slice('#/components/responses/'.length)] as
      { content?: unknown } | undefined;
  }
  const content = response?.content as
    | Record<string, { examples?: Record<string, { $ref?: string; value?: unknown }>; example?: unknown }>
    | undefined;
  const json = content?.['application/json'];
  if (!json) return [];
  if (json.example !== undefined) return [{ name: 'example', value: json.example }];
  return Object.entries(json.examples ?? {}).flatMap(([name, example]) => {
    const resolved = example.$ref?.startsWith('#/components/examples/')
      ? spec.components.examples[example.$ref.slice('#/components/examples/'.length)]
      : example;
    return resolved?.value === undefined ? [] : [{ name, value: resolved.value }];
  });
}

/**
 * What differs in form between the response and the operation's example; '' when nothing does
 * or there is no example. With several examples (a file, a directory…), the closest one counts.
 */
export function compareWithExamples(
  operationId: string,
  status: number,
  body: unknown,
  hosts: Hosts,
): string {
  const examples = examplesFor(operationId, status);
  if (examples.length === 0 || body === undefined) return '';
  let best: { name: string; issues: string[] } | undefined;
  for (const example of examples) {
    const issues: string[] = [];
    const context = {
      hosts,
      exampleValues: scalarValues(example.value),
      ourValues: scalarValues(body),
    };
    walk(example.value, body, 'response', '', context, issues);
    if (!best || issues.length < best.issues.length) best = { name: example.name, issues };
    if (issues.length === 0) return '';
  }
  if (!best) return '';
  const shown = best.issues.slice(0, MAX_ISSUES);
  const more = best.issues.length - shown.length;
  return (
    `unlike GitHub's example "${best.name}":\n` + shown.join('\n') + (more > 0 ? `\n… and ${more} more` : '')
  );
}

interface Context {
  hosts: Hosts;
  /** every string in the example, and its `/`-separated parts: what may vary between responses */
  exampleValues: Set<string>;
  ourValues: Set<string>;
}

function walk(
  example: unknown,
  ours: unknown,
  path: string,
  key: string,
  context: Context,
  issues: string[],
): void {
  // A null in the example says the field is there and may be null; a null of ours where the
  // example has a value is for the schema's `nullable` to judge.
  if (example === null || ours === null) return;
  if (Array.isArray(example)) {
    if (!Array.isArray(ours)) {
      issues.push(`${path} is ${kind(ours)}, GitHub's is an array`);
      return;
    }
    if (example.length === 0) return;
    // Items may differ in kind (a tree's blobs and subtrees): each is held to the example item it
    // is closest to.
    ours.forEach((item, i) => {
      let closest: string[] | undefined;
      for (const candidate of example) {
        const found: string[] = [];
        walk(candidate, item, `${path}[${i}]`, key, context, found);
        if (!closest || found.length < closest.length) closest = found;
        if (found.length === 0) break;
      }
      issues.push(...(closest ?? []));
    });
    return;
  }
  if (typeof example === 'object') {
    if (typeof ours !== 'object' || Array.isArray(ours)) {
      issues.push(`${path} is ${kind(ours)}, GitHub's is an object`);
      return;
    }
    const object = ours as Record<string, unknown>;
    const exampleType = (example as Record<string, unknown>)['type'];
    // Another kind of the same thing (a subtree where the example shows a blob): the schema judges it.
    if (
      typeof exampleType === 'string' &&
      typeof object['type'] === 'string' &&
      exampleType !== object['type']
    ) {
      return;
    }
    for (const [name, value] of Object.entries(example as Record<string, unknown>)) {
      // an example the description left as an unresolved reference
      if (name === '$ref') continue;
      if (!(name in object)) {
        if (!optional(name)) issues.push(`${path} has no "${name}"`);
        continue;
      }
      walk(value, object[name], `${path}.${name}`, name, context, issues);
    }
    return;
  }
  if (typeof example !== typeof ours) {
    issues.push(`${path} is ${kind(ours)}, GitHub's is ${kind(example)}`);
    return;
  }
  if (typeof example === 'string') compareStrings(example, ours as string, path, key, context, issues);
}

function optional(name: string): boolean {
  return OPTIONAL_KEYS.has(name);
}

function compareStrings(
  example: string,
  ours: string,
  path: string,
  key: string,
  context: Context,
  issues: string[],
): void {
  if (DATE_TIME.test(example)) {
    if (!DATE_TIME.test(ours))
      issues.push(`${path} is "${ours}", GitHub's timestamps look like "${example}"`);
    return;
  }
  if (SHA.test(example)) {
    if (!SHA.test(ours)) issues.push(`${path} is "${ours}", GitHub's is a 40-hex sha`);
    return;
  }
  if (key === 'node_id' || key.endsWith('_node_id')) {
    if (!NODE_ID.test(ours)) issues.push(`${path} is "${ours}", not a node id like "${example}"`);
    return;
  }
  if (ENUM_KEYS.has(key) && /^[a-z_]+$/.test(example)) {
    if (!/^[a-z_]+$/.test(ours))
      issues.push(`${path} is "${ours}", GitHub's values are lowercase like "${example}"`);
    return;
  }
  // GitHub answers "" for a profile field (blog, company…) that was never set.
  if (PLACEHOLDERS.has(key) || ours === '') return;
  const exampleUrl = githubUrl(example);
  if (exampleUrl) {
    const problem = compareUrls(exampleUrl, ours, context, SERVED_HERE.has(key) ? 'api' : exampleUrl.host);
    if (problem) issues.push(`${path} is "${ours}", GitHub's is like "${example}" (${problem})`);
  }
}

interface GitHubUrl {
  host: keyof Hosts;
  segments: string[];
  /** a URI template's tail, e.g. `{?name,label}` */
  template: string;
  query: string[];
}

function githubUrl(text: string): GitHubUrl | undefined {
  const match = /^https:\/\/([^/]+)(\/[^?#{]*)?(\{[^}]*\})?(?:\?([^#]*))?$/.exec(text);
  const host = match?.[1] ? GITHUB_HOSTS[match[1]] : undefined;
  if (!match || !host) return undefined;
  return {
    host,
    segments: (match[2] ?? '').split('/').filter(Boolean),
    template: match[3] ?? '',
    query: (match[4] ?? '')
      .split('&')
      .filter(Boolean)
      .map((pair) => pair.split('=')[0] ?? ''),
  };
}

function compareUrls(
  example: GitHubUrl,
  ours: string,
  context: Context,
  servedBy: keyof Hosts,
): string | undefined {
  if (isErratum(example, ours, context.hosts)) return undefined;
  const base = context.hosts[servedBy];
  if (!ours.startsWith(`${base}/`) && ours !== base) return `not on the ${servedBy} host`;
  const rest = ours.slice(base.length);
  const match = /^(\/[^?#{]*)?(\{[^}]*\})?(?:\?([^#]*))?$/.exec(rest);
  if (!match) return 'not a URL';
  const segments = (match[1] ?? '').split('/').filter(Boolean);
  if ((match[2] ?? '') !== example.template) {
    return `template ${JSON.stringify(match[2] ?? '')} instead of ${JSON.stringify(example.template)}`;
  }
  const exampleQuery = example.query.sort().join('&');
  const ourQuery = (match[3] ?? '')
    .split('&')
    .filter(Boolean)
    .map((pair) => pair.split('=')[0] ?? '');
  if (exampleQuery && ourQuery.sort().join('&') !== exampleQuery) return 'other query parameters';
  if (pathsAlike(example.host, example.segments, segments, context)) return undefined;
  const tail = (parts: string[]) => parts.slice(example.host === 'web' ? 2 : 3).join('/');
  const erratum = URL_ERRATA.some(
    (e) => e.example.test(tail(example.segments)) && e.github.test(tail(segments)),
  );
  if (!erratum) return 'another path';
  return undefined;
}

function isErratum(example: GitHubUrl, ours: string, hosts: Hosts): boolean {
  const tail = (host: keyof Hosts, segments: string[]) =>
    `${host} ${segments.slice(host === 'web' ? 2 : 3).join('/')}`;
  const host = (Object.keys(hosts) as (keyof Hosts)[]).find((name) => ours.startsWith(`${hosts[name]}/`));
  if (!host) return false;
  const ourSegments = ours.slice(hosts[host].length).split(/[?#{]/)[0]!.split('/').filter(Boolean);
  const exampleTail = tail(example.host, example.segments);
  const ourTail = tail(host, ourSegments);
  return URL_ERRATA.some((e) => e.example.test(exampleTail) && e.github.test(ourTail));
}

/**
 * Paths are alike when each segment is the same word (numbers in it aside), or both are values of
 * their responses (a login, a tag, a sha…). The owner and repository (`/repos/<owner>/<repo>` on the
 * API, the first two segments on github.com) and a user (`/users/<login>`) may be anything. A path
 * that ends in a value (a file's path, a ref with slashes) may have more segments there.
 */
function pathsAlike(host: keyof Hosts, example: string[], ours: string[], context: Context): boolean {
  const free = new Set<number>();
  if (host === 'web') {
    free.add(0).add(1);
    // A bot's page is github.com/apps/<slug> where a user's is github.com/<login>.
    if (example.length === 1 && ours.length === 2 && ours[0] === 'apps') return true;
  } else if (example[0] === 'repos') free.add(1).add(2);
  else if (example[0] === 'users' || example[0] === 'orgs') free.add(1);
  // A ref or tag follows these words; it may be anything.
  example.forEach((segment, i) => {
    if (REF_BEFORE.has(segment) && ours[i] === segment) free.add(i + 1);
  });
  const shape = (segment: string) => segment.replace(/\d+/g, '#');
  const same = (i: number, a: string, b: string) =>
    free.has(i) ||
    shape(a) === shape(b) ||
    (variable(a, context.exampleValues) && variable(b, context.ourValues));
  const common = Math.min(example.length, ours.length);
  for (let i = 0; i < common; i++) {
    if (!same(i, example[i] ?? '', ours[i] ?? '')) return false;
  }
  if (ours.length === example.length) return true;
  // A value with slashes in it (a file's path, a branch) ends both paths.
  const a = example[common - 1];
  const b = ours[common - 1];
  return (
    a !== undefined && b !== undefined && variable(a, context.exampleValues) && variable(b, context.ourValues)
  );
}

function variable(segment: string, values: Set<string>): boolean {
  try {
    return values.has(decodeURIComponent(segment));
  } catch {
    return values.has(segment);
  }
}

function scalarValues(body: unknown, into = new Set<string>()): Set<string> {
  if (typeof body === 'string') {
    // URLs are what is compared, not values a URL may hold.
    if (/^https?:\/\//.test(body)) return into;
    into.add(body);
    for (const part of body.split('/')) into.add(part);
  } else if (typeof body === 'number') {
    into.add(String(body));
  } else if (Array.isArray(body)) {
    for (const item of body) scalarValues(item, into);
  } else if (typeof body === 'object' && body !== null) {
    for (const value of Object.values(body)) scalarValues(value, into);
  }
  return into;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
