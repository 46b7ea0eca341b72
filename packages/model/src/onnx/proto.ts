import { Root } from 'protobufjs/light.js';
import type { Type } from 'protobufjs/light.js';
import { onnxDescriptor } from './onnx-descriptor';

/**
 * The ONNX protobuf messages this package writes and reads, typed by hand for the fields we use
 * (names and numbers as in onnx.proto). Encoding goes through protobufjs reflection over the
 * complete onnx.proto descriptor, so decoded models keep every field when re-encoded.
 */

/** `TensorProto.DataType` (onnx.proto). */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  DOUBLE: 11,
} as const;
export type DataType = (typeof DataType)[keyof typeof DataType];

/** `AttributeProto.AttributeType` (onnx.proto). */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

/** int64 fields: numbers when we build, `Long` objects when protobufjs decodes. */
export type Int64 = number | { toNumber(): number };

export interface TensorProto {
  name?: string;
  dims?: Int64[];
  data_type?: number;
  float_data?: number[];
  double_data?: number[];
  int64_data?: Int64[];
  string_data?: Uint8Array[];
}

export interface AttributeProto {
  name?: string;
  type?: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: Int64[];
  strings?: Uint8Array[];
}

export interface NodeProto {
  input?: string[];
  output?: string[];
  name?: string;
  op_type?: string;
  domain?: string;
  attribute?: AttributeProto[];
}

export interface DimensionProto {
  dim_value?: Int64;
  dim_param?: string;
}

export interface TypeProto {
  tensor_type?: { elem_type?: number; shape?: { dim?: DimensionProto[] } };
  sequence_type?: { elem_type?: TypeProto };
  map_type?: { key_type?: number; value_type?: TypeProto };
}

export interface ValueInfoProto {
  name?: string;
  type?: TypeProto;
  doc_string?: string;
}

export interface GraphProto {
  node?: NodeProto[];
  name?: string;
  initializer?: TensorProto[];
  doc_string?: string;
  input?: ValueInfoProto[];
  output?: ValueInfoProto[];
}

export interface OperatorSetIdProto {
  domain?: string;
  version?: Int64;
}

export interface StringStringEntryProto {
  key?: string;
  value?: string;
}

export interface ModelProto {
  ir_version?: Int64;
  opset_import?: OperatorSetIdProto[];
  producer_name?: string;
  producer_version?: string;
  domain?: string;
  model_version?: Int64;
  doc_string?: string;
  graph?: GraphProto;
  metadata_props?: StringStringEntryProto[];
}

let modelType: Type | undefined;
function modelProtoType(): Type {
  modelType ??= Root.fromJSON(onnxDescriptor).lookupType('onnx.ModelProto');
  return modelType;
}

/** Serializes a model to the ONNX file format (protobuf wire format of `onnx.ModelProto`). */
export function encodeModel(model: ModelProto): Uint8Array {
  const type = modelProtoType();
  return type.encode(type.fromObject(model as Record<string, unknown>)).finish();
}

/**
 * Parses ONNX bytes. Throws protobufjs's error on malformed wire data; note that protobuf cannot
 * tell every non-ONNX byte string from a model, so onnxruntime remains the final judge.
 */
export function decodeModel(bytes: Uint8Array): ModelProto {
  return modelProtoType().decode(bytes) as ModelProto;
}

/** A Long or number as a JavaScript number (exact below 2^53, which covers dims and opsets). */
export function int64ToNumber(value: Int64 | undefined): number {
  if (value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
