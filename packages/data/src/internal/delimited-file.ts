import type { CellParser } from '../cells';
import { DataError } from '../data-error';
import type { ByteSource } from './byte-source';
import { SourceError } from './byte-source';
import type { CsvBatch } from './csv-batch';
import { CsvReader } from './csv-reader';
import type { HeaderHandler, TextReaderLimits } from './csv-reader';

/** Batches of a CSV/TSV file; returns the header and row count when done. */
export async function* readDelimitedFile(
  source: ByteSource,
  file: string,
  delimiter: string,
  parser: CellParser,
  limits: TextReaderLimits,
  onHeader: HeaderHandler,
): AsyncGenerator<CsvBatch, { rows: number; header: readonly string[] }> {
  const delimiterBytes = Buffer.from(delimiter, 'utf8');
  if (delimiterBytes.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(
      `the delimiter must be one ASCII character other than a quote or line break, not ${JSON.stringify(delimiter)}`,
    );
  }
  const reader = new CsvReader(file, delimiterBytes[0] as number, parser, limits, onHeader);
  try {
    for await (const chunk of source.chunks()) {
      reader.push(chunk);
      for (let batch = reader.nextBatch(); batch !== null; batch = reader.nextBatch()) yield batch;
    }
    reader.end();
    for (let batch = reader.nextBatch(); batch !== null; batch = reader.nextBatch()) yield batch;
  } catch (error) {
    if (error instanceof SourceError) {
      const { line, column } = reader.position();
      throw new DataError({ file, line, column }, error.problem, error.hint);
    }
    throw error;
  }
  return { rows: reader.rows, header: reader.header ?? [] };
}
