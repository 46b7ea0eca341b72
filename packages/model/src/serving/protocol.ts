import type { RawColumn } from '../onnx/linear-model';
import type { OutputPlan } from '../scoring/output-plan';
import type { Scores } from '../scoring/scoring-model';
import type { ModelSignature, ValueSpec } from '../scoring/signature';

/**
 * The Open Inference Protocol v2 (KServe v2 / Triton) shapes this server speaks, and the mapping
 * between its named tensors and the scorer's columns and scores. Tensor data is JSON, row-major.
 */
export type Datatype = 'BOOL' | 'INT32' | 'INT64' | 'FP32' | 'FP64' | 'BYTES';

export interface TensorMetadata {
  name: string;
  datatype: Datatype;
  /** -1 for a dimension of any size (the batch). */
  shape: number[];
}

export interface Tensor extends TensorMetadata {
  data: (number | string | boolean)[];
}

export interface InferRequest {
  id?: string;
  inputs: Tensor[];
}

export interface InferResponse {
  model_name: string;
  model_version?: string;
  id?: string;
  outputs: Tensor[];
}

export interface ModelMetadata {
  name: string;
  versions: string[];
  platform: string;
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
}

/** A request the server refuses: answered with HTTP `status` and `{ error }`. */
export class ProtocolError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const DATATYPES: Record<string, Datatype> = {
  float32: 'FP32',
  float64: 'FP64',
  int64: 'INT64',
  int32: 'INT32',
  string: 'BYTES',
  bool: 'BOOL',
};

export function datatypeOf(spec: ValueSpec): Datatype {
  const datatype = DATATYPES[spec.type];
  if (!datatype)
    throw new Error(`input "${spec.name}" has type ${spec.type}, which the protocol cannot carry`);
  return datatype;
}

function protocolShape(shape: (number | string)[]): number[] {
  return shape.map((dim) => (typeof dim === 'number' && dim >= 0 ? dim : -1));
}

/**
 * The outputs are the scorer's reading of the model, whatever its ONNX output layout (ZipMap or
 * tensors): `label` and `probabilities` [N, K] for a classifier, `predictions` for a regressor.
 */
export function outputMetadata(plan: OutputPlan): TensorMetadata[] {
  if (plan.task === 'regression') return [{ name: 'predictions', datatype: 'FP64', shape: [-1] }];
  const outputs: TensorMetadata[] = [{ name: 'label', datatype: labelDatatype(plan.classes), shape: [-1] }];
  if (plan.probabilities) {
    outputs.push({ name: 'probabilities', datatype: 'FP64', shape: [-1, plan.classes.length] });
  }
  return outputs;
}

function labelDatatype(classes: readonly unknown[]): Datatype {
  if (classes.every((c) => typeof c === 'number' && Number.isSafeInteger(c))) return 'INT64';
  if (classes.every((c) => typeof c === 'number')) return 'FP64';
  return 'BYTES';
}

export function inputMetadata(signature: ModelSignature): TensorMetadata[] {
  return signature.inputs.map((input) => ({
    name: input.name,
    datatype: datatypeOf(input),
    shape: protocolShape(input.shape),
  }));
}

/** Columns for `ScoringModel.score` from the request's tensors, checked against the model's inputs. */
export function requestColumns(
  signature: ModelSignature,
  request: unknown,
): { columns: Map<string, RawColumn>; featureOrder?: string[] } {
  const inputs = (request as { inputs?: unknown } | null)?.inputs;
  if (!Array.isArray(inputs)) throw new ProtocolError(400, 'the request has no "inputs" array');
  const byName = new Map<string, Tensor>();
  for (const tensor of inputs as unknown[]) {
    if (typeof tensor !== 'object' || tensor === null || Array.isArray(tensor))
      throw new ProtocolError(
        400,
        'each of "inputs" must be a tensor object: { name, datatype, shape, data }',
      );
    byName.set(String((tensor as Tensor).name), tensor as Tensor);
  }
  const columns = new Map<string, RawColumn>();
  const single = signature.inputs.length === 1 ? signature.inputs[0]! : undefined;
  for (const input of signature.inputs) {
    const tensor = byName.get(input.name);
    if (!tensor) {
      throw new ProtocolError(
        400,
        `the request has no input "${input.name}" (the model takes ${signature.inputs.map((i) => i.name).join(', ')})`,
      );
    }
    const datatype = datatypeOf(input);
    if (tensor.datatype !== datatype) {
      throw new ProtocolError(
        400,
        `input "${input.name}" is ${datatype}, the request sends ${String(tensor.datatype)}`,
      );
    }
    const data = flatten(tensor.data);
    const shape = Array.isArray(tensor.shape) ? tensor.shape.map(Number) : [];
    const size = shape.reduce((a, b) => a * b, 1);
    if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 0) || size !== data.length) {
      throw new ProtocolError(
        400,
        `input "${input.name}": shape [${shape.join(', ')}] does not hold ${data.length} values`,
      );
    }
    const width = shape.length === 1 ? 1 : size / (shape[0] || 1);
    const declared = input.shape[1];
    if (shape.length === 2 && typeof declared === 'number' && declared >= 0 && width !== declared) {
      throw new ProtocolError(
        400,
        `input "${input.name}" has shape [${shape.join(', ')}]; the model takes [N, ${declared}]`,
      );
    }
    if (width === 1) {
      columns.set(input.name, columnOf(input, data));
    } else if (input === single && shape.length === 2) {
      // One [N, D] input: split the rows into D feature columns, fed back in the same order.
      const featureOrder = Array.from({ length: width }, (_, c) => `${input.name}[${c}]`);
      transpose(data, width).forEach((values, c) => columns.set(featureOrder[c]!, columnOf(input, values)));
      return { columns, featureOrder };
    } else {
      throw new ProtocolError(
        400,
        `input "${input.name}" has shape [${shape.join(', ')}]; send [N] or [N, 1]`,
      );
    }
  }
  return { columns };
}

/** Row-major [N, D] values as D columns, in one pass (not D passes over all N·D values). */
function transpose(data: unknown[], width: number): unknown[][] {
  const rows = data.length / width;
  const columns = Array.from({ length: width }, () => new Array<unknown>(rows));
  for (let i = 0; i < data.length; i++) columns[i % width]![Math.floor(i / width)] = data[i];
  return columns;
}

function flatten(data: unknown): unknown[] {
  if (!Array.isArray(data)) throw new ProtocolError(400, 'tensor "data" must be an array');
  return (data as unknown[]).flat(Infinity);
}

function columnOf(input: ValueSpec, data: unknown[]): RawColumn {
  if (input.type === 'string') {
    if (data.some((v) => typeof v !== 'string'))
      throw new ProtocolError(400, `input "${input.name}" is BYTES: send strings`);
    return data as string[];
  }
  if (data.some((v) => typeof v !== 'number'))
    throw new ProtocolError(400, `input "${input.name}" is numeric: send numbers`);
  return Float64Array.from(data as number[]);
}

/** The response tensors of `scores` (see `outputMetadata`). */
export function responseOutputs(scores: Scores): Tensor[] {
  if (scores.task === 'regression') {
    return [
      { name: 'predictions', datatype: 'FP64', shape: [scores.rows], data: Array.from(scores.predictions) },
    ];
  }
  const labels = Array.from(scores.labels, (index) => scores.classes[index]!);
  const outputs: Tensor[] = [
    { name: 'label', datatype: labelDatatype(scores.classes), shape: [scores.rows], data: labels },
  ];
  if (scores.probabilities) {
    outputs.push({
      name: 'probabilities',
      datatype: 'FP64',
      shape: [scores.rows, scores.classes.length],
      data: Array.from(scores.probabilities),
    });
  }
  return outputs;
}
