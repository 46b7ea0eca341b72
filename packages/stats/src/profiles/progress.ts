/** How far a pass over a dataset has got. */
export interface PassProgress {
  /** Rows read so far. */
  readonly rows: number;
  /** Bytes of records read so far, and of the input in all, when the pass knows them (sharded CSV/TSV passes; headers are not counted as read). */
  readonly bytes?: number;
  readonly totalBytes?: number;
  /** Time since the pass started. */
  readonly elapsedMs: number;
}

export type ProgressListener = (progress: PassProgress) => void;

/** Default time between two progress reports: a pass shorter than this reports nothing. */
export const PROGRESS_INTERVAL_MS = 10_000;

/**
 * Counts what a pass reads and tells `listener` at most once per `intervalMs`, so that a long profile
 * or validation shows it is moving (a log line every 10 s by default) and a short one stays quiet.
 */
export class ProgressMeter {
  private rows = 0;
  private bytes = 0;
  private readonly started: number;
  private last: number;

  constructor(
    private readonly listener: ProgressListener | undefined,
    private readonly totalBytes?: number,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = this.last = now();
  }

  add(rows: number, bytes = 0): void {
    this.rows += rows;
    this.bytes += bytes;
    if (this.listener === undefined) return;
    const now = this.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    this.listener({
      rows: this.rows,
      ...(this.totalBytes === undefined ? {} : { bytes: this.bytes, totalBytes: this.totalBytes }),
      elapsedMs: now - this.started,
    });
  }
}

/** "profiling: 12,300,000 rows, 1.2 of 4.8 GiB (25 %), 20 s": one log line. */
export function describeProgress(what: string, progress: PassProgress): string {
  const parts = [`${progress.rows.toLocaleString('en-US')} rows`];
  const { bytes, totalBytes } = progress;
  if (bytes !== undefined && totalBytes !== undefined && totalBytes > 0) {
    const unit = totalBytes >= 2 ** 30 ? { size: 2 ** 30, name: 'GiB' } : { size: 2 ** 20, name: 'MiB' };
    const amount = (value: number) => (value / unit.size).toFixed(1);
    parts.push(
      `${amount(bytes)} of ${amount(totalBytes)} ${unit.name} (${Math.floor((100 * bytes) / totalBytes)} %)`,
    );
  }
  parts.push(`${Math.round(progress.elapsedMs / 1000)} s`);
  return `${what}: ${parts.join(', ')}`;
}
