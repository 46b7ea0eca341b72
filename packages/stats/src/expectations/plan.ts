import { CellType } from '@mlops-actions/data';
import type { DataBatch } from '@mlops-actions/data';
import type { ColumnProfile } from '../profiles/column-profile';
import type { DistinctValues } from './distinct-values';
import type { Kwargs } from './suite';

/**
 * What an expectation needs from the single pass over the data, decided from its kwargs before reading:
 * a per-cell rule (column map), figures of one column (aggregate), or the table's shape.
 */
export type Plan = ColumnMapPlan | ColumnAggregatePlan | TablePlan;

/** Turns kwargs into a plan; throws ExpectationError when they are unusable. */
export type Planner = (kwargs: Kwargs) => Plan;

export interface ColumnMapPlan {
  readonly scope: 'column_map';
  readonly column: string;
  readonly mostly: number;
  /** not_be_null / be_null judge null cells; every other column map expectation skips them, as GE does. */
  readonly judgesNulls: boolean;
  readonly rule: CellRule;
  /**
   * The rule compares cells with earlier ones (uniqueness, order), so it must see the whole column in
   * one pass; suites with such rules are not split across threads.
   */
  readonly inFileOrder?: boolean;
}

export interface ColumnAggregatePlan {
  readonly scope: 'column_aggregate';
  readonly column: string;
  /** Needs the exact set of distinct values (kept up to DistinctValues.LIMIT). */
  readonly needsDistinct?: boolean;
  evaluate(facts: ColumnFacts): Outcome;
}

export interface TablePlan {
  readonly scope: 'table';
  evaluate(facts: TableFacts): Outcome;
}

export interface ColumnFacts {
  readonly profile: ColumnProfile;
  readonly distinct: DistinctValues | undefined;
}

export interface TableFacts {
  readonly rows: number;
  readonly columns: readonly string[];
}

/** An aggregate's verdict and what it saw, as GE reports it (`observed_value`, optional `details`). */
export interface Outcome {
  success: boolean;
  observed_value: unknown;
  details?: Record<string, unknown>;
}

/** A cell found unexpected: its value and where it is (dataset row index, file, physical line). */
export interface UnexpectedCell {
  value: string | number | boolean | null;
  index: number;
  file: string;
  line: number;
}

/** Decides cell by cell; may keep state across cells (uniqueness, order). */
export interface CellRule {
  /**
   * True when the cell meets the expectation. `flag` reports an earlier cell that only this one shows
   * to be unexpected (the first occurrence of a duplicate).
   */
  test(cell: Cell, flag: (earlier: UnexpectedCell) => void): boolean;
}

/** The cell under test, reused for every cell so that the loop allocates nothing for typed cells. */
export class Cell {
  type: CellType = CellType.Null;
  value = Number.NaN;
  /** Row index in the whole dataset (0-based), as GE's `partial_unexpected_index_list`. */
  index = 0;
  private batch: DataBatch | null = null;
  private row = 0;
  private column = 0;
  private cachedText: string | null = null;

  moveTo(batch: DataBatch, column: number, row: number, type: CellType, value: number, index: number): void {
    this.batch = batch;
    this.column = column;
    this.row = row;
    this.type = type;
    this.value = value;
    this.index = index;
    this.cachedText = null;
  }

  /** The cell's text, made only when a rule asks for it. */
  get text(): string {
    return (this.cachedText ??= (this.batch as DataBatch).text(this.row, this.column));
  }

  get file(): string {
    return (this.batch as DataBatch).file;
  }

  get line(): number {
    return (this.batch as DataBatch).lines[this.row] as number;
  }
}
