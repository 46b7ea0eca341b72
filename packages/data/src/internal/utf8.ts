/**
 * Offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1.
 * Leading continuation bytes are skipped: they finish a character begun in the previous chunk.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < 3 && i < bytes.length && ((bytes[i] as number) & 0xc0) === 0x80) i++;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    let width: number;
    if (lead < 0x80) width = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) width = 2;
    else if (lead >= 0xe0 && lead <= 0xef) width = 3;
    else if (lead >= 0xf0 && lead <= 0xf4) width = 4;
    else return i;
    // A sequence cut by the end of the chunk is judged with the next chunk.
    if (i + width > bytes.length) return -1;
    for (let k = 1; k < width; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    i += width;
  }
  return -1;
}
