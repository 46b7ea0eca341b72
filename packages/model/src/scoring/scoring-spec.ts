import { readFile } from 'node:fs/promises';
import { METADATA } from '../onnx/metadata';
import { decodeModel } from '../onnx/proto';
import { featureOrderFromMetadata, parseFeatureList, type FeatureOrder } from './features';
import { OUTPUT_KINDS, type OutputKind } from './output-plan';
import type { ClassLabels } from './zipmap';

/**
 * How to score a model that does not say it all itself — recorded once (train's `features`, a
 * model's metadata) and found again from a registry version. The `scoring` block of run.json and
 * lineage.json; every field is optional.
 */
export interface ScoringRecord {
  /** The data columns the model's one [N, D] input takes, in order. */
  features?: string[];
  /** What a classifier's float output holds. */
  outputKind?: OutputKind;
  /** Class labels for a model whose outputs carry none. */
  classes?: ClassLabels;
}

/** A `ScoringRecord` in use: the feature order keeps where it came from, for messages. */
export interface ScoringSpec {
  features?: FeatureOrder;
  outputKind?: OutputKind;
  classes?: ClassLabels;
}

/** Checks a recorded `scoring` block (run.json, lineage.json); undefined stays undefined. */
export function parseScoringRecord(value: unknown, where: string): ScoringRecord | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${where}: "scoring" is not an object.`);
  }
  const record = value as Record<string, unknown>;
  const features = record['features'];
  const outputKind = record['outputKind'];
  const classes = record['classes'];
  if (
    features !== undefined &&
    !(Array.isArray(features) && features.every((name) => typeof name === 'string' && name !== ''))
  ) {
    throw new Error(`${where}: "scoring.features" is not a list of column names.`);
  }
  if (outputKind !== undefined && !(OUTPUT_KINDS as readonly unknown[]).includes(outputKind)) {
    throw new Error(
      `${where}: "scoring.outputKind" is ${JSON.stringify(outputKind)}; use ${OUTPUT_KINDS.join(' or ')}.`,
    );
  }
  if (
    classes !== undefined &&
    !(Array.isArray(classes) && classes.every((c) => typeof c === 'string' || typeof c === 'number'))
  ) {
    throw new Error(`${where}: "scoring.classes" is not a list of class labels.`);
  }
  return {
    ...(features ? { features: [...(features as string[])] } : {}),
    ...(outputKind ? { outputKind: outputKind as OutputKind } : {}),
    ...(classes ? { classes: [...(classes as ClassLabels)] } : {}),
  };
}

/** A record in use, its feature order labelled with `source` ("churn@v3 lineage.json"). */
export function scoringSpecOf(record: ScoringRecord | undefined, source: string): ScoringSpec {
  if (!record) return {};
  return {
    ...(record.features ? { features: { columns: record.features, source } } : {}),
    ...(record.outputKind ? { outputKind: record.outputKind } : {}),
    ...(record.classes ? { classes: record.classes } : {}),
  };
}

/**
 * Explicit settings first (an action input, a CLI flag), then what was recorded: each field on its
 * own, so `output-kind` given by hand keeps the registry version's feature order.
 */
export function mergeScoringSpecs(...specs: (ScoringSpec | undefined)[]): ScoringSpec {
  const merged: ScoringSpec = {};
  for (const spec of specs) {
    if (!spec) continue;
    if (!merged.features && spec.features) merged.features = spec.features;
    if (!merged.outputKind && spec.outputKind) merged.outputKind = spec.outputKind;
    if (!merged.classes && spec.classes) merged.classes = spec.classes;
  }
  return merged;
}

/** A spec back to its recorded form (what train writes into run.json). */
export function scoringRecordOf(spec: ScoringSpec): ScoringRecord | undefined {
  const record: ScoringRecord = {
    ...(spec.features ? { features: [...spec.features.columns] } : {}),
    ...(spec.outputKind ? { outputKind: spec.outputKind } : {}),
    ...(spec.classes ? { classes: [...spec.classes] } : {}),
  };
  return Object.keys(record).length > 0 ? record : undefined;
}

/**
 * What register-model records for a version: the run record's `scoring` block, completed field by
 * field from the model's own metadata (`mlops-actions:feature-names`, `mlops-actions:output-kind`).
 * Reads the ONNX file without a runtime. An unreadable run record or model is left to the
 * registration's own checks, which name the file.
 */
export async function recordedScoring(
  modelPath: string,
  runRecordPath?: string,
): Promise<ScoringRecord | undefined> {
  let runRecord: unknown;
  if (runRecordPath) {
    try {
      runRecord = JSON.parse((await readFile(runRecordPath, 'utf8')).replace(/^\uFEFF/, ''));
    } catch {
      runRecord = undefined;
    }
  }
  const fromRun =
    typeof runRecord === 'object' && runRecord !== null
      ? parseScoringRecord((runRecord as Record<string, unknown>)['scoring'], runRecordPath!)
      : undefined;
  let metadata = new Map<string, string>();
  try {
    const proto = decodeModel(await readFile(modelPath));
    metadata = new Map((proto.metadata_props ?? []).map((p) => [p.key ?? '', p.value ?? '']));
  } catch {
    // An unreadable model is reported by the registration's own checks.
  }
  const fromModel: ScoringSpec = {};
  const order = featureOrderFromMetadata(metadata, modelPath);
  if (order) fromModel.features = order;
  const kind = metadata.get(METADATA.outputKind);
  if (kind && (OUTPUT_KINDS as readonly string[]).includes(kind)) fromModel.outputKind = kind as OutputKind;
  return scoringRecordOf(mergeScoringSpecs(scoringSpecOf(fromRun, runRecordPath ?? 'run.json'), fromModel));
}

/** The names of the settings that make a `ScoringSpec`: action inputs and CLI flags alike. */
export type ScoringSetting = 'features' | 'output-kind' | 'classes';

/**
 * `features`, `output-kind` and `classes` as users give them (an action's inputs, the CLI's flags),
 * parsed and checked in one place so both mean the same. `label` names a setting in errors
 * ("Input `features`", "--features").
 */
export function scoringSpecFromSettings(
  read: (name: ScoringSetting) => string | undefined,
  label: (name: ScoringSetting) => string,
): ScoringSpec {
  const features = parseFeatureList(read('features'), label('features'));
  const outputKind = read('output-kind')?.trim();
  if (outputKind && !(OUTPUT_KINDS as readonly string[]).includes(outputKind)) {
    throw new Error(
      `${label('output-kind')} is "${outputKind}"; use ${OUTPUT_KINDS.join(' or ')} (or nothing: the output is then checked to hold probabilities).`,
    );
  }
  const classes = (read('classes') ?? '')
    .split(/[,\n]/)
    .map((name) => name.trim())
    .filter(Boolean);
  return {
    ...(features ? { features: { columns: features, source: label('features') } } : {}),
    ...(outputKind ? { outputKind: outputKind as OutputKind } : {}),
    ...(classes.length > 0 ? { classes } : {}),
  };
}
