/**
 * A small route table: `METHOD /path/{param}/…` → value. Static segments beat parameters, so
 * `/releases/latest` wins over `/releases/{release_id}`. A route marked `greedy` lets its last
 * parameter span several segments (git refs like `heads/feature/x`, file paths), whether the
 * client sent the slashes raw or as `%2F`.
 */

type Segment = { kind: 'static'; text: string } | { kind: 'param'; name: string };

interface Route<T> {
  method: string;
  template: string;
  segments: Segment[];
  greedy: boolean;
  value: T;
}

export interface RouteMatch<T> {
  value: T;
  template: string;
  params: Record<string, string>;
}

export class Router<T> {
  private readonly routes: Route<T>[] = [];

  add(method: string, template: string, value: T, options: { greedy?: boolean } = {}): void {
    const segments: Segment[] = splitPath(template).map((part) => {
      const param = /^\{(\w+)\}$/.exec(part);
      return param?.[1] ? { kind: 'param', name: param[1] } : { kind: 'static', text: part };
    });
    const greedy = options.greedy ?? false;
    if (greedy && segments.at(-1)?.kind !== 'param') {
      throw new Error(`greedy route ${template} must end with a parameter`);
    }
    this.routes.push({ method: method.toUpperCase(), template, segments, greedy, value });
  }

  /** All registered routes, e.g. to check each one against the OpenAPI description. */
  list(): { method: string; template: string; value: T }[] {
    return this.routes.map(({ method, template, value }) => ({ method, template, value }));
  }

  match(method: string, pathname: string): RouteMatch<T> | undefined {
    const parts = splitPath(pathname);
    let best: { route: Route<T>; params: Record<string, string>; score: number } | undefined;
    for (const route of this.routes) {
      if (route.method !== method.toUpperCase()) continue;
      const params = matchSegments(route, parts);
      if (!params) continue;
      // Prefer non-greedy routes, then the most static segments, then the earliest registered.
      const statics = route.segments.filter((s) => s.kind === 'static').length;
      const score = (route.greedy ? 0 : 1000) + statics;
      if (!best || score > best.score) best = { route, params, score };
    }
    return best && { value: best.route.value, template: best.route.template, params: best.params };
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

function matchSegments<T>(route: Route<T>, parts: string[]): Record<string, string> | undefined {
  const { segments, greedy } = route;
  if (greedy ? parts.length < segments.length : parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const isLast = index === segments.length - 1;
    const raw = greedy && isLast ? parts.slice(index).join('/') : parts[index];
    if (raw === undefined) return undefined;
    const decoded = safeDecode(raw);
    if (decoded === undefined) return undefined;
    if (segment.kind === 'static') {
      if (decoded !== segment.text) return undefined;
    } else {
      params[segment.name] = decoded;
    }
  }
  return params;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
