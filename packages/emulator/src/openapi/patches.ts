/**
 * Where api.github.com knowingly differs from its own description, and the emulator follows
 * api.github.com. Each patch is small and says why, so the validator stays strict elsewhere.
 */

type Schema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };

/** A URI, or '' — GitHub's value for a URL that was never set. */
const URI_OR_EMPTY = { type: 'string', anyOf: [{ format: 'uri' }, { maxLength: 0 }] };

export function applyKnownDeviations(schemas: Record<string, unknown>): void {
  // Deployment statuses created without log_url/environment_url carry "" for them (and for
  // target_url, log_url's old name), though the description says `format: uri`.
  const status = schemas['deployment-status'] as Schema | undefined;
  for (const field of ['target_url', 'log_url', 'environment_url']) {
    if (status?.properties?.[field]) status.properties[field] = { ...URI_OR_EMPTY };
  }
  // A pull request's labels carry `description: null` for a label created without one, as the
  // issue's labels do, though the pull request schemas say `string`.
  for (const name of ['pull-request-simple', 'pull-request']) {
    const labels = (schemas[name] as Schema | undefined)?.properties?.['labels'] as Schema | undefined;
    const label = labels?.['items'] as Schema | undefined;
    if (label?.properties?.['description']) label.properties['description'] = { type: ['string', 'null'] };
  }
}
