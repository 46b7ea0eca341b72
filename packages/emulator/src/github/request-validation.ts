import type { ErrorObject } from 'ajv';
import { validateRequestBody } from '../openapi/validator';
import { invalidRequest } from './errors';

/**
 * Checks a JSON body against the operation's request schema and, when it does not fit, throws
 * the 422 GitHub sends, phrased as GitHub phrases it:
 * `Invalid request.\n\n"tag_name" wasn't supplied.` or `For 'properties/draft', "yes" is not a boolean.`
 */
export function checkRequestBody(operationId: string, body: unknown): void {
  const errors = validateRequestBody(operationId, body);
  if (errors.length === 0) return;
  const lines = [...new Set(errors.map((e) => describe(e, body)))].slice(0, 3);
  throw invalidRequest(lines.join('\n'));
}

function describe(error: ErrorObject, body: unknown): string {
  const pointer = error.instancePath.split('/').slice(1).map(unescape);
  const where = pointer.length === 0 ? 'body' : `properties/${pointer.join('/')}`;
  switch (error.keyword) {
    case 'required':
      return `"${String(error.params.missingProperty)}" wasn't supplied.`;
    case 'type':
      return `For '${where}', ${JSON.stringify(valueAt(body, pointer))} is not ${article(String(error.params.type))}.`;
    case 'enum':
      return `For '${where}', ${JSON.stringify(valueAt(body, pointer))} is not a member of ${JSON.stringify(error.params.allowedValues)}.`;
    default:
      return `For '${where}', ${JSON.stringify(valueAt(body, pointer))} ${error.message ?? 'is not valid'}.`;
  }
}

function article(type: string): string {
  const first = type.split(',')[0] ?? type;
  return `${/^[aeiou]/.test(first) ? 'an' : 'a'} ${first}`;
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function valueAt(body: unknown, pointer: string[]): unknown {
  let current = body;
  for (const key of pointer) current = (current as Record<string, unknown> | undefined)?.[key];
  return current;
}
