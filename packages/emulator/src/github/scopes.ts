/** A workflow's `permissions:` — `read-all`/`write-all` or per scope; missing scopes grant nothing. */
export type Permissions = 'read-all' | 'write-all' | Record<string, 'read' | 'write' | 'none'>;

/**
 * What GITHUB_TOKEN scope a REST request needs (docs.github.com → "Permissions required for
 * GitHub Apps", the same table GITHUB_TOKEN follows): reads need `read`, anything else `write`.
 * A token minted with `scopes` (the workflow runner mints one per job from its `permissions:`)
 * gets 403 "Resource not accessible by integration" for anything else, as GITHUB_TOKEN does.
 */
const SCOPES: [RegExp, string[]][] = [
  // Comments and labels on a pull request go through the issues API: either scope is enough.
  [/^\/issues\/(\d+\/)?(comments|labels)(\/|$)/, ['issues', 'pull-requests']],
  [/^\/issues\/comments(\/|$)/, ['issues', 'pull-requests']],
  [/^\/labels(\/|$)/, ['issues', 'pull-requests']],
  [/^\/issues(\/|$)/, ['issues']],
  [/^\/pulls(\/|$)/, ['pull-requests']],
  [/^\/(contents|git|releases|tags|commits|compare|branches|merges)(\/|$)/, ['contents']],
  [/^\/deployments(\/|$)/, ['deployments']],
  [/^\/environments(\/|$)/, ['actions', 'deployments']],
  [/^\/actions(\/|$)/, ['actions']],
];

export interface ScopeNeed {
  scopes: string[];
  level: 'read' | 'write';
}

/** The scope a request needs, or undefined for requests outside a repository's scopes (GET /user, …). */
export function scopeNeeded(
  method: string,
  path: string,
  repo: { owner: string; repo: string },
): ScopeNeed | undefined {
  const prefix = `/repos/${repo.owner}/${repo.repo}`;
  if (!path.toLowerCase().startsWith(prefix.toLowerCase())) return undefined;
  const rest = path.slice(prefix.length);
  const level = method === 'GET' || method === 'HEAD' ? 'read' : 'write';
  if (rest === '' || rest === '/')
    return level === 'read' ? undefined : { scopes: ['administration'], level };
  const match = SCOPES.find(([pattern]) => pattern.test(rest));
  return match ? { scopes: match[1], level } : undefined;
}

export function grants(permissions: Permissions | undefined, need: ScopeNeed): boolean {
  if (permissions === undefined || permissions === 'write-all') return true;
  if (permissions === 'read-all') return need.level === 'read';
  return need.scopes.some((scope) => {
    const level = permissions[scope];
    return level === 'write' || (level === 'read' && need.level === 'read');
  });
}

/** Whether any scope is writable: the emulator's tokens are read or write as a whole. */
export function writesAnything(permissions: Permissions | undefined): boolean {
  if (permissions === undefined || permissions === 'write-all') return true;
  if (permissions === 'read-all') return false;
  return Object.values(permissions).includes('write');
}
