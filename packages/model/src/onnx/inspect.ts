import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { decodeModel, int64ToNumber, type TypeProto, type ValueInfoProto } from './proto';

/** What a run record and a model card say about an ONNX file. */
export interface OnnxFileInfo {
  path: string;
  bytes: number;
  sha256: string;
  irVersion: number;
  producer?: string;
  opsets: { domain: string; version: number }[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

export interface OnnxValueInfo {
  name: string;
  /** `tensor(float)[N,1]`, `seq(map(string,tensor(float)))`, … */
  type: string;
}

const ELEMENT_TYPES: Record<number, string> = {
  1: 'float',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'double',
  12: 'uint32',
  13: 'uint64',
};

/**
 * Reads an ONNX file and checks it is a model (a protobuf ModelProto with an IR version and a
 * graph that has outputs); errors name the file. Does not load a runtime.
 */
export async function inspectOnnxFile(path: string): Promise<OnnxFileInfo> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `${path}: ${code === 'ENOENT' ? 'the model file does not exist — did the training command write it there?' : (error as Error).message}`,
    );
  }
  let model;
  try {
    model = decodeModel(bytes);
  } catch (error) {
    throw new Error(`${path}: not a valid ONNX model (${(error as Error).message}).`);
  }
  const irVersion = int64ToNumber(model.ir_version);
  if (!irVersion || !model.graph || !(model.graph.output?.length ?? 0)) {
    throw new Error(`${path}: not a valid ONNX model (no IR version or no graph outputs).`);
  }
  return {
    path,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    irVersion,
    ...(model.producer_name
      ? { producer: `${model.producer_name} ${model.producer_version ?? ''}`.trim() }
      : {}),
    opsets: (model.opset_import ?? []).map((opset) => ({
      domain: opset.domain || 'ai.onnx',
      version: int64ToNumber(opset.version),
    })),
    inputs: valueInfos(model.graph.input, model.graph.initializer?.map((t) => t.name ?? '') ?? []),
    outputs: valueInfos(model.graph.output, []),
  };
}

function valueInfos(values: ValueInfoProto[] | undefined, initializers: string[]): OnnxValueInfo[] {
  // Old exporters list initializers among the inputs; they are weights, not inputs.
  return (values ?? [])
    .filter((value) => !initializers.includes(value.name ?? ''))
    .map((value) => ({ name: value.name ?? '', type: describeType(value.type) }));
}

function describeType(type: TypeProto | undefined): string {
  if (!type) return 'unknown';
  if (type.tensor_type) {
    const element = ELEMENT_TYPES[type.tensor_type.elem_type ?? 0] ?? `type${type.tensor_type.elem_type}`;
    const dims = type.tensor_type.shape?.dim?.map(
      (d) => d.dim_param || (d.dim_value !== undefined ? String(int64ToNumber(d.dim_value)) : '?'),
    );
    return `tensor(${element})${dims ? `[${dims.join(',')}]` : ''}`;
  }
  if (type.sequence_type) return `seq(${describeType(type.sequence_type.elem_type)})`;
  if (type.map_type)
    return `map(${ELEMENT_TYPES[type.map_type.key_type ?? 0] ?? '?'},${describeType(type.map_type.value_type)})`;
  return 'unknown';
}
