import type { InferenceSession } from 'onnxruntime-node';

/** One input or output as onnxruntime reports it; `shape` holds symbolic dims as strings (`'N'`). */
export interface ValueSpec {
  name: string;
  /** onnxruntime's element type name (`float32`, `float64`, `int64`, `string`, …), or `non-tensor`. */
  type: string;
  shape: (number | string)[];
}

export interface ModelSignature {
  inputs: ValueSpec[];
  outputs: ValueSpec[];
}

export function signatureOf(session: InferenceSession): ModelSignature {
  const spec = (meta: InferenceSession.ValueMetadata): ValueSpec =>
    meta.isTensor
      ? { name: meta.name, type: meta.type, shape: [...meta.shape] }
      : { name: meta.name, type: 'non-tensor', shape: [] };
  return { inputs: session.inputMetadata.map(spec), outputs: session.outputMetadata.map(spec) };
}

/** `float32 [N, 1]`, for messages. */
export function describe(spec: ValueSpec): string {
  return `${spec.type} [${spec.shape.join(', ')}]`;
}

export const FLOAT_TYPES: readonly string[] = ['float32', 'float64'];
export const LABEL_TYPES: readonly string[] = ['int64', 'int32', 'string'];
