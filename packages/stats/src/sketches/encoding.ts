/** Typed arrays as base64 in JSON: exact (every bit of a double survives) and about half the size of decimals. */
export function encodeFloat64(values: Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeFloat64(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Float64Array(copy.buffer, 0, bytes.length / 8);
}

export function encodeUint8(values: Uint8Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeUint8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/**
 * A copy of a string that does not pin the (possibly large) string it was sliced from: V8 keeps a
 * slice of 13+ characters as a view on its parent, and a kept category would keep a whole batch alive.
 */
export function detachString(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** Throws a clear error when a JSON value is not what a sketch expects. */
export function expectJson(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`invalid profile JSON: ${what}`);
}
