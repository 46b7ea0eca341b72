import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  driftReportDocument,
  modelPredictionDrift,
  predictionDriftSection,
  serializeDriftReport,
  type PredictionDriftSection,
  type ScoringSpec,
} from '@mlops-actions/model';
import {
  type ColumnTestOverride,
  describeProgress,
  driftBetweenProfiles,
  localReference,
  parseEvaluation,
  profileDataset,
  validateColumnTests,
  versionReference,
  readMappingInput,
} from '@mlops-actions/stats';
import { fetchStageReference } from '@mlops-actions/registry';
import { UsageError, type CliIO, type Command, type CommandArgs } from '../command';
import { gitHubFromEnv } from '../github';
import { EXTERNAL_DATA_HELP, EXTERNAL_DATA_OPTION, modelLoadOptions } from '../onnxruntime';
import { SCORING_FLAGS, scoringFlags } from '../scoring-flags';

const HELP = `Usage: mlops-actions drift --reference <profile.json | data…> --current <data…> [options]
       mlops-actions drift --model-name NAME [--repo owner/name] --current <data…> [options]

Compares current data with a reference column by column with Evidently's default tests (KS or normed
Wasserstein for numbers, chi-square, z or Jensen–Shannon for categories; PSI on request), and the
dataset drifts when the drifted share of tested columns reaches --drift-share — the report the
drift-check action writes. With --model and --reference-predictions, also prediction drift: the
model scores the current data and its predictions (a multiclass model's classes and each class's
probability) are tested against the ones the evaluation recorded (reported on its own, not counted
in the drifted share). Drift is a finding: exit code 0.

  --reference FILE              a profile.json, or reference data files or globs (repeatable)
  --model-name NAME             instead of --reference: the training profile of the version of NAME
                                in production, from the repository's releases and deployments
                                (token from GITHUB_TOKEN or GH_TOKEN, e.g. GH_TOKEN=$(gh auth token))
  --repo OWNER/NAME             the repository of --model-name (default: GITHUB_REPOSITORY)
  --current FILE                current data file or glob (repeatable; also as positional arguments)
  --tests SPEC                  per-column overrides, a YAML/JSON file or inline YAML,
                                e.g. '{income: {method: psi, threshold: 0.2}}'
                                (methods: ks, chisquare, z, wasserstein, jensenshannon, psi)
  --drift-share SHARE           dataset drift from this drifted share of columns (default 0.5)
  --model FILE                  an ONNX model: also check prediction drift
  --reference-predictions FILE  the model's evaluation.json, whose "predictions" are the reference
  --features LIST               for a model with one [N, D] input: the D columns in its input order
  --output-kind KIND            probability | logit: what the model's float output holds
  --classes LIST                class labels for a classifier whose outputs carry none
  --prediction-test SPEC        method and threshold of the prediction test, e.g. '{method: psi}'
  --report FILE                 where to write the drift report JSON (default: print it);
                                --output is the same
${EXTERNAL_DATA_HELP}
`;

export const driftCommand: Command = {
  name: 'drift',
  summary: 'drift --reference ref --current cur: per-column and prediction drift (as drift-check)',
  help: HELP,
  options: {
    reference: { type: 'string', multiple: true },
    'model-name': { type: 'string' },
    repo: { type: 'string' },
    current: { type: 'string', multiple: true },
    tests: { type: 'string' },
    'drift-share': { type: 'string' },
    model: { type: 'string' },
    'reference-predictions': { type: 'string' },
    'prediction-test': { type: 'string' },
    ...SCORING_FLAGS,
    report: { type: 'string' },
    output: { type: 'string' },
    ...EXTERNAL_DATA_OPTION,
  },
  async run(args: CommandArgs, io: CliIO): Promise<number> {
    const flag = (name: string) => args.flags[name] as string | undefined;
    const list = (name: string) => (args.flags[name] as string[] | undefined) ?? [];
    const referencePaths = list('reference');
    const currentPaths = [...list('current'), ...args.positionals];
    const modelName = flag('model-name');
    if (referencePaths.length > 0 && modelName)
      throw new UsageError('give --reference or --model-name (the production version’s profile), not both.');
    if ((referencePaths.length === 0 && !modelName) || currentPaths.length === 0)
      throw new UsageError(
        'a reference (--reference, or --model-name for the version in production) and current data (--current or arguments) are required.',
      );
    const driftShare = flag('drift-share') === undefined ? 0.5 : Number(flag('drift-share'));
    if (!(Number.isFinite(driftShare) && driftShare > 0 && driftShare <= 1))
      throw new UsageError(`--drift-share "${flag('drift-share')}" is not a share in (0, 1], e.g. 0.5.`);
    const model = flag('model');
    const referencePredictions = flag('reference-predictions');
    if (referencePredictions && !model)
      throw new UsageError('--reference-predictions needs --model: the model whose predictions are checked.');
    const tests = flag('tests') === undefined ? undefined : readSpec('tests', flag('tests')!, io.cwd);
    const predictionTest = predictionTestFlag(flag('prediction-test'), io.cwd);

    const reference = modelName
      ? await productionReference(io, modelName, flag('repo'))
      : await localReference(referencePaths, {
          cwd: io.cwd,
          onProgress: (progress) => io.stderr(`${describeProgress('profiling the reference', progress)}\n`),
        });
    const current = await profileDataset(currentPaths, {
      cwd: io.cwd,
      reference: reference.profile,
      onProgress: (progress) => io.stderr(`${describeProgress('profiling the current data', progress)}\n`),
    });
    if (current.rows === 0)
      throw new Error(`the current data (${currentPaths.join(', ')}) has no rows: nothing to compare.`);
    const report = driftBetweenProfiles(reference.profile, current, {
      driftShare,
      ...(tests === undefined ? {} : { tests: tests as Record<string, ColumnTestOverride> }),
    });
    const predictions = model
      ? await predictionDrift(io, {
          model,
          current: currentPaths,
          ...(referencePredictions ? { referencePredictions } : {}),
          ...(predictionTest ? { test: predictionTest } : {}),
          flags: args.flags,
          scoring: scoringFlags(flag),
        })
      : undefined;

    const document = driftReportDocument({
      report,
      reference,
      current: { paths: currentPaths, profile: current },
      ...(predictions ? { predictions } : {}),
    });
    const json = serializeDriftReport(document);
    const output = flag('report') ?? flag('output');
    if (output) {
      await writeFile(resolve(io.cwd, output), json);
      io.stderr(`wrote ${output}\n`);
    } else io.stdout(json);
    for (const finding of report.findings) io.stderr(`finding: ${finding.message}\n`);
    io.stderr(
      `${report.datasetDrift ? 'data drift' : 'no data drift'}: ${report.driftedColumns} of ${report.testedColumns} columns drifted (share ${Number(report.driftedShare.toFixed(4))}, drift at ${driftShare})\n`,
    );
    if (predictions) io.stderr(`${predictionLine(predictions)}\n`);
    return 0;
  },
};

async function predictionDrift(
  io: CliIO,
  input: {
    model: string;
    current: string[];
    referencePredictions?: string;
    test?: ColumnTestOverride;
    flags: CommandArgs['flags'];
    scoring: ScoringSpec;
  },
): Promise<PredictionDriftSection> {
  const at = (path: string) => resolve(io.cwd, path);
  const evaluationSource = input.referencePredictions ?? 'no --reference-predictions given';
  const evaluation = input.referencePredictions
    ? parseEvaluation(readFileSync(at(input.referencePredictions), 'utf8'), input.referencePredictions)
    : undefined;
  const result = await modelPredictionDrift({
    model: at(input.model),
    data: input.current.map(at),
    // onnxruntime only when there are reference predictions to compare with.
    runtime: evaluation?.predictions ? await modelLoadOptions(io, input.flags) : {},
    evaluation,
    evaluationSource,
    ...(input.test ? { test: input.test } : {}),
    scoring: input.scoring,
    log: (line) => io.stderr(`${line}\n`),
  });
  return predictionDriftSection(result, { model: { path: input.model }, referenceSource: evaluationSource });
}

function predictionLine(section: PredictionDriftSection): string {
  if (!section.column)
    return `prediction drift not checked: ${section.notice ?? section.findings[0]?.message ?? ''}`;
  const { method, statistic, pValue } = section.column;
  const value = pValue === undefined ? `${method} ${statistic}` : `${method} ${statistic} (p = ${pValue})`;
  const drifted = (section.probabilities ?? [])
    .filter((column) => column.drifted)
    .map(({ column }) => column);
  const classes = section.probabilities
    ? `; class probabilities: ${drifted.length > 0 ? `${drifted.join(', ')} drifted` : `none of ${section.probabilities.length} drifted`}`
    : '';
  return `${section.drifted ? 'prediction drift' : 'no prediction drift'} (${section.output}): ${value}${classes}`;
}

function predictionTestFlag(text: string | undefined, cwd: string): ColumnTestOverride | undefined {
  if (text === undefined) return undefined;
  const spec = readSpec('prediction-test', text, cwd);
  try {
    return validateColumnTests({ prediction: spec }, ['prediction'])['prediction'];
  } catch (error) {
    throw new UsageError(
      `--prediction-test: ${(error as Error).message.replace(/^tests\.prediction\.?:?\s*/, '')}`,
    );
  }
}

/** A YAML/JSON mapping from a file, or inline, read as drift-check reads its `tests` input. */
function readSpec(name: string, text: string, cwd: string): Record<string, unknown> {
  try {
    return readMappingInput(text, {
      cwd,
      label: `--${name}`,
      expected: 'a mapping, e.g. {income: {method: psi, threshold: 0.2}}',
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The training profile of the version of `modelName` in production, through the GitHub API. */
async function productionReference(io: CliIO, modelName: string, repoFlag: string | undefined) {
  const { octokit, owner, repo } = gitHubFromEnv(io, repoFlag);
  const stage = await fetchStageReference(octokit, { owner, repo }, modelName);
  io.stderr(`reference: ${stage.tag} (in ${stage.environment}), deployment ${stage.deploymentId}\n`);
  return versionReference(stage);
}
