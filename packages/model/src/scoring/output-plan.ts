import type { ModelProto } from '../onnx/proto';
import { METADATA } from '../onnx/metadata';
import { ScoringError } from './scoring-error';
import { FLOAT_TYPES, LABEL_TYPES, describe } from './signature';
import type { ModelSignature, ValueSpec } from './signature';
import { classifierNodeClasses } from './zipmap';
import type { ClassLabels } from './zipmap';

/** What a classifier's float output holds: probabilities, or logits (scores before sigmoid/softmax). */
export type OutputKind = 'probability' | 'logit';
export const OUTPUT_KINDS: readonly OutputKind[] = ['probability', 'logit'];

/** What the user says about the outputs when the model does not say it itself. */
export interface OutputOptions {
  /** Forces a classifier or a regressor reading of one float output. */
  task?: 'binary' | 'multiclass' | 'regression';
  /** Default: from metadata `mlops-actions:output-kind`, else checked to be probabilities. */
  outputKind?: OutputKind;
  /** Class labels for a model that records none (a bare [N, K] or [N, 1] float output). */
  classes?: ClassLabels;
}

/**
 * Which outputs to fetch and how to read them.
 * - classification: `label` holds class values (`labelIsIndex` false) or indices into `classes`
 *   (our exporter's int64 label); `probabilities` is [N, K] with columns in `classes` order, or
 *   (`singleScore`) [N] / [N, 1] holding the second class's score. `scoreKind` says whether those
 *   numbers are probabilities, logits to pass through sigmoid/softmax, or unknown (`auto`: checked
 *   to be probabilities, and refused otherwise).
 * - regression: one float output of shape [N] or [N, 1].
 */
export type OutputPlan =
  | {
      task: 'classification';
      label?: string;
      labelIsIndex: boolean;
      probabilities?: string;
      singleScore: boolean;
      scoreKind: OutputKind | 'auto';
      classes: ClassLabels;
    }
  | { task: 'regression'; prediction: string };

/** Names that say a float output is a classifier's score. */
const SCORE_NAME = /prob|logit/i;

/**
 * Reads the outputs the way real exporters lay them out: skl2onnx (`output_label` + ZipMap
 * `output_probability`), onnxmltools with `zipmap=False` (`label` + `probabilities`), ai.onnx.ml
 * classifier nodes, PyTorch (`probability` [N, 1], `probabilities` [N, K], logits), ours (`label` +
 * `probabilities`). A label is an int64/int32/string tensor, scores a float tensor (or an unzipped
 * ZipMap). One float output of width 1 with no name, task or kind saying otherwise is a regressor.
 */
export function planOutputs(
  where: string,
  signature: ModelSignature,
  proto: ModelProto,
  zipMaps: ReadonlyMap<string, ClassLabels>,
  options: OutputOptions = {},
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
  const scoreKind = options.outputKind ?? metadataKind(where, metadata.get(METADATA.outputKind)) ?? 'auto';
  const label = outputs.find((o) => LABEL_TYPES.includes(o.type));
  const floats = outputs.filter((o) => FLOAT_TYPES.includes(o.type));
  if (options.task === 'regression') return regressionPlan(where, outputs, floats);

  const hinted = options.task !== undefined || scoreKind !== 'auto';
  const probabilities =
    outputs.find((o) => zipMaps.has(o.name)) ??
    floats.find((o) => SCORE_NAME.test(o.name)) ??
    (label ? floats.find((o) => o.shape.length === 2) : undefined) ??
    floats.find((o) => typeof o.shape[1] === 'number' && o.shape[1] >= 2) ??
    (hinted && floats.length === 1 ? floats[0] : undefined);

  if (!label && !probabilities) return regressionPlan(where, outputs, floats);

  const width = probabilities?.shape.length === 1 ? 1 : probabilities?.shape[1];
  const singleScore = width === 1;
  const fromZipMap = probabilities ? zipMaps.get(probabilities.name) : undefined;
  const fromNode = label ? classifierNodeClasses(proto, label.name) : undefined;
  const fromMetadata = parseClasses(where, metadata.get(METADATA.classes));
  let classes: ClassLabels | undefined = fromZipMap ?? fromNode;
  let labelIsIndex = false;
  if (!classes && (fromMetadata ?? options.classes)) {
    classes = fromMetadata ?? options.classes;
    labelIsIndex = label?.type !== 'string';
  }
  if (!classes) {
    if (label?.type === 'string' || (typeof width !== 'number' && !singleScore)) {
      throw new ScoringError(
        where,
        'cannot determine the class labels: no ZipMap, no classifier node with classlabels_*, ' +
          `no "${METADATA.classes}" metadata, and no fixed probabilities width — give \`classes\` (--classes)`,
      );
    }
    // Integer labels 0..K-1 are their own indices; one score is the probability of class 1.
    classes = Array.from({ length: singleScore ? 2 : (width as number) }, (_, i) => i);
  }
  const expected = singleScore ? 2 : width;
  if (probabilities && typeof expected === 'number' && classes.length !== expected) {
    throw new ScoringError(
      where,
      `output "${probabilities.name}" (${describe(probabilities)}) scores ${expected} classes but ${classes.length} class labels are given (${classes.join(', ')})`,
    );
  }
  return {
    task: 'classification',
    ...(label ? { label: label.name } : {}),
    ...(probabilities ? { probabilities: probabilities.name } : {}),
    labelIsIndex,
    singleScore,
    scoreKind,
    classes,
  };
}

function regressionPlan(
  where: string,
  outputs: readonly ValueSpec[],
  floats: readonly ValueSpec[],
): OutputPlan {
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

function metadataKind(where: string, text: string | undefined): OutputKind | undefined {
  if (text === undefined || text === '') return undefined;
  if ((OUTPUT_KINDS as readonly string[]).includes(text)) return text as OutputKind;
  throw new ScoringError(
    where,
    `metadata "${METADATA.outputKind}" is "${text.slice(0, 40)}"; use ${OUTPUT_KINDS.join(' or ')}`,
  );
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
