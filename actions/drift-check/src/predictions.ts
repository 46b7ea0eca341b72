import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitHubClient } from '@mlops-actions/github';
import { actionsRuntimeOptions } from '@mlops-actions/github/actions-cache';
import {
  mergeScoringSpecs,
  modelPredictionDrift,
  scoringSpecOf,
  type ModelPredictionDrift,
  type ScoringSpec,
  ensureOnnxRuntime,
} from '@mlops-actions/model';
import {
  downloadModelVersion,
  fetchVersionAsset,
  isVersionSelector,
  parseModelReference,
  parseVersionSelector,
  type RepoRef,
} from '@mlops-actions/registry';
import type { PredictionDriftRendering } from '@mlops-actions/report';
import { parseEvaluation, type ColumnTestOverride, type Evaluation } from '@mlops-actions/stats';

/** The model whose predictions are checked, and where its reference predictions come from. */
interface PredictionModel {
  path: string;
  /** "churn@v3", or the path. */
  label: string;
  tag?: string;
  version?: number;
  evaluation?: Evaluation;
  /** Where the evaluation came from, or would have: `churn@v3/evaluation.json`, a path. */
  evaluationSource: string;
  /** What the version's lineage.json records about scoring it. */
  scoring?: ScoringSpec;
}

export interface PredictionCheck {
  model: { label: string; path: string; tag?: string; version?: number };
  evaluationSource: string;
  result: ModelPredictionDrift;
}

/**
 * `model`: a path stays a path (reference predictions from `reference-predictions`); a registry version —
 * evaluate's `<name>@<selector>` or a bare selector of `model-name` as resolve-model takes it — is
 * downloaded with its sha256 verified, and its `evaluation.json` asset is the reference unless
 * `reference-predictions` names another file.
 */
async function predictionModel(
  text: string,
  referencePredictions: string | undefined,
  registry: { octokit: GitHubClient; repo: RepoRef; modelName: string; log: (line: string) => void },
): Promise<PredictionModel> {
  const fromFile = referencePredictions
    ? { evaluation: readEvaluation(referencePredictions), evaluationSource: referencePredictions }
    : undefined;
  const named = parseModelReference(text);
  const isRegistry = !existsSync(text) && (named !== undefined || isVersionSelector(text));
  if (!isRegistry)
    return {
      path: text,
      label: text,
      ...(fromFile ?? { evaluationSource: 'no `reference-predictions` given' }),
    };
  const modelName = named?.modelName ?? registry.modelName;
  const resolved = await downloadModelVersion(
    registry.octokit,
    registry.repo,
    { modelName, selector: named?.selector ?? parseVersionSelector(text) },
    join(process.env['RUNNER_TEMP'] || '.', 'mlops-models'),
    registry.log,
  );
  const identity = {
    path: resolved.path,
    label: resolved.tag,
    tag: resolved.tag,
    version: resolved.version,
    scoring: scoringSpecOf(resolved.lineage.scoring, `${resolved.tag}/lineage.json`),
  };
  if (fromFile) return { ...identity, ...fromFile };
  const evaluationSource = `${resolved.tag}/evaluation.json`;
  const evaluationText = await fetchVersionAsset(
    registry.octokit,
    registry.repo,
    modelName,
    resolved.version,
    'evaluation.json',
  );
  return {
    ...identity,
    evaluationSource,
    ...(evaluationText === undefined
      ? {}
      : { evaluation: parseEvaluation(evaluationText, evaluationSource) }),
  };
}

function readEvaluation(path: string): Evaluation {
  return parseEvaluation(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), path);
}

/**
 * Prediction drift for the `model` input: resolve the model and its reference predictions, then (only
 * when there is a reference to compare with) fetch onnxruntime, score the current data and test.
 */
export async function checkPredictions(input: {
  model: string;
  referencePredictions?: string;
  current: readonly string[];
  test?: ColumnTestOverride;
  /** Given settings; they win over what the registry version records, field by field. */
  scoring: ScoringSpec;
  registry: { octokit: GitHubClient; repo: RepoRef; modelName: string };
  log: (line: string) => void;
}): Promise<PredictionCheck> {
  const model = await predictionModel(input.model, input.referencePredictions, {
    ...input.registry,
    log: input.log,
  });
  const needsRuntime = model.evaluation?.predictions !== undefined;
  const result = await modelPredictionDrift({
    model: model.path,
    data: input.current,
    runtime: needsRuntime ? { runtime: await ensureOnnxRuntime(actionsRuntimeOptions()) } : {},
    evaluation: model.evaluation,
    evaluationSource: model.evaluationSource,
    ...(input.test ? { test: input.test } : {}),
    scoring: mergeScoringSpecs(input.scoring, model.scoring),
    log: input.log,
  });
  return {
    model: {
      label: model.label,
      path: model.path,
      ...(model.tag ? { tag: model.tag } : {}),
      ...(model.version ? { version: model.version } : {}),
    },
    evaluationSource: model.evaluationSource,
    result,
  };
}

/** What the job summary and the pull request show of a prediction check. */
export function predictionRendering(check: PredictionCheck): PredictionDriftRendering {
  const { result } = check;
  if (!result.tested) return { modelLabel: check.model.label, notice: result.notice };
  return {
    modelLabel: check.model.label,
    referenceLabel: check.evaluationSource,
    referenceRows: result.referenceRows,
    currentRows: result.currentRows,
    drift: result.drift,
  };
}
