import { CellType } from '@mlops-actions/data';
import { reportValue } from './kwargs';
import type { Cell, ColumnMapPlan, UnexpectedCell } from './plan';

const PASSED = 1;
const FAILED = 2;

/** GE keeps this many unexpected values in `partial_unexpected_list`. */
export const PARTIAL_UNEXPECTED_LIMIT = 20;

export interface ColumnMapTallyJSON {
  elements: number;
  missing: number;
  unexpected: number;
  partial: UnexpectedCell[];
}

/**
 * Counts one column map expectation over the cells of its column: elements, nulls, unexpected cells and
 * the first PARTIAL_UNEXPECTED_LIMIT of them with their place.
 */
export class ColumnMapTally {
  elements = 0;
  missing = 0;
  unexpected = 0;
  readonly partial: UnexpectedCell[] = [];
  private readonly flag = (cell: UnexpectedCell) => this.record(cell);

  constructor(readonly plan: ColumnMapPlan) {}

  add(cell: Cell): void {
    this.elements++;
    if (cell.type === CellType.Null) {
      this.missing++;
      if (!this.plan.judgesNulls) return;
    }
    if (!this.plan.rule.test(cell, this.flag)) this.recordCell(cell);
  }

  /** Whether `addCoded` may decide a cell from its text's earlier verdict (see ColumnMapPlan.inFileOrder). */
  get decidesByText(): boolean {
    return this.plan.inFileOrder !== true;
  }

  /**
   * `add` for a cell whose text has id `code` in a dictionary: the rule runs once per distinct text,
   * its verdict kept in `verdicts[code]` (0: not yet, PASSED, FAILED). Only for rules that decide by the
   * cell alone (`decidesByText`): the same text has the same type, value and verdict.
   */
  addCoded(cell: Cell, code: number, verdicts: Uint8Array): void {
    this.elements++;
    if (cell.type === CellType.Null) {
      this.missing++;
      if (!this.plan.judgesNulls) return;
    }
    let verdict = verdicts[code] as number;
    if (verdict === 0) verdicts[code] = verdict = this.plan.rule.test(cell, this.flag) ? PASSED : FAILED;
    if (verdict === FAILED) this.recordCell(cell);
  }

  /**
   * Adds the tally of the next shard (in data order) of a rule that needs no order (not `inFileOrder`):
   * its row indexes and lines count from the shard's start, so `rowsBefore` and `firstLine` place them.
   */
  absorb(shard: ColumnMapTallyJSON, rowsBefore: number, firstLine: number): void {
    this.elements += shard.elements;
    this.missing += shard.missing;
    this.unexpected += shard.unexpected;
    for (const cell of shard.partial) {
      if (this.partial.length >= PARTIAL_UNEXPECTED_LIMIT) break;
      this.partial.push({ ...cell, index: cell.index + rowsBefore, line: cell.line + firstLine - 1 });
    }
  }

  toJSON(): ColumnMapTallyJSON {
    const { elements, missing, unexpected, partial } = this;
    return { elements, missing, unexpected, partial };
  }

  private record(cell: UnexpectedCell): void {
    this.unexpected++;
    if (this.partial.length < PARTIAL_UNEXPECTED_LIMIT) this.partial.push(cell);
  }

  /** Counts an unexpected cell; its value and place are made only while the partial list has room. */
  private recordCell(cell: Cell): void {
    if (this.partial.length >= PARTIAL_UNEXPECTED_LIMIT) {
      this.unexpected++;
      return;
    }
    this.record({
      value: reportValue(cell.type, cell.value, cell.text),
      index: cell.index,
      file: cell.file,
      line: cell.line,
    });
  }

  /**
   * GE's verdict: the share of judged cells that meet the expectation must reach `mostly`. Judged cells
   * are the non-null ones, or all for not_be_null/be_null; none judged passes, as in GE.
   */
  outcome(): { success: boolean; result: Record<string, unknown> } {
    const nonMissing = this.elements - this.missing;
    const judged = this.plan.judgesNulls ? this.elements : nonMissing;
    const percent = (count: number, of: number) => (of > 0 ? (100 * count) / of : null);
    const success = judged === 0 || (judged - this.unexpected) / judged >= this.plan.mostly;
    // The first flagged occurrence of a duplicate may come after later cells: report in data order.
    const partial = [...this.partial].sort((a, b) => a.index - b.index);
    const result: Record<string, unknown> = {
      element_count: this.elements,
      unexpected_count: this.unexpected,
      unexpected_percent: percent(this.unexpected, judged),
      partial_unexpected_list: partial.map((cell) => cell.value),
      partial_unexpected_index_list: partial.map((cell) => cell.index),
      partial_unexpected_places: partial.map(({ file, line }) => ({ file, line })),
    };
    if (!this.plan.judgesNulls) {
      Object.assign(result, {
        missing_count: this.missing,
        missing_percent: percent(this.missing, this.elements),
        unexpected_percent_total: percent(this.unexpected, this.elements),
        unexpected_percent_nonmissing: percent(this.unexpected, nonMissing),
      });
    }
    return { success, result };
  }
}
