import { CELL_TYPE_NAMES, CellType, COLUMN_KINDS, TextDictionary } from '@mlops-actions/data';
import type { CellTypeName, ColumnKind, DataBatch } from '@mlops-actions/data';
import { detachString, expectJson } from '../sketches/encoding';
import { AlignedHistogram, FixedHistogram, histogramFromJSON } from '../sketches/histogram';
import type { Histogram, HistogramJSON } from '../sketches/histogram';
import { HyperLogLog } from '../sketches/hyperloglog';
import type { HyperLogLogJSON } from '../sketches/hyperloglog';
import { KllSketch } from '../sketches/kll';
import type { KllJSON } from '../sketches/kll';
import { Moments } from '../sketches/moments';
import type { MomentsJSON } from '../sketches/moments';
import { deriveSeed } from '../metrics/numerics/seeded-random';
import { Reservoir } from '../sketches/reservoir';
import type { ReservoirJSON, SampleValue } from '../sketches/reservoir';
import { SpaceSaving } from '../sketches/space-saving';
import type { FrequentItem, SpaceSavingJSON } from '../sketches/space-saving';
import { ValueCounts } from '../sketches/value-counts';

/** Sizes of the sketches; the defaults are at least as precise as whylogs' (KLL k 1024, HLL lgK 12, 128 items). */
export interface SketchOptions {
  /** KLL parameter k; default 1024 (rank error ≈ 0.27%). */
  readonly quantileK?: number;
  /** HyperLogLog log2(registers); default 12 (relative error ≈ 1.6% past the exact range). */
  readonly distinctLgK?: number;
  /** Space-Saving counters; default 256 (count error ≤ n/256). */
  readonly frequentCapacity?: number;
  /** Values kept in the uniform sample; default 1024. */
  readonly sampleSize?: number;
  /** Most bins of a histogram whose edges the data chooses; default 32. */
  readonly histogramBins?: number;
  /** Seed of every random choice; the same data and seed give the same profile. Default 1. */
  readonly seed?: number;
}

export const DEFAULT_SKETCH_OPTIONS: Required<SketchOptions> = {
  quantileK: 1024,
  distinctLgK: 12,
  frequentCapacity: 256,
  sampleSize: 1024,
  histogramBins: 32,
  seed: 1,
};

/**
 * A batch's cells of one column as ids of the column's TextDictionary (`codes[row]`), so that a caller
 * checking cells (validate) can decide once per distinct text. Ids stay the same for the dictionary's
 * life.
 */
export interface CodedCells {
  codes: Int32Array;
  dictionary: TextDictionary;
}

/** Distinct numbers a numeric or datetime column counts exactly before it feeds its sketches per cell. */
const COUNTED_VALUES = 4096;

/**
 * Distinct texts (and bytes of them) a categorical or text column counts exactly, through its
 * dictionary, before it is read cell by cell: a few MiB at most, and most columns that are not unique
 * keys fit.
 */
const DICTIONARY_TEXTS = 1 << 16;
const DICTIONARY_BYTES = 1 << 20;

/** Longer strings are cut to this length in the sample, which is for tests on values, not for prose. */
const SAMPLE_TEXT_LENGTH = 256;

export type TypeCounts = Record<CellTypeName, number>;

/** Figures read straight from the sketches, for people and reports; ignored when reading a profile back. */
export interface ColumnSummary {
  distinct: number;
  nullShare: number;
  min?: number | string | null;
  max?: number | string | null;
  mean?: number | null;
  stddev?: number | null;
  p25?: number | string | null;
  median?: number | string | null;
  p75?: number | string | null;
  mostFrequent?: { value: string; count: number }[];
}

export interface ColumnProfileJSON {
  kind: ColumnKind;
  /** Cells seen, nulls included. */
  count: number;
  nulls: number;
  /** Cells of each type, whatever the kind: a numeric column with a few "n/a" strings shows them here. */
  types: TypeCounts;
  summary: ColumnSummary;
  distinct: HyperLogLogJSON;
  sample: ReservoirJSON;
  /** Numeric and datetime kinds (datetimes as epoch milliseconds): over the cells of that type. */
  moments?: MomentsJSON;
  histogram?: HistogramJSON;
  quantiles?: KllJSON;
  /** Categorical, boolean and text kinds: every non-null cell; numeric and datetime: cells of other types. */
  frequent?: SpaceSavingJSON;
  /** Categorical and text kinds: lengths of the values. */
  lengths?: MomentsJSON;
}

/** The empty scratch every column starts with (replaced when first used): one per column adds up in wide files. */
const NO_NUMBERS = new Float64Array(0);
const NO_CODES = new Int32Array(0);

const STRING_KINDS: ReadonlySet<ColumnKind> = new Set(['categorical', 'text', 'boolean']);

/**
 * Everything a profile keeps about one column, filled batch by batch and mergeable:
 * count, nulls and cell-type counts, a distinct-count sketch and a uniform sample for every kind;
 * moments, a histogram and a quantile sketch for numeric and datetime columns; frequent values (and
 * value lengths) for categorical, boolean and text columns.
 */
export class ColumnProfile {
  count = 0;
  readonly typeCounts = new Float64Array(CELL_TYPE_NAMES.length);
  distinct: HyperLogLog;
  sample: Reservoir;
  /**
   * For string kinds, distinct values are hashed only once the frequent-value summary can no longer
   * hold them all: until then its keys are exactly the distinct values (an HLL depends only on the set).
   */
  private distinctDeferred: boolean;
  private readonly options: Required<SketchOptions>;
  private quantileSketch?: KllSketch;
  /**
   * Numeric and datetime kinds: exact counts while the column has at most COUNTED_VALUES distinct
   * numbers; they reach the quantile sketch (as weighted items) when it is read, and each distinct
   * number reaches the distinct-count sketch once. Null once a column has more.
   */
  private valueCounts: ValueCounts | null = null;
  private frequentSummary?: SpaceSaving;
  private textLengths?: Moments;
  private momentsState?: Moments;
  private histogramState?: Histogram;
  /**
   * The column's distinct texts while few (categorical and text kinds: 65,536; datetime: 4,096), with
   * exact counts (`textCounts` by id) that reach the summaries when they are read (settleTexts); null
   * once the column has more (see countCodes, countNumberCodes). Not for numeric columns: a short number
   * parses faster than it is looked up in a dictionary.
   */
  private dictionary: TextDictionary | null = null;
  private textCounts = NO_NUMBERS;
  private textsCounted = false;
  private codes = NO_CODES;
  /** Scratch: the codes of a batch's non-null cells (the sample picks among them). */
  private presentCodes = NO_CODES;
  private coded: CodedCells | null = null;
  /**
   * The last batch's cells as dictionary ids, row by row, when the batch was coded (see CodedCells);
   * null when it was read cell by cell.
   */
  lastCoded: CodedCells | null = null;
  /** Scratch: a batch's values of the column's own type, in row order. */
  private dense = NO_NUMBERS;

  constructor(
    readonly name: string,
    readonly kind: ColumnKind,
    options: SketchOptions = {},
    histogramEdges?: ArrayLike<number>,
  ) {
    if (!COLUMN_KINDS.includes(kind)) throw new Error(`unknown kind "${kind}" for column "${name}"`);
    this.options = { ...DEFAULT_SKETCH_OPTIONS, ...options };
    const { seed } = this.options;
    this.distinct = new HyperLogLog(this.options.distinctLgK);
    this.sample = new Reservoir(this.options.sampleSize, deriveSeed(seed, `${name}/sample`));
    this.distinctDeferred = STRING_KINDS.has(kind);
    if (kind === 'numeric' || kind === 'datetime') {
      this.momentsState = new Moments();
      this.histogramState = histogramEdges
        ? new FixedHistogram(histogramEdges)
        : new AlignedHistogram(this.options.histogramBins);
      // A date is costlier to parse than to look up.
      if (kind === 'datetime') this.dictionary = new TextDictionary(COUNTED_VALUES, DICTIONARY_BYTES);
      this.quantileSketch = new KllSketch(this.options.quantileK, deriveSeed(seed, `${name}/quantiles`));
      this.valueCounts = new ValueCounts(COUNTED_VALUES);
    } else {
      this.frequentSummary = new SpaceSaving(this.options.frequentCapacity);
      if (kind !== 'boolean') {
        this.textLengths = new Moments();
        this.dictionary = new TextDictionary(DICTIONARY_TEXTS, DICTIONARY_BYTES);
      }
    }
  }

  /**
   * Frequent values: every non-null cell of categorical, boolean and text kinds; cells of other types
   * in numeric and datetime columns (absent while there are none).
   */
  get frequent(): SpaceSaving | undefined {
    this.settleTexts();
    return this.frequentSummary;
  }

  set frequent(summary: SpaceSaving | undefined) {
    this.settleTexts();
    this.frequentSummary = summary;
  }

  /** Numeric and datetime kinds (datetimes as epoch milliseconds): over the cells of that type. */
  get moments(): Moments | undefined {
    this.settleTexts();
    return this.momentsState;
  }

  set moments(moments: Moments | undefined) {
    this.settleTexts();
    this.momentsState = moments;
  }

  /** Numeric and datetime kinds: over the cells of that type. */
  get histogram(): Histogram | undefined {
    this.settleTexts();
    return this.histogramState;
  }

  set histogram(histogram: Histogram | undefined) {
    this.settleTexts();
    this.histogramState = histogram;
  }

  /** Categorical and text kinds: lengths of the non-null values (in UTF-16 code units, as JavaScript). */
  get lengths(): Moments | undefined {
    this.settleTexts();
    return this.textLengths;
  }

  set lengths(moments: Moments | undefined) {
    this.settleTexts();
    this.textLengths = moments;
  }

  /**
   * Moves the exact text counts into the frequent-value summary (the largest with their counts, see
   * SpaceSaving.fromCounts) and every counted text into the distinct-count sketch; counting goes on.
   */
  private settleTexts(): void {
    const dictionary = this.dictionary;
    if (dictionary === null || !this.textsCounted) return;
    this.textsCounted = false;
    if (this.kind === 'numeric' || this.kind === 'datetime') {
      this.settleNumberCodes(dictionary);
      return;
    }
    const texts: string[] = [];
    const counts: number[] = [];
    const textCounts = this.textCounts;
    const lengths = this.textLengths as Moments;
    for (let id = 0; id < dictionary.size; id++) {
      const count = textCounts[id] as number;
      if (count === 0) continue;
      const text = dictionary.values[id] as string;
      texts.push(text);
      counts.push(count);
      lengths.addWeighted(dictionary.textLength(id), count);
      textCounts[id] = 0;
      this.distinct.addString(text);
    }
    const counted = SpaceSaving.fromCounts(texts, counts, this.options.frequentCapacity);
    const frequent = this.frequentSummary;
    this.frequentSummary = frequent === undefined || frequent.n === 0 ? counted : frequent.merge(counted);
  }

  /**
   * A datetime (or numeric) column's exact counts by text into its summaries: each distinct value once,
   * with its count — moments and histogram weighted, the quantile sketch by `addCounts` (no error of its
   * own), the distinct-count sketch once; texts of other types to the frequent values.
   */
  private settleNumberCodes(dictionary: TextDictionary): void {
    const [valueType, otherValueType] = this.valueTypes();
    const moments = this.momentsState as Moments;
    const histogram = this.histogramState as Histogram;
    const values: number[] = [];
    const counts: number[] = [];
    const textCounts = this.textCounts;
    for (let id = 0; id < dictionary.size; id++) {
      const count = textCounts[id] as number;
      if (count === 0) continue;
      textCounts[id] = 0;
      const type = dictionary.typeOf(id);
      if (type === valueType || type === otherValueType) {
        const value = dictionary.valueOf(id);
        moments.addWeighted(value, count);
        histogram.addWeighted(value, count);
        this.distinct.addNumber(value);
        values.push(value);
        counts.push(count);
      } else {
        const text = dictionary.values[id] as string;
        (this.frequentSummary ??= new SpaceSaving(this.options.frequentCapacity)).add(text, count);
        this.distinct.addString(text);
      }
    }
    this.quantileSketch?.addCounts(Float64Array.from(values), Float64Array.from(counts));
  }

  /** The cell types a numeric or datetime column summarizes as numbers. */
  private valueTypes(): [CellType, CellType] {
    return this.kind === 'datetime'
      ? [CellType.Datetime, CellType.Datetime]
      : [CellType.Integer, CellType.Fractional];
  }

  private denseScratch(length: number): Float64Array {
    if (this.dense.length < length) this.dense = new Float64Array(length);
    return this.dense;
  }

  /** Numeric and datetime kinds: the quantile sketch, with every value added so far. */
  get quantiles(): KllSketch | undefined {
    this.settleTexts();
    this.settleCounts();
    return this.quantileSketch;
  }

  set quantiles(sketch: KllSketch | undefined) {
    this.settleTexts();
    this.settleCounts();
    this.quantileSketch = sketch;
  }

  /** Moves the exact counts into the quantile sketch (counting goes on afresh). */
  private settleCounts(): void {
    if (this.valueCounts === null || this.valueCounts.distinct === 0) return;
    const { values, counts } = this.valueCounts.take();
    this.quantileSketch?.addCounts(values, counts);
  }

  get nulls(): number {
    return this.typeCounts[CellType.Null] as number;
  }

  /**
   * True when `addBatch` would look the batch's cells up in the column's dictionary; false when it
   * scans them (`scanColumn`), which a caller may do for several columns at once (`scanColumns`).
   */
  looksUpCells(batch: DataBatch): boolean {
    const numbers = this.kind === 'numeric' || this.kind === 'datetime';
    // Numbers only by bytes: making a string of every JSON or Parquet number would cost more than it saves.
    return (
      this.dictionary !== null &&
      batch.codeColumn !== undefined &&
      (!numbers || batch.codesFromBytes === true)
    );
  }

  /**
   * Adds one column of a batch. `types` and `values` are scratch arrays of at least batch.length,
   * reused across calls so that the loop allocates nothing for numeric cells; `scanned` when they hold
   * the column's `scanColumn` already (given only where `looksUpCells` is false).
   */
  addBatch(batch: DataBatch, column: number, types: Uint8Array, values: Float64Array, scanned = false): void {
    this.count += batch.length;
    this.lastCoded = null;
    const dictionary = this.dictionary;
    if (!scanned && dictionary !== null && this.looksUpCells(batch)) {
      if (this.codes.length < batch.length) this.codes = new Int32Array(batch.length);
      if (batch.codeColumn!(column, types, values, this.codes, dictionary)) {
        if (this.kind === 'numeric' || this.kind === 'datetime')
          this.countNumberCodes(batch.length, types, values, dictionary);
        else this.countCodes(batch.length, types, dictionary);
        this.coded ??= { codes: this.codes, dictionary };
        this.coded.codes = this.codes;
        this.coded.dictionary = dictionary;
        this.lastCoded = this.coded;
        return;
      }
      // More distinct texts than a dictionary is worth: cell by cell from here on (this batch included).
      this.settleTexts();
      this.dictionary = null;
    }
    if (!scanned) batch.scanColumn(column, types, values);
    if (this.kind === 'numeric')
      this.addNumbers(batch, column, types, values, CellType.Integer, CellType.Fractional);
    else if (this.kind === 'datetime')
      this.addNumbers(batch, column, types, values, CellType.Datetime, CellType.Datetime);
    else if (this.kind === 'boolean') this.addBooleans(batch, column, types, values);
    else this.addStrings(batch, column, types);
  }

  /**
   * A numeric or datetime column, column-wise: the batch's values of the column's type are gathered in
   * row order, then each summary takes them all at once (moments in two passes, histogram and quantile
   * sketch in bulk, the sample jumping to the values it keeps): the same summaries as cell by cell,
   * without a call into every summary for every value.
   */
  private addNumbers(
    batch: DataBatch,
    column: number,
    types: Uint8Array,
    values: Float64Array,
    valueType: CellType,
    otherValueType: CellType,
  ): void {
    const dense = this.denseScratch(batch.length);
    const { distinct, sample, typeCounts } = this;
    let found = 0;
    // The moments' and histogram's sum, min and max, taken in this pass rather than three more each.
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let row = 0; row < batch.length; row++) {
      const type = types[row] as CellType;
      typeCounts[type]!++;
      if (type === valueType || type === otherValueType) {
        const value = values[row] as number;
        dense[found++] = value;
        sum += value;
        if (value < min) min = value;
        if (value > max) max = value;
      } else if (type !== CellType.Null) {
        const text = batch.text(row, column);
        (this.frequentSummary ??= new SpaceSaving(this.options.frequentCapacity)).add(text);
        distinct.addString(text);
      }
    }
    if (found === 0) return;
    (this.momentsState as Moments).addMany(dense, 0, found, sum, min, max);
    (this.histogramState as Histogram).addMany(dense, 0, found, min, max);
    let sketched = 0;
    const counts = this.valueCounts;
    if (counts !== null) {
      for (; sketched < found; sketched++) {
        const seen = counts.add(dense[sketched] as number);
        if (seen === 1) distinct.addNumber(dense[sketched] as number);
        else if (seen < 0) {
          // Too many distinct values to count: from here on every value goes to the sketches.
          this.settleCounts();
          this.valueCounts = null;
          break;
        }
      }
    }
    if (sketched < found) {
      (this.quantileSketch as KllSketch).addMany(dense, sketched, found);
      distinct.addNumbers(dense, sketched, found);
    }
    sample.offerMany(found, (i, slot) => sample.set(slot, dense[i] as number));
  }

  /**
   * A datetime batch coded through the dictionary (few distinct dates): per cell only a count, and the
   * sample's offer; the summaries take each distinct value
   * once, with its count, when they are read (settleNumberCodes) — the same summaries, with the quantile
   * sketch's error only from the values' weights, as `addCounts` adds them.
   */
  private countNumberCodes(
    length: number,
    types: Uint8Array,
    values: Float64Array,
    dictionary: TextDictionary,
  ): void {
    const { codes, sample, typeCounts } = this;
    const [valueType, otherValueType] = this.valueTypes();
    const counts = this.countsFor(dictionary);
    const dense = this.denseScratch(length);
    let found = 0;
    for (let row = 0; row < length; row++) {
      const type = types[row] as CellType;
      typeCounts[type]!++;
      if (type === CellType.Null) continue;
      counts[codes[row] as number]!++;
      if (type === valueType || type === otherValueType) dense[found++] = values[row] as number;
    }
    this.textsCounted = true;
    if (found > 0) sample.offerMany(found, (i, slot) => sample.set(slot, dense[i] as number));
  }

  /** The exact counts by text id, grown to the dictionary's size. */
  private countsFor(dictionary: TextDictionary): Float64Array {
    if (this.textCounts.length < dictionary.size) {
      const grown = new Float64Array(Math.min(dictionary.limit, Math.max(64, dictionary.size * 2)));
      grown.set(this.textCounts);
      this.textCounts = grown;
    }
    return this.textCounts;
  }

  private addBooleans(batch: DataBatch, column: number, types: Uint8Array, values: Float64Array): void {
    const frequent = this.frequentSummary as SpaceSaving;
    for (let row = 0; row < batch.length; row++) {
      const type = types[row] as CellType;
      this.typeCounts[type]!++;
      if (type === CellType.Null) continue;
      if (type === CellType.Boolean) {
        const value = values[row] === 1;
        this.addText(frequent, value ? 'true' : 'false');
        const slot = this.sample.offer();
        if (slot >= 0) this.sample.set(slot, value);
      } else {
        this.addText(frequent, batch.text(row, column));
      }
    }
  }

  private addStrings(batch: DataBatch, column: number, types: Uint8Array): void {
    const frequent = this.frequentSummary as SpaceSaving;
    const lengths = this.textLengths as Moments;
    const sample = this.sample;
    for (let row = 0; row < batch.length; row++) {
      const type = types[row] as CellType;
      this.typeCounts[type]!++;
      if (type === CellType.Null) continue;
      const text = batch.text(row, column);
      this.addText(frequent, text);
      lengths.add(text.length);
      const slot = sample.offer();
      if (slot >= 0) sample.set(slot, detachString(text.slice(0, SAMPLE_TEXT_LENGTH)));
    }
  }

  /**
   * A batch coded through the dictionary: per cell only a count; the summaries (frequent values,
   * distinct count, lengths) take each distinct text once, with its count, when they are read
   * (settleTexts). While the column has no more distinct values than the frequent-value summary holds,
   * that summary is the same as cell by cell; with more, it keeps the largest counts exactly instead of
   * Space-Saving's overestimates.
   */
  private countCodes(length: number, types: Uint8Array, dictionary: TextDictionary): void {
    const { codes, sample, typeCounts } = this;
    const counts = this.countsFor(dictionary);
    if (this.presentCodes.length < length) this.presentCodes = new Int32Array(length);
    const present = this.presentCodes;
    let found = 0;
    for (let row = 0; row < length; row++) {
      const type = types[row] as CellType;
      typeCounts[type]!++;
      if (type === CellType.Null) continue;
      const code = codes[row] as number;
      counts[code]!++;
      present[found++] = code;
    }
    if (found === 0) return;
    this.textsCounted = true;
    const texts = dictionary.values;
    sample.offerMany(found, (i, slot) =>
      sample.set(slot, (texts[present[i] as number] as string).slice(0, SAMPLE_TEXT_LENGTH)),
    );
  }

  private addText(frequent: SpaceSaving, text: string, weight = 1): void {
    if (this.distinctDeferred) {
      if (frequent.isFull && !frequent.has(text)) {
        this.settleDistinct();
        this.distinctDeferred = false;
        this.distinct.addString(text);
      }
    } else {
      this.distinct.addString(text);
    }
    frequent.add(text, weight);
  }

  /** Brings the distinct sketch up to date with values only the frequent-value summary has seen. */
  private settleDistinct(): void {
    this.settleTexts();
    if (!this.distinctDeferred || !this.frequentSummary) return;
    for (const item of this.frequentSummary.items()) this.distinct.addString(item.value);
  }

  /** Estimated distinct non-null values (exact while few). */
  distinctCount(): number {
    this.settleDistinct();
    return this.distinct.estimate();
  }

  typeCountsJSON(): TypeCounts {
    const counts = {} as TypeCounts;
    CELL_TYPE_NAMES.forEach((name, type) => (counts[name] = this.typeCounts[type] as number));
    return counts;
  }

  merge(other: ColumnProfile): this {
    if (other.kind !== this.kind) {
      throw new Error(
        `column "${this.name}" is ${this.kind} in one profile and ${other.kind} in the other — profile both with the same kinds (give kinds, or a reference profile)`,
      );
    }
    this.settleDistinct();
    other.settleDistinct();
    this.count += other.count;
    this.typeCounts.forEach((_, type) => (this.typeCounts[type]! += other.typeCounts[type] as number));
    this.distinct.merge(other.distinct);
    this.sample.merge(other.sample);
    if (this.moments && other.moments) this.moments.merge(other.moments);
    if (this.quantiles && other.quantiles) this.quantiles.merge(other.quantiles);
    if (this.histogram && other.histogram) mergeHistograms(this.name, this.histogram, other.histogram);
    if (other.frequent) (this.frequent ??= new SpaceSaving(other.frequent.capacity)).merge(other.frequent);
    if (this.lengths && other.lengths) this.lengths.merge(other.lengths);
    this.distinctDeferred = STRING_KINDS.has(this.kind) && (this.frequent?.exact ?? false);
    return this;
  }

  summary(): ColumnSummary {
    const nonNull = this.count - this.nulls;
    const summary: ColumnSummary = {
      distinct: this.distinctCount(),
      nullShare: this.count > 0 ? this.nulls / this.count : 0,
    };
    if (this.moments && this.quantiles) {
      const asValue = (value: number) => (this.kind === 'datetime' ? isoDate(value) : value);
      const empty = this.moments.count === 0;
      summary.min = empty ? null : asValue(this.moments.min);
      summary.max = empty ? null : asValue(this.moments.max);
      summary.mean = empty ? null : this.moments.mean;
      summary.stddev = this.moments.count > 1 ? this.moments.standardDeviation() : null;
      summary.p25 = empty ? null : asValue(this.quantiles.quantile(0.25));
      summary.median = empty ? null : asValue(this.quantiles.quantile(0.5));
      summary.p75 = empty ? null : asValue(this.quantiles.quantile(0.75));
      if (this.kind === 'datetime') summary.mean = null;
    }
    if (this.frequent && nonNull > 0) {
      summary.mostFrequent = this.frequent
        .items(5)
        .map(({ value, count }: FrequentItem) => ({ value, count }));
    }
    return summary;
  }

  toJSON(): ColumnProfileJSON {
    this.settleDistinct();
    const json: ColumnProfileJSON = {
      kind: this.kind,
      count: this.count,
      nulls: this.nulls,
      types: this.typeCountsJSON(),
      summary: this.summary(),
      distinct: this.distinct.toJSON(),
      sample: this.sample.toJSON(),
    };
    if (this.moments) json.moments = this.moments.toJSON();
    if (this.histogram) json.histogram = this.histogram.toJSON();
    if (this.quantiles) json.quantiles = this.quantiles.toJSON();
    if (this.frequent) json.frequent = this.frequent.toJSON();
    if (this.lengths) json.lengths = this.lengths.toJSON();
    return json;
  }

  static fromJSON(name: string, json: ColumnProfileJSON): ColumnProfile {
    expectJson(
      COLUMN_KINDS.includes(json?.kind),
      `column "${name}" has an unknown kind ${JSON.stringify(json?.kind)}`,
    );
    const profile = new ColumnProfile(name, json.kind);
    profile.count = json.count;
    CELL_TYPE_NAMES.forEach((typeName, type) => (profile.typeCounts[type] = json.types?.[typeName] ?? 0));
    profile.distinct = HyperLogLog.fromJSON(json.distinct);
    profile.sample = Reservoir.fromJSON(json.sample);
    profile.moments = json.moments ? Moments.fromJSON(json.moments) : undefined;
    profile.histogram = json.histogram ? histogramFromJSON(json.histogram) : undefined;
    profile.quantiles = json.quantiles ? KllSketch.fromJSON(json.quantiles) : undefined;
    profile.frequent = json.frequent ? SpaceSaving.fromJSON(json.frequent) : undefined;
    profile.lengths = json.lengths ? Moments.fromJSON(json.lengths) : undefined;
    // The saved distinct sketch already holds every frequent value.
    profile.distinctDeferred = STRING_KINDS.has(json.kind) && (profile.frequent?.exact ?? false);
    return profile;
  }

  /** Sample values in the order kept (numbers for numeric/datetime, booleans, or strings). */
  sampleValues(): SampleValue[] {
    return this.sample.items.slice();
  }
}

function mergeHistograms(column: string, target: Histogram, source: Histogram): void {
  if (target instanceof FixedHistogram && source instanceof FixedHistogram) target.merge(source);
  else if (target instanceof AlignedHistogram && source instanceof AlignedHistogram) target.merge(source);
  else {
    throw new Error(
      `column "${column}" has a histogram with given edges in one profile and data-chosen edges in the other — profile both with the same edges`,
    );
  }
}

function isoDate(milliseconds: number): string {
  const date = new Date(milliseconds);
  return Number.isNaN(date.getTime()) ? String(milliseconds) : date.toISOString();
}
