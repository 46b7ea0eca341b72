import { describe, expect, it } from 'vitest';
import { MAX_DICTIONARY_TEXTS, TextDictionary } from '../src/index';

/** xorshift32, as the stats tests' testRandom: seeded, so failures reproduce. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

/** The brute-force dictionary the tests compare with: ids in first-seen order. */
class Reference {
  readonly ids = new Map<string, number>();
  readonly texts: string[] = [];

  idOf(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(text, id);
      this.texts.push(text);
    }
    return id;
  }
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,';

function asciiText(length: number, random: () => number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return text;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** Random bytes, zeros included, so that bytes around a text never happen to pad it correctly. */
function garbage(length: number, random: () => number): Uint8Array {
  return Uint8Array.from({ length }, () => Math.floor(random() * 256));
}

/** Texts of every byte length 0..40 and the cases that trip a 16-byte-prefix table. */
function testTexts(random: () => number): string[] {
  const texts = new Set<string>(['']);
  for (let length = 1; length <= 40; length++) {
    for (let i = 0; i < 3; i++) texts.add(asciiText(length, random));
  }
  // Same first 16 bytes, different rest: only the arena comparison tells them apart.
  const prefix = 'abcdefghijklmnop';
  texts.add(prefix);
  for (let length = 17; length <= 40; length++) {
    const rest = asciiText(length - 16, random);
    texts.add(prefix + rest);
    texts.add(prefix + rest.slice(0, -1) + (rest.endsWith('x') ? 'y' : 'x'));
    texts.add(prefix + (rest.startsWith('x') ? 'y' : 'x') + rest.slice(1));
  }
  // Same first 12 bytes (what a slot holds), different length or rest.
  const slotPrefix = 'ABCDEFGHIJKL';
  for (let length = 12; length <= 20; length++) {
    const rest = asciiText(length - 12, random);
    texts.add(slotPrefix + rest);
    if (length > 12) texts.add(slotPrefix + rest.slice(0, -1) + (rest.endsWith('x') ? 'y' : 'x'));
  }
  // Longer than 31 bytes (the longest length a slot records exactly), same first 12 bytes.
  for (let length = 31; length <= 36; length++) texts.add(slotPrefix + 'z'.repeat(length - 12));
  // Differ only in trailing NULs, which zero padding would otherwise hide.
  for (const base of ['', 'ab', 'x'.repeat(12), 'x'.repeat(15), 'x'.repeat(16), prefix + 'q']) {
    for (let nuls = 0; nuls <= 3; nuls++) texts.add(base + '\u0000'.repeat(nuls));
  }
  texts.add('a\u0000b');
  // Non-ASCII: byte length ≠ string length; é straddles byte 16 in 'aééé…'; emoji are surrogate pairs.
  for (const text of ['é', 'café', 'naïve résumé', '😀', 'a😀b', '日本語テキスト', 'a' + 'é'.repeat(8)]) {
    texts.add(text);
  }
  texts.add('é'.repeat(20));
  texts.add('😀'.repeat(10));
  texts.add(prefix + '😀');
  return [...texts];
}

interface Occurrence {
  bytes: Uint8Array;
  start: number;
  end: number;
  text: string;
}

/** Looks every occurrence up in both dictionaries; returns the mismatches (empty when all agree). */
function lookUpAll(dictionary: TextDictionary, reference: Reference, occurrences: Occurrence[]): string[] {
  const mismatches: string[] = [];
  for (const { bytes, start, end, text } of occurrences) {
    const id = dictionary.idOfBytes(bytes, start, end);
    const expected = reference.idOf(text);
    if (id !== expected) {
      mismatches.push(`${JSON.stringify(text)} at ${start} of ${bytes.length}: ${id}, expected ${expected}`);
    }
  }
  return mismatches.slice(0, 10);
}

function expectSameContents(dictionary: TextDictionary, reference: Reference): void {
  expect(dictionary.size).toBe(reference.texts.length);
  expect(dictionary.values).toEqual(reference.texts);
  expect(reference.texts.map((_, id) => dictionary.textLength(id))).toEqual(
    reference.texts.map((text) => text.length),
  );
}

describe('TextDictionary', () => {
  it('gives every text of 0..40 bytes, anywhere in any buffer, the id of a brute-force map', () => {
    const random = seededRandom(11);
    const texts = testTexts(random);
    const encoded = new Map(texts.map((text) => [text, Buffer.from(text, 'utf8')]));
    expect(Math.max(...[...encoded.values()].map((bytes) => bytes.length))).toBeGreaterThanOrEqual(40);

    // One big buffer: each text three times, shuffled, with garbage between; the last one ends at its last byte.
    const order = shuffle(
      texts.flatMap((text) => [text, text, text]),
      random,
    );
    const parts: Uint8Array[] = [];
    const places: { start: number; text: string }[] = [];
    let length = 0;
    for (const [i, text] of order.entries()) {
      const filler = garbage(Math.floor(random() * 6), random);
      parts.push(filler);
      length += filler.length;
      places.push({ start: length, text });
      const bytes = encoded.get(text) as Buffer;
      parts.push(bytes);
      length += bytes.length;
      if (i === order.length - 1) break;
    }
    const big = Buffer.concat(parts);
    const occurrences: Occurrence[] = places.map(({ start, text }) => ({
      bytes: big,
      start,
      end: start + (encoded.get(text) as Buffer).length,
      text,
    }));
    expect((occurrences.at(-1) as Occurrence).end).toBe(big.length);

    const dictionary = new TextDictionary(4096);
    const reference = new Reference();
    expect(lookUpAll(dictionary, reference, occurrences)).toEqual([]);
    expectSameContents(dictionary, reference);

    // Near the end of small buffers (the byte-by-byte path for starts within 16 bytes of the end), in plain
    // Uint8Arrays and in views at an offset into a larger buffer with garbage after them.
    const nearEnd: Occurrence[] = [];
    for (const text of shuffle(texts.slice(), random)) {
      const bytes = encoded.get(text) as Buffer;
      for (let before = 0; before <= 3; before++) {
        for (let after = 0; after <= 17; after += after < 4 ? 1 : 13) {
          const buffer = new Uint8Array(before + bytes.length + after);
          buffer.set(garbage(buffer.length, random));
          buffer.set(bytes, before);
          nearEnd.push({ bytes: buffer, start: before, end: before + bytes.length, text });
          // A view whose underlying buffer goes on past its end.
          const outer = garbage(7 + buffer.length + 20, random);
          outer.set(buffer, 7);
          const view = outer.subarray(7, 7 + buffer.length);
          nearEnd.push({ bytes: view, start: before, end: before + bytes.length, text });
        }
      }
    }
    expect(lookUpAll(dictionary, reference, nearEnd)).toEqual([]);
    // Every text was already seen in the big buffer: nothing new may be added.
    expectSameContents(dictionary, reference);
    expect(dictionary.size).toBe(texts.length);
  });

  it('gives ids in first-seen order when texts are first met near the end of a buffer', () => {
    const random = seededRandom(12);
    const texts = shuffle(testTexts(random), random);
    const dictionary = new TextDictionary(4096);
    const reference = new Reference();
    const atEnd: Occurrence[] = texts.map((text) => {
      const bytes = Buffer.from(text, 'utf8');
      const buffer = new Uint8Array(2 + bytes.length);
      buffer.set(garbage(2, random));
      buffer.set(bytes, 2);
      return { bytes: buffer, start: 2, end: buffer.length, text };
    });
    expect(lookUpAll(dictionary, reference, atEnd)).toEqual([]);
    // Then found again in the middle of a buffer (the DataView path), with garbage after each.
    const inMiddle: Occurrence[] = texts.map((text) => {
      const bytes = Buffer.from(text, 'utf8');
      const buffer = garbage(5 + bytes.length + 24, random);
      buffer.set(bytes, 5);
      return { bytes: buffer, start: 5, end: 5 + bytes.length, text };
    });
    expect(lookUpAll(dictionary, reference, inMiddle)).toEqual([]);
    expectSameContents(dictionary, reference);
  });

  it('keeps every id through many rehashes (20,000 texts)', () => {
    const count = 20_000;
    // Short, exactly-16-byte and long texts, so that all slot and arena cases grow together.
    const texts = Array.from({ length: count }, (_, i) =>
      i % 3 === 0
        ? `k${i}`
        : i % 3 === 1
          ? String(i).padStart(16, '0')
          : `a-shared-prefix-of-more-than-16-bytes/${i}/é`,
    );
    expect(new Set(texts).size).toBe(count);
    const buffer = Buffer.from(texts.join('\n'), 'utf8');
    const dictionary = new TextDictionary(65_536);
    const ids: number[] = [];
    let start = 0;
    for (const text of texts) {
      const end = start + Buffer.byteLength(text, 'utf8');
      ids.push(dictionary.idOfBytes(buffer, start, end));
      start = end + 1;
    }
    // All distinct, so first-seen order is the order of the list.
    expect(ids).toEqual(texts.map((_, i) => i));
    expect(dictionary.size).toBe(count);
    expect(dictionary.full).toBe(false);

    // Again, in reverse, each in a buffer of its own.
    const again = texts.map((_, i) => i).reverse();
    const found = again.map((i) => {
      const bytes = Buffer.from(texts[i] as string, 'utf8');
      return dictionary.idOfBytes(bytes, 0, bytes.length);
    });
    expect(found).toEqual(again);
    expect(dictionary.size).toBe(count);
    expect(dictionary.values).toEqual(texts);
    expect(texts.map((_, i) => dictionary.textLength(i))).toEqual(texts.map((text) => text.length));
  });

  it('hashCells gives the hashes idOfBytes computes, so lookups by them find the same ids', () => {
    const random = seededRandom(14);
    const texts = shuffle(testTexts(random), random);
    // Cells of a delimited batch: every other cell of a row is garbage, as if from another column.
    const parts: Buffer[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    let at = 0;
    for (const text of [...texts, ...texts]) {
      const filler = Buffer.from(garbage(1 + Math.floor(random() * 4), random));
      const bytes = Buffer.from(text, 'utf8');
      starts.push(at, at + filler.length);
      ends.push(at + filler.length, at + filler.length + bytes.length);
      parts.push(filler, bytes);
      at += filler.length + bytes.length;
    }
    const buffer = Buffer.concat(parts);
    // The last cell ends at the buffer's end: its hash takes the byte-by-byte path.
    expect(ends.at(-1)).toBe(buffer.length);
    const count = texts.length * 2;
    const hashes = new Int32Array(count);
    const withHashes = new TextDictionary(65_536);
    withHashes.hashCells(buffer, Int32Array.from(starts), Int32Array.from(ends), 1, 2, count, hashes);
    withHashes.prefetchSlots(hashes, count);
    const plain = new TextDictionary(65_536);
    for (let i = 0; i < count; i++) {
      const start = starts[2 * i + 1] as number;
      const end = ends[2 * i + 1] as number;
      // A wrong hash would miss the text's slot and add it again, under another id.
      expect(withHashes.idOfBytes(buffer, start, end, hashes[i])).toBe(plain.idOfBytes(buffer, start, end));
    }
    expect(withHashes.values).toEqual(plain.values);
    expect(withHashes.size).toBe(texts.length);
  });

  it('says prefetching pays only once its table outgrows 256 KiB', () => {
    const dictionary = new TextDictionary(65_536);
    expect(dictionary.prefetchPays).toBe(false);
    // 16-byte slots, grown at half full: 8,193 texts need 32,768 slots, 512 KiB.
    for (let i = 0; i <= 8192; i++) dictionary.idOfText(`t${i}`);
    expect(dictionary.prefetchPays).toBe(true);
  });

  it('returns -1 for new texts once it holds `limit` texts, and the ids of known ones still', () => {
    const dictionary = new TextDictionary(10);
    const texts = Array.from({ length: 10 }, (_, i) =>
      i % 2 === 0 ? `t${i}` : `a text longer than 16 bytes ${i}`,
    );
    texts.forEach((text, i) => expect(dictionary.idOfText(text)).toBe(i));
    expect(dictionary.full).toBe(true);
    const extra = Buffer.from('xx new text', 'utf8');
    expect(dictionary.idOfBytes(extra, 3, extra.length)).toBe(-1);
    expect(dictionary.idOfText('another new text, longer than 16 bytes')).toBe(-1);
    expect(dictionary.idOfText('')).toBe(-1);
    const known = Buffer.from(`..${texts[7]}`, 'utf8');
    expect(dictionary.idOfBytes(known, 2, known.length)).toBe(7);
    expect(dictionary.idOfText(texts[4] as string)).toBe(4);
    expect(dictionary.size).toBe(10);
    expect(dictionary.values).toEqual(texts);
  });

  it('stops adding long texts once their bytes beyond the first 12 would pass `byteLimit`', () => {
    const dictionary = new TextDictionary(1024, 25);
    const text = (bytes: number, letter: string) => letter.repeat(bytes);
    // Bytes beyond 12: 10 → 10 held, 14 → 24, then 2 would make 26 > 25, 1 makes exactly 25.
    expect(dictionary.idOfText(text(22, 'a'))).toBe(0);
    expect(dictionary.idOfText(text(26, 'b'))).toBe(1);
    expect(dictionary.idOfText(text(14, 'c'))).toBe(-1);
    expect(dictionary.idOfText(text(13, 'd'))).toBe(2);
    expect(dictionary.idOfText(text(13, 'e'))).toBe(-1);
    // Texts of up to 12 bytes use no arena bytes, so they are still added; known long ones still found.
    expect(dictionary.idOfText(text(12, 'f'))).toBe(3);
    expect(dictionary.idOfText('g')).toBe(4);
    const known = Buffer.from(text(26, 'b'), 'utf8');
    expect(dictionary.idOfBytes(known, 0, known.length)).toBe(1);
    expect(dictionary.full).toBe(false);
    expect(dictionary.values).toEqual([text(22, 'a'), text(26, 'b'), text(13, 'd'), text(12, 'f'), 'g']);
  });

  it('holds at most MAX_DICTIONARY_TEXTS texts: ids plus one are packed in 17 bits', () => {
    expect(() => new TextDictionary(MAX_DICTIONARY_TEXTS + 1)).toThrow(/1 to 131071 texts/);
    expect(() => new TextDictionary(0)).toThrow(RangeError);
    const dictionary = new TextDictionary(MAX_DICTIONARY_TEXTS);
    for (let i = 0; i < MAX_DICTIONARY_TEXTS; i++) expect(dictionary.idOfText(`t${i}`)).toBe(i);
    expect(dictionary.full).toBe(true);
    expect(dictionary.idOfText('one more')).toBe(-1);
    // The highest id round-trips through the packed slot, and classify finds its slot.
    const last = Buffer.from(`t${MAX_DICTIONARY_TEXTS - 1}`);
    dictionary.classify(MAX_DICTIONARY_TEXTS - 1, 5, Number.NaN);
    expect(dictionary.idOfBytes(last, 0, last.length)).toBe(MAX_DICTIONARY_TEXTS - 1);
    expect(dictionary.lastType).toBe(5);
  });

  it('gives idOfText the same ids as idOfBytes for the same texts, in either order', () => {
    const random = seededRandom(13);
    const texts = testTexts(random);
    const sequence = shuffle(
      texts.flatMap((text) => [text, text]),
      random,
    );
    const byText = new TextDictionary(4096);
    const byBytes = new TextDictionary(4096);
    const mixed = new TextDictionary(4096);
    const reference = new Reference();
    const mismatches: string[] = [];
    sequence.forEach((text, i) => {
      const bytes = Buffer.from(`#${text}`, 'utf8');
      const expected = reference.idOf(text);
      const ids = [
        byText.idOfText(text),
        byBytes.idOfBytes(bytes, 1, bytes.length),
        i % 2 === 0 ? mixed.idOfText(text) : mixed.idOfBytes(bytes, 1, bytes.length),
      ];
      if (ids.some((id) => id !== expected)) mismatches.push(`${JSON.stringify(text)}: ${ids}, ${expected}`);
    });
    expect(mismatches.slice(0, 10)).toEqual([]);
    for (const dictionary of [byText, byBytes, mixed]) expectSameContents(dictionary, reference);
  });
});
