/**
 * GitHub's page-number pagination: `per_page` (default 30, max 100) and `page` (from 1), with a
 * `Link` header that lists prev, next, last and first in that order, omitting the ones that do not
 * apply (no prev/first on page 1, no next/last on the last page), as api.github.com does.
 */

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export interface Page<T> {
  items: T[];
  /** The `Link` header value, or undefined when everything fits on one page. */
  link: string | undefined;
}

/**
 * `requestUrl` is the absolute URL the client asked for; the links keep its other query
 * parameters and put `page` last (`?per_page=100&page=2`), as GitHub writes them.
 */
export function paginate<T>(items: readonly T[], requestUrl: URL): Page<T> {
  const perPage = clampPerPage(requestUrl.searchParams.get('per_page'));
  const page = positiveInt(requestUrl.searchParams.get('page')) ?? 1;
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const start = (page - 1) * perPage;
  const pageItems = items.slice(start, start + perPage);

  const rels: [string, number][] = [];
  if (page > 1) rels.push(['prev', Math.min(page - 1, lastPage)]);
  if (page < lastPage) rels.push(['next', page + 1], ['last', lastPage]);
  if (page > 1) rels.push(['first', 1]);
  const link = rels.map(([rel, n]) => `<${pageUrl(requestUrl, n)}>; rel="${rel}"`).join(', ');
  return { items: pageItems, link: link || undefined };
}

function pageUrl(requestUrl: URL, page: number): string {
  const url = new URL(requestUrl.href);
  url.searchParams.delete('page');
  url.searchParams.append('page', String(page));
  return url.href;
}

function clampPerPage(value: string | null): number {
  const n = positiveInt(value);
  return n === undefined ? DEFAULT_PER_PAGE : Math.min(n, MAX_PER_PAGE);
}

function positiveInt(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}
