import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ModelProto, StringStringEntryProto } from '../onnx/proto';
import { ScoringError } from './scoring-error';

/** `TensorProto.DataLocation.EXTERNAL` (onnx.proto). */
const EXTERNAL = 1;

/** A tensor whose bytes ONNX keeps outside the model (`data_location: EXTERNAL`, `external_data`). */
interface ExternalTensor {
  name?: string;
  raw_data?: Uint8Array;
  data_location?: number;
  external_data?: StringStringEntryProto[];
}

/**
 * Refuses, or with the user's consent inlines, tensors stored as ONNX external data.
 *
 * onnxruntime opens an external tensor's `location` relative to wherever it thinks the model
 * lives — for a model sent as bytes, the process's working directory — so a model uploaded to a
 * server could name `.git/config` as a weight and read it back through `infer`. By default every
 * such tensor is refused. With `directory` (a folder the user named), each location must stay
 * inside it; its bytes are read here and put in the model, so onnxruntime never opens a file.
 * Returns whether the model changed (and must be re-encoded).
 */
export async function resolveExternalData(
  model: ModelProto,
  where: string,
  directory: string | undefined,
): Promise<boolean> {
  const tensors = externalTensors(model);
  if (tensors.length === 0) return false;
  if (directory === undefined) {
    const first = tensors[0]!;
    throw new ScoringError(
      where,
      `tensor "${first.name ?? '?'}" keeps its data outside the model file (ONNX external data${
        tensors.length > 1 ? `, ${tensors.length} tensors` : ''
      }), which is refused — save the model with its weights inside (onnx.save(model, save_as_external_data=False)), or opt in by naming the folder that holds the data (--external-data-dir)`,
    );
  }
  const root = await realpath(directory).catch((error: Error) => {
    throw new ScoringError(where, `the external-data directory cannot be read — ${error.message}`);
  });
  for (const tensor of tensors) tensor.raw_data = await readExternal(tensor, root, where);
  for (const tensor of tensors) {
    tensor.data_location = 0;
    tensor.external_data = [];
  }
  return true;
}

/** Every tensor of the model that points outside it, wherever it sits (initializers, attributes, subgraphs, functions). */
function externalTensors(model: ModelProto): ExternalTensor[] {
  const found: ExternalTensor[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    if (ArrayBuffer.isView(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      // Repeated numbers (float_data, dims) hold no messages: skip them without walking each.
      if (value.length > 0 && typeof value[0] !== 'object') return;
      for (const item of value) visit(item);
      return;
    }
    const tensor = value as ExternalTensor;
    if (tensor.data_location === EXTERNAL || (tensor.external_data?.length ?? 0) > 0) found.push(tensor);
    for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key]);
  };
  visit(model);
  return found;
}

async function readExternal(tensor: ExternalTensor, root: string, where: string): Promise<Uint8Array> {
  const entries = new Map((tensor.external_data ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const name = `tensor "${tensor.name ?? '?'}"`;
  const location = entries.get('location');
  if (!location) throw new ScoringError(where, `${name} is external but names no location`);
  const offset = Number(entries.get('offset') ?? 0);
  const length = entries.has('length') ? Number(entries.get('length')) : undefined;
  if (
    !Number.isSafeInteger(offset) ||
    offset < 0 ||
    (length !== undefined && !Number.isSafeInteger(length))
  ) {
    throw new ScoringError(where, `${name}: external data offset/length are not whole byte counts`);
  }
  const outside = `${name}: external data "${location}" is outside the external-data directory — keep the data files inside it`;
  if (isAbsolute(location)) throw new ScoringError(where, outside);
  let file: string;
  try {
    // realpath follows symbolic links, so a link inside the directory cannot point out of it.
    file = await realpath(resolve(root, location));
  } catch {
    throw new ScoringError(
      where,
      `${name}: external data "${location}" is not in the external-data directory`,
    );
  }
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    throw new ScoringError(where, outside);
  }
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const bytes = length ?? size - offset;
    if (offset + bytes > size || bytes < 0) {
      throw new ScoringError(where, `${name}: external data "${location}" is shorter than offset + length`);
    }
    const buffer = Buffer.alloc(bytes);
    await handle.read(buffer, 0, bytes, offset);
    return buffer;
  } finally {
    await handle.close();
  }
}
