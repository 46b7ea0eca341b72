import { KindSampler, openDataset } from '@mlops-actions/data';
import type { ColumnKind, DataBatch, Dataset, ReadOptions } from '@mlops-actions/data';
import { ColumnProfile } from './column-profile';
import type { SketchOptions } from './column-profile';
import { DatasetProfile } from './dataset-profile';
import type { DatasetProfileJSON } from './dataset-profile';

export interface ProfileOptions extends ReadOptions, SketchOptions {
  /** Kinds given by the user; they win over the reference's and over inference. */
  readonly kinds?: Readonly<Record<string, ColumnKind>>;
  /** Profile only these columns (default: all). */
  readonly columns?: readonly string[];
  /** Rows read to infer kinds before profiling starts; default 10,000. */
  readonly sampleRows?: number;
  /**
   * A reference profile (e.g. the training data's): its kinds and histogram edges are used, so the two
   * profiles compare bin by bin.
   */
  readonly reference?: DatasetProfile | DatasetProfileJSON;
  /** Histogram edges per numeric column; default: the reference's, else chosen by the data. */
  readonly histogramEdges?: Readonly<Record<string, readonly number[]>>;
}

/**
 * Profiles the files named by `data` (paths, directories or globs, read as one dataset) in one streaming
 * pass. Kinds come from `kinds`, then the reference, then inference on the first `sampleRows` rows
 * (those rows are held until the kinds are known, then profiled like the rest).
 */
export async function profileDataset(
  data: string | readonly string[] | Dataset,
  options: ProfileOptions = {},
): Promise<DatasetProfile> {
  const dataset =
    typeof data === 'string' || Array.isArray(data)
      ? await openDataset(data as string[], options)
      : (data as Dataset);
  const reference =
    options.reference === undefined
      ? undefined
      : options.reference instanceof DatasetProfile
        ? options.reference
        : DatasetProfile.fromJSON(options.reference);
  const sampleRows = options.sampleRows ?? 10_000;
  let sampler: KindSampler | null = null;
  const held: DataBatch[] = [];
  let profiler: BatchProfiler | null = null;
  for await (const batch of dataset) {
    if (profiler) {
      profiler.add(batch);
      continue;
    }
    sampler ??= new KindSampler(batch.columns);
    sampler.addBatch(batch, sampleRows - sampler.rows);
    held.push(batch);
    if (sampler.rows >= sampleRows) {
      profiler = new BatchProfiler(sampler, options, reference);
      for (const heldBatch of held.splice(0)) profiler.add(heldBatch);
    }
  }
  if (!profiler) {
    profiler = new BatchProfiler(sampler ?? new KindSampler(dataset.columns ?? []), options, reference);
    for (const heldBatch of held.splice(0)) profiler.add(heldBatch);
  }
  const profile = profiler.profile;
  profile.files = dataset.files.map(({ path, format, compressed, bytes, sha256, rows }) => ({
    path,
    format,
    compressed,
    bytes,
    sha256,
    rows,
  }));
  profile.warnings = dataset.warnings.map((warning) => warning.message);
  return profile;
}

/** Feeds batches into one ColumnProfile per profiled column, reusing scratch arrays. */
class BatchProfiler {
  readonly profile = new DatasetProfile();
  private readonly targets: { index: number; column: ColumnProfile }[] = [];
  private types = new Uint8Array(0);
  private values = new Float64Array(0);

  constructor(sampler: KindSampler, options: ProfileOptions, reference: DatasetProfile | undefined) {
    const all = sampler.columns;
    const chosen = options.columns ?? all;
    const unknown = chosen.filter((name) => !all.includes(name));
    if (unknown.length > 0) {
      throw new Error(
        `no column ${unknown.map((name) => `"${name}"`).join(', ')} in the data (columns: ${all.join(', ')})`,
      );
    }
    const referenceKinds: Record<string, ColumnKind> = {};
    for (const [name, column] of reference?.columns ?? []) referenceKinds[name] = column.kind;
    const inferred = sampler.kinds(options.kinds);
    for (const name of chosen) {
      const kind = options.kinds?.[name] ?? referenceKinds[name] ?? (inferred[name] as ColumnKind);
      const edges = options.histogramEdges?.[name] ?? referenceEdges(reference, name, kind);
      const column = new ColumnProfile(name, kind, options, edges);
      this.profile.columns.set(name, column);
      this.targets.push({ index: all.indexOf(name), column });
    }
  }

  add(batch: DataBatch): void {
    if (this.types.length < batch.length) {
      this.types = new Uint8Array(batch.length);
      this.values = new Float64Array(batch.length);
    }
    for (const { index, column } of this.targets) column.addBatch(batch, index, this.types, this.values);
    this.profile.rows += batch.length;
  }
}

function referenceEdges(
  reference: DatasetProfile | undefined,
  name: string,
  kind: ColumnKind,
): number[] | undefined {
  const column = reference?.columns.get(name);
  if (!column?.histogram || column.kind !== kind) return undefined;
  const edges = column.histogram.toJSON().edges;
  return edges.length >= 2 ? edges : undefined;
}
