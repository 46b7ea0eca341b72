import type { ColumnKind, DataBatch } from '@mlops-actions/data';
import { ColumnProfile } from './column-profile';
import type { CodedCells, SketchOptions } from './column-profile';
import { DatasetProfile } from './dataset-profile';

/** One column to profile: where it sits in the batches, its kind and its histogram edges (if given). */
export interface ProfiledColumn {
  readonly name: string;
  readonly index: number;
  readonly kind: ColumnKind;
  readonly edges?: readonly number[];
}

/**
 * Sees each profiled column of a batch right after the profiler classified its cells (validate's cell
 * checks), so that no column is scanned twice; then `endBatch` with the columns it was shown.
 */
export interface ScannedColumnObserver {
  /** `coded`: the column's cells as dictionary ids, when the profiler coded this batch's column. */
  column(
    batch: DataBatch,
    index: number,
    types: Uint8Array,
    values: Float64Array,
    coded: CodedCells | null,
  ): void;
  endBatch(batch: DataBatch, shown: readonly number[]): void;
}

/** Feeds batches into one ColumnProfile per profiled column, reusing scratch arrays. */
export class BatchProfiler {
  readonly profile = new DatasetProfile();
  private readonly targets: { index: number; column: ColumnProfile }[] = [];
  private readonly indexes: number[] = [];
  private types = new Uint8Array(0);
  private values = new Float64Array(0);

  constructor(columns: readonly ProfiledColumn[], options: SketchOptions) {
    for (const { name, index, kind, edges } of columns) {
      const column = new ColumnProfile(name, kind, options, edges);
      this.profile.columns.set(name, column);
      this.targets.push({ index, column });
      this.indexes.push(index);
    }
  }

  add(batch: DataBatch, observer?: ScannedColumnObserver): void {
    if (this.types.length < batch.length) {
      this.types = new Uint8Array(batch.length);
      this.values = new Float64Array(batch.length);
    }
    const { types, values } = this;
    for (const { index, column } of this.targets) {
      column.addBatch(batch, index, types, values);
      observer?.column(batch, index, types, values, column.lastCoded);
    }
    observer?.endBatch(batch, this.indexes);
    this.profile.rows += batch.length;
  }
}
