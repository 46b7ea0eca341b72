import type { ModelProto } from '../onnx/proto';
import { METADATA } from '../onnx/metadata';
import { ScoringError } from './scoring-error';
import { FLOAT_TYPES, LABEL_TYPES, describe } from './signature';
import type { ModelSignature, ValueSpec } from './signature';
import { classifierNodeClasses } from './zipmap';
import type { ClassLabels } from './zipmap';

/**
 * Which outputs to fetch and how to read them.
 * - classification: `label` holds class values (`labelIsIndex` false) or indices into `classes`
 *   (our exporter's int64 label); `probabilities` is [N, K] with columns in `classes` order.
 * - regression: one float output of shape [N] or [N, 1].
 */
export type OutputPlan =
  | {
      task: 'classification';
      label?: string;
      labelIsIndex: boolean;
      probabilities?: string;
      classes: ClassLabels;
    }
  | { task: 'regression'; prediction: string };

/**
 * Reads the outputs the way common ONNX classifiers lay them out (skl2onnx: `output_label` +
 * `output_probability`; ours: `label` + `probabilities`): a label is an int64/int32/string tensor,
 * probabilities a float tensor (or an unzipped ZipMap). Without either it is a regressor.
 */
export function planOutputs(
  where: string,
  signature: ModelSignature,
  proto: ModelProto,
  zipMaps: ReadonlyMap<string, ClassLabels>,
): OutputPlan {
  const outputs = signature.outputs;
  const unsupported = outputs.find((o) => o.type === 'non-tensor');
  if (unsupported) {
    throw new ScoringError(
      where,
      `output "${unsupported.name}" is not a tensor and not a ZipMap; onnxruntime-node can only return tensors`,
    );
  }
  const metadata = new Map((proto.metadata_props ?? []).map((p) => [p.key ?? '', p.value ?? '']));
  const label = outputs.find((o) => LABEL_TYPES.includes(o.type));
  const floats = outputs.filter((o) => FLOAT_TYPES.includes(o.type));
  const probabilities =
    outputs.find((o) => zipMaps.has(o.name)) ??
    floats.find((o) => /prob/i.test(o.name)) ??
    (label ? floats.find((o) => o.shape.length === 2) : undefined);

  if (!label && !probabilities) {
    if (floats.length !== 1 && !floats.some((o) => o.name === 'prediction')) {
      throw new ScoringError(
        where,
        `cannot tell which output is the prediction among ${outputs.map((o) => `"${o.name}" ${describe(o)}`).join(', ')}; ` +
          'a regressor needs one float output, a classifier an int64/string label or a probabilities output',
      );
    }
    const prediction = floats.find((o) => o.name === 'prediction') ?? (floats[0] as ValueSpec);
    return { task: 'regression', prediction: prediction.name };
  }

  const fromZipMap = probabilities ? zipMaps.get(probabilities.name) : undefined;
  const fromNode = label ? classifierNodeClasses(proto, label.name) : undefined;
  const fromMetadata = parseClasses(where, metadata.get(METADATA.classes));
  let classes: ClassLabels | undefined = fromZipMap ?? fromNode;
  let labelIsIndex = false;
  if (!classes && fromMetadata) {
    classes = fromMetadata;
    labelIsIndex = label?.type !== 'string';
  }
  if (!classes) {
    const width = probabilities?.shape[1];
    if (label?.type === 'string' || typeof width !== 'number') {
      throw new ScoringError(
        where,
        'cannot determine the class labels: no ZipMap, no classifier node with classlabels_*, ' +
          `no "${METADATA.classes}" metadata, and no fixed probabilities width`,
      );
    }
    classes = Array.from({ length: width }, (_, i) => i); // integer labels 0..K-1 are their own indices
  }
  return {
    task: 'classification',
    ...(label ? { label: label.name } : {}),
    ...(probabilities ? { probabilities: probabilities.name } : {}),
    labelIsIndex,
    classes,
  };
}

function parseClasses(where: string, json: string | undefined): ClassLabels | undefined {
  if (json === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(json);
    if (Array.isArray(parsed) && parsed.every((c) => typeof c === 'string' || typeof c === 'number'))
      return parsed;
  } catch {
    // reported below
  }
  throw new ScoringError(
    where,
    `metadata "${METADATA.classes}" is not a JSON array of labels: ${json.slice(0, 80)}`,
  );
}
