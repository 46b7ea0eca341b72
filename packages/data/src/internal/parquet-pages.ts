import { readSync } from 'node:fs';
import type { ColumnMetaData, Compressors, SchemaTree } from 'hyparquet';
import { parquetHeader, readPage } from 'hyparquet/src/column.js';
import { convert, DEFAULT_PARSERS } from 'hyparquet/src/convert.js';

type ColumnDecoder = Parameters<typeof readPage>[2];
type DecodedArray = NonNullable<Parameters<typeof readPage>[3]>;

/** Bytes read to find a page header (a header with large statistics may need more; it is read again). */
const HEADER_PROBE = 64 * 1024;

/**
 * One flat column chunk of a row group, decoded a page at a time with hyparquet's page decoder: memory
 * holds one page of the column (and its dictionary), not the whole chunk. hyparquet's own readers decode
 * a whole row group's column chunks at once, so a file written with large row groups (pyarrow writes
 * 1,048,576 rows per group) held them all: 654 MiB of peak RSS for the bench's 5M rows, measured, growing
 * with the group size. `readPage` and `parquetHeader` are hyparquet's own page functions (its package
 * exports `src/*.js`), not its documented API: packages/data pins hyparquet to one version for that.
 */
export class ColumnPages {
  /** The current page's values, and the first one not yet taken. */
  values: ArrayLike<unknown> = [];
  at = 0;
  private position: number;
  private readonly end: number;
  private dictionary: DecodedArray | undefined;
  private readonly decoder: ColumnDecoder;

  constructor(
    private readonly handle: number,
    meta: ColumnMetaData,
    schemaPath: SchemaTree[],
    compressors: Compressors,
  ) {
    // As hyparquet plans it: some writers leave dictionary_page_offset 0 when there is no dictionary.
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    this.position = start;
    this.end = start + Number(meta.total_compressed_size);
    this.decoder = {
      pathInSchema: meta.path_in_schema,
      type: meta.type,
      element: schemaPath[schemaPath.length - 1]!.element,
      schemaPath,
      codec: meta.codec,
      parsers: DEFAULT_PARSERS,
      compressors,
    };
  }

  /** Values left in the current page, after reading pages until one has some; 0 at the chunk's end. */
  remaining(): number {
    while (this.at >= this.values.length) {
      if (this.position >= this.end) return 0;
      this.readNextPage();
    }
    return this.values.length - this.at;
  }

  private readNextPage(): void {
    const left = this.end - this.position;
    let want = Math.min(HEADER_PROBE, left);
    for (;;) {
      const bytes = this.read(want);
      const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
      let header: ReturnType<typeof parquetHeader>;
      try {
        header = parquetHeader(reader);
      } catch (error) {
        // The header runs past the bytes read: read more, up to the chunk's end.
        if (want < left && error instanceof RangeError) {
          want = Math.min(want * 16, left);
          continue;
        }
        throw error;
      }
      const total = reader.offset + header.compressed_page_size;
      if (total > left) throw new Error('a page runs past the end of its column chunk');
      if (total > bytes.length) {
        want = total;
        continue;
      }
      const result = readPage(reader, header, this.decoder, this.dictionary, undefined, 0);
      this.position += total;
      if (header.type === 'DICTIONARY_PAGE') {
        this.dictionary = result.data ? convert(result.data, this.decoder) : undefined;
      } else if (result.data) {
        this.values = result.data;
        this.at = 0;
      }
      return;
    }
  }

  private read(length: number): Buffer {
    const bytes = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.handle, bytes, done, length - done, this.position + done);
      if (n === 0) throw new Error('the file ends inside a column chunk');
      done += n;
    }
    return bytes;
  }
}
