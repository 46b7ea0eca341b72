/** Where things live: the emulator's API and uploads hosts, and github.com for html_url. */
export interface Site {
  api: string;
  uploads: string;
  web: string;
  owner: string;
  repo: string;
}

export const WEB_URL = 'https://github.com';

export function repoApiUrl(site: Site): string {
  return `${site.api}/repos/${site.owner}/${site.repo}`;
}

export function repoWebUrl(site: Site): string {
  return `${site.web}/${site.owner}/${site.repo}`;
}

/** A stable GraphQL-style node id for a database id (opaque to clients, as GitHub's are). */
export function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`0${kind.length}:${kind}${id}`).toString('base64');
}
