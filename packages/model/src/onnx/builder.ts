import { AttributeType, DataType, encodeModel } from './proto';
import type {
  AttributeProto,
  GraphProto,
  ModelProto,
  NodeProto,
  TensorProto,
  TypeProto,
  ValueInfoProto,
} from './proto';

/**
 * A small typed builder for ONNX graphs: values in, `ModelProto` out. Each helper maps one-to-one
 * onto an onnx.proto message (see https://onnx.ai/onnx/repo-docs/IR.html), so a graph reads like
 * the list of nodes it is.
 */

const utf8 = new TextEncoder();

/** Element types the builder writes, by their ONNX names. */
export type ElementType = 'float' | 'double' | 'int64' | 'string' | 'bool' | 'int32';

export const ELEMENT_TYPES: Record<ElementType, number> = {
  float: DataType.FLOAT,
  double: DataType.DOUBLE,
  int64: DataType.INT64,
  string: DataType.STRING,
  bool: DataType.BOOL,
  int32: DataType.INT32,
};

/** A dimension: a fixed size, or a symbolic name such as `'N'` for the batch. */
export type Dim = number | string;

export function tensorType(elementType: ElementType, shape: readonly Dim[]): TypeProto {
  return {
    tensor_type: {
      elem_type: ELEMENT_TYPES[elementType],
      shape: {
        dim: shape.map((dim) => (typeof dim === 'number' ? { dim_value: dim } : { dim_param: dim })),
      },
    },
  };
}

/** `seq(map(int64|string, float))`: what ai.onnx.ml ZipMap produces. */
export function sequenceOfMapsType(keyType: 'int64' | 'string'): TypeProto {
  return {
    sequence_type: {
      elem_type: { map_type: { key_type: ELEMENT_TYPES[keyType], value_type: tensorType('float', []) } },
    },
  };
}

export function valueInfo(name: string, type: TypeProto, docString?: string): ValueInfoProto {
  return docString === undefined ? { name, type } : { name, type, doc_string: docString };
}

/** A constant tensor (initializer) with its values stored in the field ONNX prescribes for the type. */
export function tensor(
  name: string,
  elementType: 'float' | 'double' | 'int64' | 'string',
  dims: readonly number[],
  values: ArrayLike<number> | readonly string[],
): TensorProto {
  const count = dims.reduce((n, d) => n * d, 1);
  if (values.length !== count) {
    throw new Error(
      `tensor ${name}: ${values.length} values for shape [${dims.join(', ')}] (needs ${count})`,
    );
  }
  const proto: TensorProto = { name, dims: [...dims], data_type: ELEMENT_TYPES[elementType] };
  if (elementType === 'string')
    proto.string_data = Array.from(values as readonly string[], (v) => utf8.encode(v));
  else if (elementType === 'float') proto.float_data = Array.from(values as ArrayLike<number>);
  else if (elementType === 'double') proto.double_data = Array.from(values as ArrayLike<number>);
  else proto.int64_data = Array.from(values as ArrayLike<number>);
  return proto;
}

/** Node attributes; the helpers below fix the ONNX attribute type explicitly (1 is an int, not a float). */
export const attr = {
  int: (name: string, value: number): AttributeProto => ({ name, type: AttributeType.INT, i: value }),
  float: (name: string, value: number): AttributeProto => ({ name, type: AttributeType.FLOAT, f: value }),
  string: (name: string, value: string): AttributeProto => ({
    name,
    type: AttributeType.STRING,
    s: utf8.encode(value),
  }),
  ints: (name: string, values: ArrayLike<number>): AttributeProto => ({
    name,
    type: AttributeType.INTS,
    ints: Array.from(values),
  }),
  floats: (name: string, values: ArrayLike<number>): AttributeProto => ({
    name,
    type: AttributeType.FLOATS,
    floats: Array.from(values),
  }),
  strings: (name: string, values: readonly string[]): AttributeProto => ({
    name,
    type: AttributeType.STRINGS,
    strings: values.map((v) => utf8.encode(v)),
  }),
  tensor: (name: string, value: TensorProto): AttributeProto => ({
    name,
    type: AttributeType.TENSOR,
    t: value,
  }),
};

/** The domain of the ONNX-ML operators (OneHotEncoder, LinearClassifier, ZipMap, …). */
export const ML_DOMAIN = 'ai.onnx.ml';

export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  options: { attributes?: AttributeProto[]; domain?: string; name?: string } = {},
): NodeProto {
  return {
    op_type: opType,
    input: [...inputs],
    output: [...outputs],
    name: options.name ?? `${opType}_${outputs[0] ?? ''}`,
    ...(options.domain ? { domain: options.domain } : {}),
    ...(options.attributes ? { attribute: options.attributes } : {}),
  };
}

export interface GraphSpec {
  name: string;
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  nodes: NodeProto[];
  initializers?: TensorProto[];
  docString?: string;
}

export function graph(spec: GraphSpec): GraphProto {
  return {
    name: spec.name,
    input: spec.inputs,
    output: spec.outputs,
    node: spec.nodes,
    initializer: spec.initializers ?? [],
    ...(spec.docString ? { doc_string: spec.docString } : {}),
  };
}

/**
 * Defaults chosen for what onnxruntime 1.16+ and other current runtimes load: IR version 8 with the
 * default domain at opset 17 and ai.onnx.ml at opset 3 (IR.md's versioning table pairs them).
 */
export const DEFAULT_IR_VERSION = 8;
export const DEFAULT_OPSETS: Readonly<Record<string, number>> = { '': 17, [ML_DOMAIN]: 3 };

export interface ModelSpec {
  graph: GraphProto;
  /** Operator set per domain (`''` is the default ONNX domain). */
  opsets?: Readonly<Record<string, number>>;
  /** Free-form key/value metadata (`metadata_props`), e.g. class labels. */
  metadata?: Readonly<Record<string, string>>;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
}

export function model(spec: ModelSpec): ModelProto {
  const opsets = spec.opsets ?? DEFAULT_OPSETS;
  return {
    ir_version: DEFAULT_IR_VERSION,
    opset_import: Object.entries(opsets).map(([domain, version]) => ({ domain, version })),
    producer_name: spec.producerName ?? 'mlops-actions',
    producer_version: spec.producerVersion ?? '0.1.0',
    graph: spec.graph,
    metadata_props: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
    ...(spec.docString ? { doc_string: spec.docString } : {}),
  };
}

/** Builds and serializes in one step. */
export function buildModel(spec: ModelSpec): Uint8Array {
  return encodeModel(model(spec));
}
