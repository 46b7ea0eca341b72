/**
 * Injected failures, shared by the REST emulator and the results service. A matching fault fires
 * before the server looks at the request, as a gateway failure would, so a retried write still
 * makes exactly one change — but for `dropAfterProcessing`, a lost reply.
 */

export interface FaultSpec {
  /** any method when omitted */
  method?: string;
  /** the path (no query): equal to a string, or matching a RegExp */
  path: string | RegExp;
  /** how many requests it answers (default 1; Infinity allowed) */
  times?: number;
  /** the status to answer with (default 500, or 403 for a secondary rate limit) */
  status?: number;
  /** seconds, sent as `retry-after` */
  retryAfter?: number;
  /** answer as GitHub's secondary rate limit does */
  secondaryRateLimit?: boolean;
  /** wait this long first; without a status or drop, the request is then served normally */
  delayMs?: number;
  /** close the connection without answering */
  drop?: boolean;
  /**
   * With `drop`: process the request first, then close the connection instead of answering — the
   * write happened but the client never hears so (a lost reply). Default: before processing.
   */
  dropAfterProcessing?: boolean;
}

export interface Fault extends Readonly<FaultSpec> {
  /** how many more requests it will answer */
  remaining: number;
  /** how many requests it has answered */
  hits: number;
}

export class FaultInjector {
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const times = spec.times ?? 1;
    if (!(times > 0)) throw new Error('fault times must be positive');
    const fault: Fault = { ...spec, remaining: times, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  /** The faults still armed, oldest first. */
  list(): readonly Fault[] {
    return this.faults.filter((f) => f.remaining > 0);
  }

  /** Finds the oldest armed fault for this request and uses one of its `times`. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.method === undefined || f.method.toUpperCase() === method.toUpperCase()) &&
        matchesPath(f.path, path),
    );
    if (!fault) return undefined;
    fault.remaining--;
    fault.hits++;
    return fault;
  }
}

function matchesPath(pattern: string | RegExp, path: string): boolean {
  if (typeof pattern === 'string') return pattern === path;
  pattern.lastIndex = 0; // a /g RegExp keeps state between tests
  return pattern.test(path);
}

/** Whether the fault answers by itself, rather than only slowing the request down. */
export function answers(fault: Fault): boolean {
  if (fault.drop === true || fault.status !== undefined || fault.secondaryRateLimit === true) return true;
  return fault.delayMs === undefined;
}

/** Faults with nothing but a path and method fail with 500. */
export function faultStatus(fault: Fault): number {
  return fault.status ?? (fault.secondaryRateLimit ? 403 : 500);
}
