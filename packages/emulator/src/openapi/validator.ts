import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { convertNullable } from './nullable';
import { loadSpec, type OpenApiOperation } from './spec';

/**
 * Validates bodies against GitHub's OpenAPI description. One ajv instance and one cache of
 * compiled validators live in module scope, so every emulator in a test process shares them:
 * the spec is parsed once and each (operation, status) is compiled the first time it is used.
 */

export interface ValidationResult {
  valid: boolean;
  /** ajv's text for the failures, '' when valid */
  errors: string;
}

const COMPONENTS_ID = 'https://api.github.com/openapi.json';
const MAX_ERRORS = 12;

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction | null>();

export interface ValidatorStats {
  specLoadMs: number;
  ajvSetupMs: number;
  compiled: number;
}
const stats: ValidatorStats = { specLoadMs: 0, ajvSetupMs: 0, compiled: 0 };

/** How long loading took, for reporting; loading happens on first use (or `warmUp`). */
export function validatorStats(): ValidatorStats {
  return { ...stats, compiled: validators.size };
}

/** Loads the spec and registers its components; cheap after the first call in a process. */
export function warmUp(): void {
  getAjv();
}

function getAjv(): Ajv {
  if (ajv) return ajv;
  const spec = loadSpec();
  stats.specLoadMs = spec.loadMs;
  const started = performance.now();
  // strict: false — the description carries OpenAPI keywords (discriminator, example, x-github…).
  // inlineRefs: false — each component compiles to one shared function instead of being copied
  // into every operation's validator.
  const instance = new Ajv({ strict: false, allErrors: true, inlineRefs: false, validateFormats: true });
  addFormats(instance);
  // GitHub's own format for `owner/name`.
  instance.addFormat('repo.nwo', /^[^/\s]+\/[^/\s]+$/);
  instance.addSchema({ $id: COMPONENTS_ID, components: { schemas: spec.components.schemas } });
  stats.ajvSetupMs = performance.now() - started;
  ajv = instance;
  return instance;
}

export function findOperation(operationId: string): OpenApiOperation | undefined {
  return loadSpec().operations.get(operationId);
}

/**
 * Checks a response body against the schema GitHub documents for this operation and status.
 * An undocumented error status is checked against GitHub's generic error shapes; an
 * undocumented success status is itself a violation.
 */
export function validateResponse(operationId: string, status: number, body: unknown): ValidationResult {
  const key = `${operationId} ${status}`;
  let validate = validators.get(key);
  if (validate === undefined) {
    const operation = findOperation(operationId);
    if (!operation) return { valid: false, errors: `unknown operationId ${operationId}` };
    const schema = responseSchema(operation, status);
    if (schema === 'undocumented') {
      return { valid: false, errors: `status ${status} is not documented for ${operationId}` };
    }
    validate = schema === undefined ? null : compile(schema);
    validators.set(key, validate);
  }
  if (validate === null) {
    // Documented without a body (204, 302): a body here is the violation.
    return body === undefined ? ok() : { valid: false, errors: `status ${status} has no body in the spec` };
  }
  return run(validate, body, 'response');
}

/** Checks a JSON request body against the operation's documented request schema. */
export function validateRequestBody(operationId: string, body: unknown): ErrorObject[] {
  const key = `${operationId} request`;
  let validate = validators.get(key);
  if (validate === undefined) {
    const operation = findOperation(operationId);
    const schema = operation && jsonSchemaOf(operation.requestBody);
    validate = schema === undefined ? null : compile(schema);
    validators.set(key, validate);
  }
  if (validate === null || validate(body ?? {})) return [];
  return validate.errors ?? [];
}

function ok(): ValidationResult {
  return { valid: true, errors: '' };
}

function run(validate: ValidateFunction, body: unknown, dataVar: string): ValidationResult {
  if (validate(body)) return ok();
  const lines = describeErrors(validate.errors ?? [], dataVar);
  const shown = lines.slice(0, MAX_ERRORS);
  const more = lines.length - shown.length;
  return { valid: false, errors: shown.join('\n') + (more > 0 ? `\n… and ${more} more` : '') };
}

/** ajv's messages, with each object's missing properties gathered on one line. */
function describeErrors(errors: ErrorObject[], dataVar: string): string[] {
  const missing = new Map<string, string[]>();
  const lines: string[] = [];
  for (const error of errors) {
    if (error.keyword === 'required') {
      const names = missing.get(error.instancePath) ?? [];
      if (names.length === 0) missing.set(error.instancePath, names);
      names.push(String(error.params.missingProperty));
    } else {
      lines.push(getAjv().errorsText([error], { dataVar }));
    }
  }
  const required = [...missing].map(
    ([path, names]) =>
      `${dataVar}${path} must have required ${names.length === 1 ? 'property' : 'properties'} ${names.map((n) => `'${n}'`).join(', ')}`,
  );
  return [...new Set([...lines, ...required])];
}

function responseSchema(operation: OpenApiOperation, status: number): unknown {
  const spec = loadSpec();
  let response = operation.responses[String(status)];
  if (response === undefined) {
    if (status < 400) return 'undocumented';
    return genericError(status);
  }
  const ref = (response as { $ref?: string }).$ref;
  if (ref?.startsWith('#/components/responses/')) {
    response = spec.components.responses[ref.slice('#/components/responses/'.length)];
  }
  const schema = jsonSchemaOf(response);
  // Errors documented by description only still carry GitHub's JSON error body.
  if (schema === undefined && status >= 400) return genericError(status);
  return schema;
}

function genericError(status: number): unknown {
  return { $ref: `#/components/schemas/${status === 422 ? 'validation-error' : 'basic-error'}` };
}

function jsonSchemaOf(holder: unknown): unknown {
  const content = (holder as { content?: Record<string, { schema?: unknown }> } | undefined)?.content;
  if (!content) return undefined;
  const json =
    content['application/json'] ?? Object.entries(content).find(([type]) => type.includes('json'))?.[1];
  return json?.schema;
}

function compile(schema: unknown): ValidateFunction {
  // Operation schemas are small; copy, point their refs at the registered components, convert.
  const copy = convertNullable(rebaseRefs(structuredClone(schema))) as object;
  const validate = getAjv().compile(copy);
  stats.compiled++;
  return validate;
}

function rebaseRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebaseRefs);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `${COMPONENTS_ID}${value}`
        : rebaseRefs(value);
  }
  return out;
}
