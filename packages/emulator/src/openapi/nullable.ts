/**
 * Converts GitHub's OpenAPI 3.0 schemas into JSON Schema that ajv reads as GitHub means them.
 *
 * GitHub's description is OpenAPI 3.0, where `nullable: true` means "or null". Ajv only accepts
 * `nullable` next to `type`, and never adds `null` to an `enum`, so rewrite it (in place) into
 * JSON Schema: `type: [t, 'null']`, `null` appended to enums, and `anyOf: [{type: 'null'}, …]`
 * around schemas that have no `type` (GitHub writes `nullable` beside `anyOf`/`allOf`).
 */

type Json = Record<string, unknown>;

const ANNOTATIONS = new Set(['description', 'title', 'example', 'examples', 'deprecated', 'readOnly']);

export function convertNullable(node: unknown): unknown {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) node[i] = convertNullable(node[i]);
    return node;
  }
  if (!isObject(node)) return node;
  for (const key of Object.keys(node)) node[key] = convertNullable(node[key]);
  relaxOneOf(node);
  if (!('nullable' in node)) return node;

  const { nullable, ...rest } = node;
  if (nullable !== true) return rest;
  if (typeof rest.type === 'string') {
    rest.type = [rest.type, 'null'];
    if (Array.isArray(rest.enum) && !rest.enum.includes(null)) rest.enum = [...rest.enum, null];
    return rest;
  }
  if (Array.isArray(rest.type)) {
    if (!rest.type.includes('null')) rest.type = [...rest.type, 'null'];
    return rest;
  }
  const constraints = Object.keys(rest).filter((key) => !ANNOTATIONS.has(key));
  if (constraints.length === 0) return rest; // `{ nullable: true }` alone: anything goes.
  const annotations: Json = {};
  for (const key of Object.keys(rest)) {
    if (ANNOTATIONS.has(key)) {
      annotations[key] = rest[key];
      delete rest[key];
    }
  }
  return { ...annotations, anyOf: [{ type: 'null' }, rest] };
}

/**
 * GitHub writes `oneOf` for "one of these shapes", but its shapes often overlap (every error
 * body fits both `basic-error` and `repository-rule-violation-error`), and JSON Schema's oneOf
 * then rejects a body for fitting twice. Without a discriminator, read it as anyOf.
 */
function relaxOneOf(node: Json): void {
  if (Array.isArray(node.oneOf) && !('discriminator' in node) && !('anyOf' in node)) {
    node.anyOf = node.oneOf;
    delete node.oneOf;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null;
}
