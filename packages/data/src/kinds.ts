import type { DataBatch } from './batch';
import { CellParser, CellType } from './cells';
import { columnRecord, ownEntry } from './column-record';
import { openDataset } from './dataset';
import type { Dataset, ReadOptions } from './dataset';

/** What a column holds, which decides how it is profiled, validated and fed to a model. */
export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text';

export const COLUMN_KINDS: readonly ColumnKind[] = ['numeric', 'categorical', 'boolean', 'datetime', 'text'];

/** What was seen in one column, from which its kind is decided. */
export interface KindEvidence {
  /** Cells of each CellType, indexed by CellType. */
  readonly typeCounts: ArrayLike<number>;
  /** Distinct texts among the string cells (counting stops at DISTINCT_CAP). */
  readonly distinctStrings: number;
  /** Mean length of the string cells. */
  readonly meanStringLength: number;
  /** String cells containing a space. */
  readonly stringsWithSpaces: number;
}

const DISTINCT_CAP = 10_000;
/** Strings this long on average are prose, not labels. */
const TEXT_MEAN_LENGTH = 40;

/**
 * Decides a column's kind from its cells:
 * - no non-null cell: categorical;
 * - every non-null cell a boolean: boolean; every one a number: numeric; every one an ISO datetime: datetime;
 * - otherwise (strings, or a mix such as numbers with a few "?" ) the column falls back to text when its
 *   strings are long (mean ≥ 40 characters) or mostly distinct phrases with spaces, else categorical.
 */
export function inferKind(evidence: KindEvidence): ColumnKind {
  const counts = evidence.typeCounts;
  const count = (type: CellType) => counts[type] ?? 0;
  const numeric = count(CellType.Integer) + count(CellType.Fractional);
  const nonNull = numeric + count(CellType.Boolean) + count(CellType.Datetime) + count(CellType.String);
  if (nonNull === 0) return 'categorical';
  if (count(CellType.Boolean) === nonNull) return 'boolean';
  if (numeric === nonNull) return 'numeric';
  if (count(CellType.Datetime) === nonNull) return 'datetime';
  const strings = count(CellType.String);
  if (strings > 0) {
    if (evidence.meanStringLength >= TEXT_MEAN_LENGTH) return 'text';
    const mostlyDistinct = evidence.distinctStrings > 0.5 * Math.min(strings, DISTINCT_CAP);
    if (mostlyDistinct && evidence.stringsWithSpaces > 0.5 * strings && strings >= 20) return 'text';
  }
  return 'categorical';
}

/** Gathers kind evidence from batches, e.g. the first rows of a dataset. */
export class KindSampler {
  rows = 0;
  private readonly typeCounts: Float64Array[];
  private readonly distinct: Set<string>[];
  private readonly stringLength: Float64Array;
  private readonly withSpaces: Float64Array;
  private types = new Uint8Array(0);
  private values = new Float64Array(0);

  constructor(readonly columns: readonly string[]) {
    this.typeCounts = columns.map(() => new Float64Array(6));
    this.distinct = columns.map(() => new Set<string>());
    this.stringLength = new Float64Array(columns.length);
    this.withSpaces = new Float64Array(columns.length);
  }

  /** Adds the first `maxRows` rows of a batch. */
  addBatch(batch: DataBatch, maxRows = batch.length): void {
    const rows = Math.min(maxRows, batch.length);
    if (this.types.length < rows) {
      this.types = new Uint8Array(rows);
      this.values = new Float64Array(rows);
    }
    for (let column = 0; column < this.columns.length; column++) {
      // Only the rows sampled: a batch may hold more rows than the sample wants.
      batch.scanColumn(column, this.types, this.values, rows);
      const counts = this.typeCounts[column] as Float64Array;
      const distinct = this.distinct[column] as Set<string>;
      for (let row = 0; row < rows; row++) {
        const type = this.types[row] as CellType;
        counts[type] = (counts[type] as number) + 1;
        if (type !== CellType.String) continue;
        const text = batch.text(row, column);
        this.stringLength[column] = (this.stringLength[column] as number) + text.length;
        if (text.includes(' ')) this.withSpaces[column] = (this.withSpaces[column] as number) + 1;
        if (distinct.size < DISTINCT_CAP) distinct.add(text);
      }
    }
    this.rows += rows;
  }

  evidence(column: number): KindEvidence {
    const typeCounts = this.typeCounts[column] as Float64Array;
    const strings = typeCounts[CellType.String] as number;
    return {
      typeCounts,
      distinctStrings: (this.distinct[column] as Set<string>).size,
      meanStringLength: strings > 0 ? (this.stringLength[column] as number) / strings : 0,
      stringsWithSpaces: this.withSpaces[column] as number,
    };
  }

  /** Kind of every column; `overrides` win, and naming a column that does not exist is an error. */
  kinds(overrides: Readonly<Record<string, ColumnKind>> = {}): Record<string, ColumnKind> {
    checkOverrides(overrides, this.columns);
    const kinds = columnRecord<ColumnKind>();
    this.columns.forEach((name, column) => {
      kinds[name] = ownEntry(overrides, name) ?? inferKind(this.evidence(column));
    });
    return kinds;
  }
}

export function checkOverrides(
  overrides: Readonly<Record<string, ColumnKind>>,
  columns: readonly string[],
): void {
  for (const [name, kind] of Object.entries(overrides)) {
    if (!columns.includes(name)) {
      throw new Error(
        `a kind is given for column "${name}", which the data does not have (columns: ${columns.join(', ')})`,
      );
    }
    if (!COLUMN_KINDS.includes(kind)) {
      throw new Error(`unknown kind "${kind}" for column "${name}" — use one of ${COLUMN_KINDS.join(', ')}`);
    }
  }
}

export interface InferKindsOptions extends ReadOptions {
  /** Rows read to decide; default 10,000. */
  readonly sampleRows?: number;
  /** Kinds given by the user, which win over inference. */
  readonly kinds?: Readonly<Record<string, ColumnKind>>;
}

/** Reads the first `sampleRows` rows of a dataset and decides each column's kind. */
export async function inferKinds(
  data: Dataset | string | readonly string[],
  options: InferKindsOptions = {},
): Promise<Record<string, ColumnKind>> {
  const dataset =
    typeof data === 'string' || Array.isArray(data)
      ? await openDataset(data as string | string[], options)
      : (data as Dataset);
  return (await sampleKinds(dataset, options.sampleRows)).kinds(options.kinds);
}

/** The kind evidence of a dataset's first `sampleRows` rows (all of them when it has fewer). */
export async function sampleKinds(dataset: Dataset, sampleRows = 10_000): Promise<KindSampler> {
  let sampler: KindSampler | null = null;
  for await (const batch of dataset) {
    sampler ??= new KindSampler(batch.columns);
    sampler.addBatch(batch, sampleRows - sampler.rows);
    if (sampler.rows >= sampleRows) break;
  }
  return sampler ?? new KindSampler(dataset.columns ?? []);
}

/** A cell's value read as a kind: number for numeric and datetime (epoch ms), boolean, or the text. */
export type ParsedValue = number | boolean | string | null;

const defaultParser = new CellParser();

/**
 * Parses one cell's text as `kind`: null for a null token, undefined when the text is not a value of
 * that kind (e.g. "abc" as numeric).
 */
export function parseValue(
  text: string | null,
  kind: ColumnKind,
  parser: CellParser = defaultParser,
): ParsedValue | undefined {
  if (text === null) return null;
  const type = parser.classify(text);
  if (type === CellType.Null) return null;
  switch (kind) {
    case 'numeric':
      return type === CellType.Integer || type === CellType.Fractional ? parser.value : undefined;
    case 'datetime':
      return type === CellType.Datetime ? parser.value : undefined;
    case 'boolean':
      return type === CellType.Boolean ? parser.value === 1 : undefined;
    default:
      return text;
  }
}
