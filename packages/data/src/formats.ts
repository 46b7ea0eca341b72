import { constants, gunzipSync } from 'node:zlib';
import { readHead } from './internal/byte-source';

export type DataFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet';

export const DATA_FORMATS: readonly DataFormat[] = ['csv', 'tsv', 'jsonl', 'parquet'];

const EXTENSIONS: Record<string, DataFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  json: 'jsonl',
  parquet: 'parquet',
  pq: 'parquet',
};

/** The format a file name announces (`.csv`, `.tsv`, `.jsonl`, `.ndjson`, `.parquet`, each optionally `.gz`). */
export function formatFromName(path: string): DataFormat | null {
  const parts = path.toLowerCase().split('/').pop()?.split('.') ?? [];
  if (parts.length > 1 && (parts.at(-1) === 'gz' || parts.at(-1) === 'gzip')) parts.pop();
  return parts.length > 1 ? (EXTENSIONS[parts.at(-1) as string] ?? null) : null;
}

/** Guesses the format from the first bytes (decompressed if gzip): Parquet magic, a JSON object, tabs or commas. */
export async function sniffFormat(path: string): Promise<DataFormat> {
  let head = await readHead(path, 65536);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    try {
      head = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return 'csv';
    }
  }
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*\{/.test(text)) return 'jsonl';
  const firstLine = text.split('\n', 1)[0] ?? '';
  return firstLine.includes('\t') && !firstLine.includes(',') ? 'tsv' : 'csv';
}
