import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { convertNullable } from './nullable';
import { applyKnownDeviations } from './patches';

/**
 * GitHub's published OpenAPI description (from @octokit/openapi). We read the non-dereferenced
 * file (13 MB, parses in ~0.1 s) rather than the 70 MB dereferenced one, once per process, and
 * let ajv resolve `$ref`s into `components` lazily.
 */

export interface OpenApiOperation {
  operationId: string;
  method: string;
  path: string;
  requestBody?: unknown;
  responses: Record<string, unknown>;
  /** The operation's page in GitHub's REST docs: what its error bodies name as `documentation_url`. */
  docsUrl?: string;
}

export interface OpenApiSpec {
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, unknown>;
    /** `#/components/examples/<name>` → `{ summary?, value }` */
    examples: Record<string, { value?: unknown }>;
  };
  operations: Map<string, OpenApiOperation>;
  /** `GET /repos/{owner}/{repo}` → operation */
  byRoute: Map<string, OpenApiOperation>;
  loadMs: number;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

let cached: OpenApiSpec | undefined;

export function specPath(): string {
  return createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
}

export function loadSpec(): OpenApiSpec {
  if (cached) return cached;
  const started = performance.now();
  const raw = JSON.parse(readFileSync(specPath(), 'utf8')) as {
    paths: Record<
      string,
      Record<
        string,
        { operationId?: string; requestBody?: unknown; responses?: object; externalDocs?: { url?: string } }
      >
    >;
    components: {
      schemas: Record<string, unknown>;
      responses: Record<string, unknown>;
      examples?: Record<string, { value?: unknown }>;
    };
  };
  const operations = new Map<string, OpenApiOperation>();
  const byRoute = new Map<string, OpenApiOperation>();
  for (const [path, item] of Object.entries(raw.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op?.operationId) continue;
      const operation: OpenApiOperation = {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        requestBody: op.requestBody,
        responses: (op.responses ?? {}) as Record<string, unknown>,
        ...(op.externalDocs?.url ? { docsUrl: op.externalDocs.url } : {}),
      };
      operations.set(op.operationId, operation);
      byRoute.set(`${operation.method} ${path}`, operation);
    }
  }
  // Only the schemas (2.6 MB) need converting up front; operation schemas are converted when compiled.
  const components = {
    schemas: convertNullable(raw.components.schemas) as Record<string, unknown>,
    responses: raw.components.responses,
    examples: raw.components.examples ?? {},
  };
  applyKnownDeviations(components.schemas);
  cached = { components, operations, byRoute, loadMs: performance.now() - started };
  return cached;
}
