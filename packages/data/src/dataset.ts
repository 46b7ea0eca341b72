import { columnRecord } from './column-record';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DataBatch } from './batch';
import { CellParser, DEFAULT_NULL_TOKENS } from './cells';
import { DataError, dataWarning } from './data-error';
import type { DataWarning } from './data-error';
import { resolveDataFiles } from './files';
import { formatFromName, sniffFormat } from './formats';
import type { DataFormat } from './formats';
import { ByteSource, SourceError, copyDecompressed, hashFile, isGzip } from './internal/byte-source';
import type { FileDigest } from './internal/byte-source';
import { CsvReader } from './internal/csv-reader';
import type { HeaderHandler } from './internal/csv-reader';
import { readDelimitedFile } from './internal/delimited-file';
import { readJsonLinesFile } from './internal/jsonl-file';
import { hasFlatColumns, parquetHeader, readParquetFile, readParquetMetadata } from './internal/parquet-file';
import { RecordSplitter } from './internal/record-splitter';
import type { DataShard, ParquetShard, RecordShard } from './shards';

export interface ReadOptions {
  /** Format of every file; default: from the extension (`.gz` ignored), else guessed from the content. */
  readonly format?: DataFormat;
  /** Field delimiter for delimited text; default ',' for CSV and tab for TSV. */
  readonly delimiter?: string;
  /** Cell texts read as null; default DEFAULT_NULL_TOKENS ('', NA, N/A, null, NULL, None, NaN, …). */
  readonly nullTokens?: readonly string[];
  /** Largest field (CSV) or line (JSON Lines), counted in characters; default 16 MiB. */
  readonly maxFieldBytes?: number;
  /** Size of the chunks read from disk; default 1 MiB. */
  readonly chunkBytes?: number;
  /** Most rows in one batch; default 65,536. */
  readonly maxBatchRows?: number;
  /** Directory that relative paths and globs start from; default the working directory. */
  readonly cwd?: string;
  /**
   * Decode only these columns where the format stores columns apart (Parquet): the others read as
   * missing (null) in every row. CSV, TSV and JSON Lines read every column regardless.
   */
  readonly select?: readonly string[];
  /**
   * Compute each file's sha256 while reading (`files[].sha256`); default true. False for a reader
   * that records no file identity (it then reads ''), which saves hashing every byte.
   */
  readonly hash?: boolean;
  /**
   * The caller is done with each batch before it asks for the next (keeps no batch, cell or array of
   * it), so CSV/TSV batches reuse their arrays and buffers: less allocation and garbage collection.
   * Default false.
   */
  readonly transientBatches?: boolean;
}

/** What reading one file found; complete once the file has been read to the end. */
export interface FileSummary {
  readonly path: string;
  readonly format: DataFormat;
  /** True when the bytes were gzip-compressed (detected by magic bytes). */
  readonly compressed: boolean;
  /** Size of the file as stored. */
  readonly bytes: number;
  /** sha256 (hex) of the file as stored, computed while reading. */
  readonly sha256: string;
  readonly rows: number;
  readonly columns: readonly string[];
}

/** One row as text, for code that wants rows rather than batches. */
export interface DataRow {
  readonly file: string;
  readonly line: number;
  /** Cell text by column name, null for null cells. */
  readonly values: Record<string, string | null>;
}

const MiB = 1 << 20;

/**
 * Several files read as one dataset: every file must have the same columns (in any order; batches use the
 * first file's order). Iterate it for batches; afterwards `files` holds each file's sha256 and row count.
 */
export class Dataset implements AsyncIterable<DataBatch> {
  /** Column names, known once the first file's header has been read. */
  columns: readonly string[] | null = null;
  /** Files read so far in the current (or last) pass. */
  readonly files: FileSummary[] = [];
  /** Things worth telling that did not stop reading (e.g. a header without rows). */
  readonly warnings: DataWarning[] = [];
  /** Classifies cell text with this dataset's null tokens. */
  readonly cellParser: CellParser;
  private firstFile = '';
  /** Per file of a sharded pass: its summary without rows, and the sequence numbers of its shards. */
  private shardedFiles: { summary: FileSummary; firstShard: number; shards: number }[] = [];

  private constructor(
    readonly paths: readonly string[],
    private readonly options: ReadOptions,
  ) {
    this.cellParser = new CellParser(options.nullTokens ?? DEFAULT_NULL_TOKENS);
  }

  /** Expands paths and globs (sorted, each file once); reading starts on iteration. */
  static async open(patterns: string | readonly string[], options: ReadOptions = {}): Promise<Dataset> {
    return new Dataset(await resolveDataFiles(patterns, options.cwd), options);
  }

  /** Rows read so far in the current (or last) pass. */
  get rowCount(): number {
    return this.files.reduce((sum, file) => sum + file.rows, 0);
  }

  [Symbol.asyncIterator](): AsyncGenerator<DataBatch> {
    return this.batches();
  }

  /** Batches of every file in turn. Each pass reads the files again and refills `files` and `warnings`. */
  async *batches(): AsyncGenerator<DataBatch> {
    this.files.length = 0;
    this.warnings.length = 0;
    this.columns = null;
    for (const path of this.paths) yield* this.readFile(path);
  }

  /** Rows one by one, as text; convenient, slower than batches. */
  async *rows(): AsyncGenerator<DataRow> {
    for await (const batch of this.batches()) {
      const columnTexts = batch.columns.map((_, column) => batch.values(column));
      for (let row = 0; row < batch.length; row++) {
        const values = columnRecord<string | null>();
        batch.columns.forEach((name, column) => {
          values[name] = (columnTexts[column] as (string | null)[])[row] as string | null;
        });
        yield { file: batch.file, line: batch.lines[row] as number, values };
      }
    }
  }

  /**
   * The total size of the files when `shards()` can read this dataset, else null. It can when every file
   * is plain CSV or TSV, or Parquet of flat columns (the usual table), none gzip-compressed; the others
   * are read by one thread (`batches()`).
   */
  async shardableBytes(): Promise<number | null> {
    let total = 0;
    for (const path of this.paths) {
      const absolute = resolve(this.options.cwd ?? process.cwd(), path);
      const format = this.options.format ?? formatFromName(path) ?? (await sniffFormat(absolute));
      if (format === 'parquet') {
        if (await isGzip(absolute)) return null;
        // An unreadable file is reported by the one-thread pass, with its message.
        const metadata = await readParquetMetadata(absolute, path).catch(() => null);
        if (!metadata || !hasFlatColumns(metadata)) return null;
      } else {
        if (format !== 'csv' && format !== 'tsv') return null;
        const delimiter = Buffer.from(this.options.delimiter ?? ',', 'utf8');
        // A delimiter readDelimitedFile refuses is refused there, with its message.
        if (delimiter.length !== 1 || [34, 10, 13].includes(delimiter[0] as number)) return null;
        if (await isGzip(absolute)) return null;
      }
      total += (await stat(absolute)).size;
    }
    return total;
  }

  /**
   * The rows of every file as shards, for readers on other threads (`readDataShard`): whole records of
   * about `targetBytes` for delimited files, whole row groups (at least one, about `targetBytes` of the
   * columns read) for Parquet. Headers are read and checked here, as by `batches()`; rows are not
   * parsed. Afterwards, `completeShards` with each shard's row count fills `files` and `warnings`.
   * Call only when `shardableBytes` says it can.
   */
  async *shards(targetBytes: number): AsyncGenerator<DataShard> {
    this.files.length = 0;
    this.warnings.length = 0;
    this.columns = null;
    this.shardedFiles = [];
    let sequence = 0;
    for (const path of this.paths) {
      const absolute = resolve(this.options.cwd ?? process.cwd(), path);
      const format = this.options.format ?? formatFromName(path) ?? (await sniffFormat(absolute));
      const firstShard = sequence;
      const cutting =
        format === 'parquet'
          ? this.parquetShards(path, absolute, targetBytes, sequence)
          : this.recordShards(path, absolute, format as 'csv' | 'tsv', targetBytes, sequence);
      let cut: { header: readonly string[]; digest: FileDigest | null };
      for (;;) {
        const next = await cutting.next();
        if (next.done) {
          cut = next.value;
          break;
        }
        sequence++;
        yield next.value;
      }
      const { header } = cut;
      const { sha256, bytes } = cut.digest ?? (await hashFile(absolute));
      this.shardedFiles.push({
        summary: { path, format, compressed: false, bytes, sha256, rows: 0, columns: header },
        firstShard,
        shards: sequence - firstShard,
      });
    }
  }

  /**
   * Every file as one shard, for one reader on another thread that reads the files in order: only each
   * file's header is read here (a delimited file's records are not scanned for cuts, nor the file
   * hashed). Call only when `shardableBytes` says it can; `files` is not filled.
   */
  async fileShards(): Promise<DataShard[]> {
    this.columns = null;
    const shards: DataShard[] = [];
    for (const path of this.paths) {
      const absolute = resolve(this.options.cwd ?? process.cwd(), path);
      const format = this.options.format ?? formatFromName(path) ?? (await sniffFormat(absolute));
      if (format === 'parquet') {
        for await (const shard of this.parquetShards(path, absolute, Number.POSITIVE_INFINITY, shards.length))
          shards.push(shard);
      } else {
        shards.push(await this.wholeRecordShard(path, absolute, format as 'csv' | 'tsv', shards.length));
      }
    }
    return shards;
  }

  /** A delimited file's records as one shard, from the end of its header to the end of the file. */
  private async wholeRecordShard(
    path: string,
    absolute: string,
    format: 'csv' | 'tsv',
    sequence: number,
  ): Promise<RecordShard> {
    const delimiter = this.options.delimiter ?? (format === 'tsv' ? '\t' : ',');
    const limits = {
      maxFieldBytes: this.options.maxFieldBytes ?? 16 * MiB,
      maxBatchRows: this.options.maxBatchRows ?? 65_536,
    };
    const source = await ByteSource.open(absolute, this.options.chunkBytes ?? MiB, false);
    const reader = new CsvReader(
      path,
      delimiter.charCodeAt(0),
      this.cellParser,
      limits,
      this.headerHandler(path),
    );
    let read = 0;
    let ended = true;
    for await (const chunk of source.chunks()) {
      read += chunk.length;
      reader.push(chunk);
      if (reader.readHeader()) {
        ended = false;
        break;
      }
    }
    if (ended) {
      reader.end();
      reader.readHeader();
    }
    const rest = reader.takeRest();
    const start = read - rest.bytes.length;
    return {
      format,
      sequence,
      file: path,
      path: absolute,
      delimiter,
      header: reader.header as string[],
      ...reader.mapping,
      start,
      end: Math.max(start, (await stat(absolute)).size),
      firstLine: rest.line,
    };
  }

  /** A delimited file's records as shards (see `shards`); returns its header and digest. */
  private async *recordShards(
    path: string,
    absolute: string,
    format: 'csv' | 'tsv',
    targetBytes: number,
    firstSequence: number,
  ): AsyncGenerator<RecordShard, { header: readonly string[]; digest: FileDigest | null }> {
    let sequence = firstSequence;
    const delimiter = this.options.delimiter ?? (format === 'tsv' ? '\t' : ',');
    const delimiterByte = Buffer.from(delimiter, 'utf8');
    const limits = {
      maxFieldBytes: this.options.maxFieldBytes ?? 16 * MiB,
      maxBatchRows: this.options.maxBatchRows ?? 65_536,
    };
    const source = await ByteSource.open(absolute, this.options.chunkBytes ?? MiB);
    const onHeader = this.headerHandler(path);
    const reader = new CsvReader(path, delimiterByte[0] as number, this.cellParser, limits, onHeader);
    let shared: Omit<RecordShard, 'sequence' | 'start' | 'end' | 'firstLine'> | null = null;
    let firstLine: number | undefined;
    let splitter: RecordSplitter | null = null;
    let read = 0;
    const shard = ([start, end]: [number, number]): RecordShard => {
      const made = { ...(shared as typeof shared & object), sequence: sequence++, start, end, firstLine };
      firstLine = undefined;
      return made;
    };
    // The header is parsed here; after it, only quotes and line feeds are looked at (RecordSplitter).
    const afterHeader = () => {
      const rest = reader.takeRest();
      firstLine = rest.line;
      shared = {
        format,
        file: path,
        path: absolute,
        delimiter,
        header: reader.header as string[],
        ...reader.mapping,
      };
      splitter = new RecordSplitter(delimiterByte[0] as number, targetBytes, read - rest.bytes.length);
      return splitter.push(rest.bytes);
    };
    // One reused buffer (see ByteSource.chunks): the header's reader keeps copies, the splitter nothing.
    for await (const chunk of source.chunks(true)) {
      read += chunk.length;
      let cut: [number, number] | null;
      if (splitter === null) {
        reader.push(Buffer.from(chunk));
        if (!reader.readHeader()) continue;
        cut = afterHeader();
      } else {
        cut = (splitter as RecordSplitter).push(chunk);
      }
      if (cut) yield shard(cut);
    }
    if (splitter === null) {
      reader.end();
      reader.readHeader();
      const cut = afterHeader();
      if (cut) yield shard(cut);
    }
    const last = (splitter as RecordSplitter | null)?.end();
    if (last) yield shard(last);
    const header = (shared as { header: readonly string[] } | null)?.header ?? [];
    return { header, digest: source.digest };
  }

  /**
   * A flat Parquet file's row groups as shards (see `shards`): consecutive groups until their decoded
   * columns hold `targetBytes` (compressed). A shard's `bytes` count every column, so that progress
   * reaches the file's size. Returns its header; the file is hashed apart.
   */
  private async *parquetShards(
    path: string,
    absolute: string,
    targetBytes: number,
    firstSequence: number,
  ): AsyncGenerator<ParquetShard, { header: readonly string[]; digest: null }> {
    const metadata = await readParquetMetadata(absolute, path);
    const header = parquetHeader(metadata);
    const { columns, fileColumnOf } = this.headerHandler(path)(header);
    const select = this.options.select;
    const decoded = select ? new Set(select) : null;
    const groups = metadata.row_groups;
    let sequence = firstSequence;
    let firstRow = 0;
    for (let first = 0; first < groups.length;) {
      let end = first;
      let bytes = 0;
      let decodedBytes = 0;
      let rows = 0;
      do {
        const group = groups[end++]!;
        rows += Number(group.num_rows);
        for (const chunk of group.columns) {
          const name = chunk.meta_data?.path_in_schema[0];
          const size = Number(chunk.meta_data?.total_compressed_size ?? 0);
          bytes += size;
          if (decoded === null || (name !== undefined && decoded.has(name))) decodedBytes += size;
        }
      } while (end < groups.length && decodedBytes < targetBytes);
      yield {
        format: 'parquet',
        sequence: sequence++,
        file: path,
        path: absolute,
        header,
        columns,
        fileColumnOf,
        ...(select ? { select } : {}),
        firstGroup: first,
        endGroup: end,
        firstRow,
        firstLine: firstRow + 1,
        bytes,
      };
      firstRow += rows;
      first = end;
    }
    return { header, digest: null };
  }

  /** Ends a sharded pass: `rowsOfShard[sequence]` is each shard's row count, as `readDataShard` returned it. */
  completeShards(rowsOfShard: ArrayLike<number>): void {
    this.files.length = 0;
    this.warnings.length = 0;
    for (const { summary, firstShard, shards } of this.shardedFiles) {
      let rows = 0;
      for (let i = firstShard; i < firstShard + shards; i++) rows += rowsOfShard[i] as number;
      this.files.push({ ...summary, rows });
      if (rows === 0) this.warnings.push(noRowsWarning(summary.path));
    }
  }

  private async *readFile(path: string): AsyncGenerator<DataBatch> {
    const cwd = this.options.cwd ?? process.cwd();
    const absolute = resolve(cwd, path);
    const format = this.options.format ?? formatFromName(path) ?? (await sniffFormat(absolute));
    const maxFieldBytes = this.options.maxFieldBytes ?? 16 * MiB;
    const maxBatchRows = this.options.maxBatchRows ?? 65_536;
    const chunkBytes = this.options.chunkBytes ?? MiB;
    const limits = { maxFieldBytes, maxBatchRows, reuseArrays: this.options.transientBatches ?? false };
    const onHeader = this.headerHandler(path);

    let reading: AsyncGenerator<DataBatch, { rows: number; header: readonly string[] }>;
    let digest: () => Promise<FileDigest>;
    let compressed: boolean;
    let cleanup = async () => {};
    if (format === 'parquet') {
      compressed = await isGzip(absolute);
      let local = absolute;
      let copied: FileDigest | null = null;
      if (compressed) {
        // Parquet needs random access: decompress to a temporary file (streamed, hashed on the way).
        const directory = await mkdtemp(join(tmpdir(), 'mlops-parquet-'));
        cleanup = () => rm(directory, { recursive: true, force: true });
        local = join(directory, 'data.parquet');
        copied = await copyDecompressed(absolute, local).catch(async (error: unknown) => {
          await cleanup();
          if (error instanceof SourceError) {
            throw new DataError({ file: path, line: 1, column: 1 }, error.problem, error.hint);
          }
          throw error;
        });
      }
      reading = readParquetFile(local, path, this.cellParser, maxBatchRows, onHeader, this.options.select);
      digest = async () =>
        copied ??
        (this.options.hash === false
          ? { sha256: '', bytes: (await stat(absolute)).size }
          : hashFile(absolute));
    } else {
      const source = await ByteSource.open(absolute, chunkBytes, this.options.hash !== false);
      compressed = source.compressed;
      reading =
        format === 'jsonl'
          ? readJsonLinesFile(source, path, this.cellParser, limits, onHeader)
          : readDelimitedFile(
              source,
              path,
              this.options.delimiter ?? (format === 'tsv' ? '\t' : ','),
              this.cellParser,
              limits,
              onHeader,
            );
      digest = async () => source.digest ?? hashFile(absolute);
    }

    let result: { rows: number; header: readonly string[] };
    try {
      for (;;) {
        const next = await reading.next();
        if (next.done) {
          result = next.value;
          break;
        }
        yield next.value;
      }
    } finally {
      await reading.return({ rows: 0, header: [] });
      await cleanup();
    }
    const { sha256, bytes } = await digest();
    this.files.push({ path, format, compressed, bytes, sha256, rows: result.rows, columns: result.header });
    if (result.rows === 0) this.warnings.push(noRowsWarning(path));
  }

  private headerHandler(path: string): HeaderHandler {
    return (header) => {
      if (this.columns === null) {
        this.columns = header;
        this.firstFile = path;
        return { columns: header, fileColumnOf: Int32Array.from(header, (_, index) => index) };
      }
      const columns = this.columns;
      // Maps, not includes/indexOf per column: wide files (100,000 columns) stay linear.
      const inHeader = positionsOf(header);
      const inColumns = positionsOf(columns);
      const missing = columns.filter((name) => !inHeader.has(name));
      const extra = header.filter((name) => !inColumns.has(name));
      if (missing.length > 0 || extra.length > 0) {
        const differences = [
          missing.length > 0 ? `missing ${missing.map((name) => `"${name}"`).join(', ')}` : '',
          extra.length > 0 ? `unexpected ${extra.map((name) => `"${name}"`).join(', ')}` : '',
        ].filter(Boolean);
        throw new DataError(
          { file: path, line: 1, column: 1 },
          `columns differ from ${this.firstFile}: ${differences.join('; ')}`,
          'all files of one dataset need the same columns (in any order)',
        );
      }
      return { columns, fileColumnOf: Int32Array.from(columns, (name) => inHeader.get(name)!) };
    };
  }
}

/** Each name's first position. */
function positionsOf(names: readonly string[]): Map<string, number> {
  const positions = new Map<string, number>();
  names.forEach((name, index) => {
    if (!positions.has(name)) positions.set(name, index);
  });
  return positions;
}

function noRowsWarning(path: string): DataWarning {
  return dataWarning(
    { file: path, line: 1, column: 1 },
    'the file has a header but no data rows',
    'it adds nothing to the dataset; check that it was written completely',
  );
}

/** Opens a dataset: paths, directories or globs, read as one. */
export function openDataset(
  patterns: string | readonly string[],
  options: ReadOptions = {},
): Promise<Dataset> {
  return Dataset.open(patterns, options);
}

/** Batches of the files named by `patterns`, read as one dataset. */
export async function* readDataset(
  patterns: string | readonly string[],
  options: ReadOptions = {},
): AsyncGenerator<DataBatch> {
  yield* await openDataset(patterns, options);
}
