import { scanColumns, type ColumnKind, type DataBatch } from '@mlops-actions/data';
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
  /** Scratch per column scanned at once (one, where the batch has no `scanColumns`). */
  private types: Uint8Array[] = [];
  private values: Float64Array[] = [];

  constructor(
    columns: readonly ProfiledColumn[],
    options: SketchOptions,
    /** The scratch for columns scanned together (a type byte and a float64 per cell). */
    private readonly scanScratchBytes = SCAN_SCRATCH_BYTES,
  ) {
    for (const { name, index, kind, edges } of columns) {
      const column = new ColumnProfile(name, kind, options, edges);
      this.profile.columns.set(name, column);
      this.targets.push({ index, column });
      this.indexes.push(index);
    }
  }

  add(batch: DataBatch, observer?: ScannedColumnObserver): void {
    const slots = batch.scanColumns
      ? Math.min(this.targets.length, Math.max(1, Math.floor(this.scanScratchBytes / (9 * batch.length))))
      : 1;
    if (this.types.length < slots || (this.types[0]?.length ?? 0) < batch.length) {
      const rows = Math.max(batch.length, this.types[0]?.length ?? 0);
      this.types = Array.from({ length: slots }, () => new Uint8Array(rows));
      this.values = Array.from({ length: slots }, () => new Float64Array(rows));
    }
    const { targets } = this;
    // The numeric columns whose cells are scanned rather than looked up are scanned several at a time
    // (`scanColumns`, made for numbers), as many as the scratch holds, in the order they are added.
    const together = (column: ColumnProfile) => column.kind === 'numeric' && !column.looksUpCells(batch);
    const scanned = new Map<number, number>();
    targets.forEach(({ index, column }, t) => {
      let slot = scanned.get(t);
      if (slot === undefined && slots > 1 && together(column)) {
        const group: number[] = [];
        for (let next = t; next < targets.length && group.length < slots; next++) {
          if (together(targets[next]!.column)) group.push(next);
        }
        group.forEach((target, i) => scanned.set(target, i));
        scanColumns(
          batch,
          group.map((target) => targets[target]!.index),
          this.types.slice(0, group.length),
          this.values.slice(0, group.length),
        );
        slot = 0;
      }
      const types = this.types[slot ?? 0]!;
      const values = this.values[slot ?? 0]!;
      column.addBatch(batch, index, types, values, slot !== undefined);
      observer?.column(batch, index, types, values, column.lastCoded);
    });
    observer?.endBatch(batch, this.indexes);
    this.profile.rows += batch.length;
  }
}

/**
 * The scratch for columns scanned together: 4 MiB, seven columns of 65,536-row batches (a CSV batch of
 * ~1 MiB holds far fewer rows: there, every column at once).
 */
const SCAN_SCRATCH_BYTES = 4 * 1024 * 1024;
