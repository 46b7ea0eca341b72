import type { FaultSpec } from '../../packages/emulator/src/github/faults';

/**
 * The faults every GitHub write is tried under, as a flaky day at GitHub goes. `give-up` fails the
 * first run for good; the cell then re-runs (GITHUB_RUN_ATTEMPT=2) without the fault.
 */
export const FAULTS = {
  '502 once': { status: 502 },
  '403 secondary limit': { secondaryRateLimit: true, retryAfter: 1 },
  '429 rate limit': { status: 429, retryAfter: 1 },
  'dropped before processing': { drop: true },
  'reply lost after processing': { drop: true, dropAfterProcessing: true },
  '500 until retries give up': { status: 500, times: Infinity },
} satisfies Record<string, Omit<FaultSpec, 'path' | 'method'>>;

export type FaultName = keyof typeof FAULTS;
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

/** Whether the first run is expected to fail (and a re-run to finish the work). */
export function givesUp(fault: FaultName): boolean {
  return fault === '500 until retries give up';
}

/** A write endpoint of an action: its method and path (a RegExp over the path without query). */
export interface WriteEndpoint {
  method: 'POST' | 'PATCH' | 'PUT';
  path: RegExp;
}

/** Every (endpoint, fault) pair, as `[endpointName, faultName]` rows for a table-driven test. */
export function cells<E extends string>(endpoints: Record<E, WriteEndpoint>): [E, FaultName][] {
  return (Object.keys(endpoints) as E[]).flatMap((endpoint) =>
    FAULT_NAMES.map((fault) => [endpoint, fault] as [E, FaultName]),
  );
}

export function faultAt(endpoint: WriteEndpoint, fault: FaultName): FaultSpec {
  return { method: endpoint.method, path: endpoint.path, ...FAULTS[fault] };
}

/** A lowercase name for a cell's model, branch or environment. */
export function slug(...parts: string[]): string {
  return parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
