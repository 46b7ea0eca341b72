import type { CellType, DataBatch, TextDictionary } from '@mlops-actions/data';
import type { ScannedColumnObserver } from '../profiles/batch-profiler';
import type { CodedCells } from '../profiles/column-profile';
import { EXPECTATIONS } from './catalog';
import { ColumnMapTally } from './column-map-tally';
import type { ColumnMapTallyJSON } from './column-map-tally';
import { DistinctValues } from './distinct-values';
import { ExpectationError } from './kwargs';
import { Cell } from './plan';
import type { Plan } from './plan';
import type { ExpectationConfig } from './suite';

export type Planned =
  { config: ExpectationConfig; plan: Plan } | { config: ExpectationConfig; error: string };

export function planExpectation(config: ExpectationConfig): Planned {
  const planner = EXPECTATIONS[config.expectation_type];
  if (!planner) return { config, error: `unknown expectation type "${config.expectation_type}"` };
  try {
    return { config, plan: planner(config.kwargs) };
  } catch (error) {
    if (error instanceof ExpectationError) return { config, error: error.message };
    throw error;
  }
}

/** Whether the cell checks of these plans can run on shards and merge (no rule needs file order). */
export function canSplitCellPass(planned: readonly Planned[]): boolean {
  return planned.every(
    (entry) => !('plan' in entry) || entry.plan.scope !== 'column_map' || !entry.plan.inFileOrder,
  );
}

/** What a CellPass found in one shard: tallies by position in the suite, distinct sets by column. */
export interface CellPassJSON {
  tallies: (ColumnMapTallyJSON | null)[];
  /** Per column, as [name, values] pairs: column names are data, never object keys. */
  distinct: [string, { entries: [string, string | number | boolean][]; overflowed: boolean }][];
}

interface ColumnWork {
  index: number;
  tallies: ColumnMapTally[];
  /** Each tally's expectation's position in the suite (the key of its verdicts in CodeMemos). */
  positions: number[];
  distinct: DistinctValues | undefined;
}

/**
 * What a pass has decided about dictionary ids, by dictionary: each expectation's verdict on each text
 * (by the expectation's position in the suite), and which texts a distinct-value set has been offered.
 * Ids stay the same for a dictionary's life, so this outlives a CellPass: a sharded pass's lane keeps
 * one for all its shards (each shard's CellPass is new), and decides each distinct text once.
 */
export class CodeMemos {
  private readonly byDictionary = new WeakMap<TextDictionary, Map<number, Uint8Array>>();

  /** The memo for key `key` (≥ 0: an expectation's position; DISTINCT_OFFERED), one byte per id. */
  get(dictionary: TextDictionary, key: number): Uint8Array {
    let memos = this.byDictionary.get(dictionary);
    if (!memos) this.byDictionary.set(dictionary, (memos = new Map()));
    let memo = memos.get(key);
    if (!memo) memos.set(key, (memo = new Uint8Array(dictionary.limit)));
    return memo;
  }
}

/** CodeMemos' key for the texts a column's distinct-value set has seen. */
const DISTINCT_OFFERED = -1;

/** Feeds each batch's cells to the column map tallies and distinct-value sets, one column scan each. */
export class CellPass implements ScannedColumnObserver {
  readonly tallies = new Map<ExpectationConfig, ColumnMapTally>();
  readonly distinct = new Map<string, DistinctValues>();
  private byColumn: ColumnWork[] | null = null;
  private readonly groupOf = new Map<number, ColumnWork>();
  private rowsBefore = 0;
  private types = new Uint8Array(0);
  private values = new Float64Array(0);
  private readonly cell = new Cell();

  constructor(
    private readonly planned: readonly Planned[],
    private readonly memos = new CodeMemos(),
  ) {}

  /** Checks every cell of a batch, scanning the columns it needs. */
  add(batch: DataBatch): void {
    this.endBatch(batch, []);
  }

  /**
   * Checks the cells of one column the caller has just classified (BatchProfiler's scan); when they
   * come `coded` by a dictionary, each rule that decides by the cell alone runs once per distinct text.
   */
  column(
    batch: DataBatch,
    index: number,
    types: Uint8Array,
    values: Float64Array,
    coded: CodedCells | null = null,
  ): void {
    this.bind(batch.columns);
    const group = this.groupOf.get(index);
    if (!group) return;
    if (coded && group.tallies.every((tally) => tally.decidesByText))
      this.checkCoded(batch, group, types, values, coded);
    else this.check(batch, group, types, values);
  }

  /** Checks the columns not `shown` through `column`, then moves on to the next batch's rows. */
  endBatch(batch: DataBatch, shown: readonly number[]): void {
    this.bind(batch.columns);
    if (this.types.length < batch.length) {
      this.types = new Uint8Array(batch.length);
      this.values = new Float64Array(batch.length);
    }
    const seen = new Set(shown); // not includes per column: wide files stay linear
    for (const group of this.byColumn ?? []) {
      if (seen.has(group.index)) continue;
      batch.scanColumn(group.index, this.types, this.values);
      this.check(batch, group, this.types, this.values);
    }
    this.rowsBefore += batch.length;
  }

  private check(batch: DataBatch, group: ColumnWork, types: Uint8Array, values: Float64Array): void {
    const { cell } = this;
    const { index, tallies, distinct } = group;
    for (let row = 0; row < batch.length; row++) {
      cell.moveTo(batch, index, row, types[row] as CellType, values[row] as number, this.rowsBefore + row);
      for (const tally of tallies) tally.add(cell);
      distinct?.add(cell.type, cell.value, () => cell.text);
    }
  }

  /**
   * `check` with each text's verdicts kept by id: a regex or a set lookup per cell would need a string
   * per cell and repeat the same work for every repeat of a text; here they run once per distinct text
   * in each lane.
   */
  private checkCoded(
    batch: DataBatch,
    group: ColumnWork,
    types: Uint8Array,
    values: Float64Array,
    { codes, dictionary }: CodedCells,
  ): void {
    const { cell } = this;
    const { index, tallies, distinct } = group;
    const verdicts = group.positions.map((position) => this.memos.get(dictionary, position));
    const offered = distinct ? this.memos.get(dictionary, DISTINCT_OFFERED) : null;
    for (let row = 0; row < batch.length; row++) {
      const code = codes[row] as number;
      cell.moveTo(batch, index, row, types[row] as CellType, values[row] as number, this.rowsBefore + row);
      for (let t = 0; t < tallies.length; t++) {
        (tallies[t] as ColumnMapTally).addCoded(cell, code, verdicts[t] as Uint8Array);
      }
      if (offered !== null && offered[code] === 0) {
        // A set offered a text once has it (or has overflowed, which offering it again would only repeat).
        offered[code] = 1;
        distinct?.add(cell.type, cell.value, () => cell.text);
      }
    }
  }

  toJSON(): CellPassJSON {
    const distinct: CellPassJSON['distinct'] = [];
    for (const [column, values] of this.distinct) {
      distinct.push([column, { entries: values.entries(), overflowed: values.overflowed }]);
    }
    return {
      tallies: this.planned.map((entry) => this.tallies.get(entry.config)?.toJSON() ?? null),
      distinct,
    };
  }

  /** Adds the next shard's findings, in data order; `rowsBefore` and `firstLine` place its cells. */
  absorb(shard: CellPassJSON, columns: readonly string[], rowsBefore: number, firstLine: number): void {
    this.bind(columns);
    this.planned.forEach((entry, position) => {
      const tally = shard.tallies[position];
      if (tally) this.tallies.get(entry.config)?.absorb(tally, rowsBefore, firstLine);
    });
    for (const [column, { entries, overflowed }] of shard.distinct) {
      this.distinct.get(column)?.absorb(entries, overflowed);
    }
  }

  /** Groups the work by column once the columns are known; plans naming absent columns get no work. */
  bind(columns: readonly string[]): void {
    if (this.byColumn) return;
    // Each name's first position, looked up once (not indexOf per plan: wide files stay linear).
    const indexOf = new Map<string, number>();
    columns.forEach((name, index) => {
      if (!indexOf.has(name)) indexOf.set(name, index);
    });
    const groups = new Map<string, ColumnWork>();
    const group = (name: string) => {
      let entry = groups.get(name);
      if (!entry)
        groups.set(
          name,
          (entry = { index: indexOf.get(name)!, tallies: [], positions: [], distinct: undefined }),
        );
      return entry;
    };
    for (const [position, entry] of this.planned.entries()) {
      if (!('plan' in entry) || entry.plan.scope === 'table' || !indexOf.has(entry.plan.column)) continue;
      const target = group(entry.plan.column);
      if (entry.plan.scope === 'column_map') {
        const tally = new ColumnMapTally(entry.plan);
        this.tallies.set(entry.config, tally);
        target.tallies.push(tally);
        target.positions.push(position);
      } else if (entry.plan.needsDistinct && !target.distinct) {
        target.distinct = new DistinctValues();
        this.distinct.set(entry.plan.column, target.distinct);
      }
    }
    this.byColumn = [...groups.values()];
    for (const group of this.byColumn) this.groupOf.set(group.index, group);
  }
}
