/** A WebAssembly memory (the project's TypeScript libraries do not describe the WebAssembly API). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65_536;

/**
 * The exports of a module (base64, as scripts/build-wasm.mjs writes it) instantiated on a memory of
 * its own, and that memory; null where the module cannot compile (no WebAssembly SIMD).
 */
export function instantiateOnOwnMemory<Exports>(
  base64: string,
  initialPages: number,
): { exports: Exports; memory: WasmMemory } | null {
  let module: object;
  try {
    module = new wasm.Module(Buffer.from(base64, 'base64'));
  } catch {
    return null;
  }
  const memory = new wasm.Memory({ initial: initialPages });
  const instance = new wasm.Instance(module, { env: { memory } });
  return { exports: instance.exports as Exports, memory };
}

/** Grows `memory` to at least `bytes` (growing keeps what it holds). */
export function reserve(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE));
}

export function alignUp(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}
