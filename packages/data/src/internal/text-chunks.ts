import { DataError } from '../data-error';
import type { ByteSource } from './byte-source';
import { SourceError } from './byte-source';
import { firstInvalidUtf8 } from './utf8';

/** What a text reader tells about its position, so byte-level errors can say where they happened. */
export interface TextPosition {
  positionAfter(extraText: string): { line: number; column: number };
}

/**
 * Decodes a byte source as UTF-8 (a BOM is dropped) and hands each text chunk to `consume`.
 * Invalid bytes and broken gzip streams become DataErrors placed at the line they occur on.
 */
export async function* decodeText<T>(
  source: ByteSource,
  file: string,
  position: TextPosition,
  consume: (text: string | null) => Iterable<T>,
): AsyncGenerator<T> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const bytes of source.chunks()) {
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        throw invalidUtf8(file, bytes, position);
      }
      yield* consume(text);
    }
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw invalidUtf8(file, new Uint8Array(0), position);
    }
    if (rest) yield* consume(rest);
    yield* consume(null);
  } catch (error) {
    if (error instanceof SourceError) {
      const { line, column } = position.positionAfter('');
      throw new DataError({ file, line, column }, error.problem, error.hint);
    }
    throw error;
  }
}

function invalidUtf8(file: string, bytes: Uint8Array, position: TextPosition): DataError {
  const offset = firstInvalidUtf8(bytes);
  const at = offset < 0 ? bytes.length : offset;
  let carried = 0; // continuation bytes that finish a character from the previous chunk
  while (carried < 3 && carried < at && ((bytes[carried] as number) & 0xc0) === 0x80) carried++;
  const before = new TextDecoder('utf-8').decode(bytes.subarray(carried, at));
  const { line, column } = position.positionAfter(before);
  const byte =
    offset < 0
      ? 'an incomplete character at the end'
      : `byte 0x${(bytes[at] as number).toString(16).padStart(2, '0')}`;
  return new DataError(
    { file, line, column },
    `the file is not valid UTF-8 (${byte})`,
    'save it as UTF-8, e.g. `iconv -f latin1 -t utf-8 in.csv > out.csv`',
  );
}
