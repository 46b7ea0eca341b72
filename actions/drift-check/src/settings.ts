import * as core from '@actions/core';
import { scoringSpecFromSettings, type ScoringSpec } from '@mlops-actions/model';
import { checkModelName } from '@mlops-actions/registry';
import {
  DEFAULT_DRIFT_SHARE,
  readMappingInput,
  validateColumnTests,
  type ColumnTestOverride,
} from '@mlops-actions/stats';

/** The action's inputs, read and checked once. */
export interface Settings {
  modelName: string;
  current: string[];
  /** A profile.json or data files; empty: the production version's training profile. */
  reference: string[];
  /** Per-column overrides as given; checked against the columns once the profiles are known. */
  tests?: unknown;
  /** The model whose predictions are checked: a path, `<name>@<selector>`, or a selector of `modelName`. */
  model?: string;
  /** An evaluation.json whose `predictions` are the reference (default: the registry version's). */
  referencePredictions?: string;
  /** Method and threshold of the prediction drift test. */
  predictionTest?: ColumnTestOverride;
  driftShare: number;
  openPr: boolean;
  /** Workflow file to dispatch on drift; undefined for none. */
  retrainWorkflow?: string;
  token: string;
  reportPath: string;
  /** `features`, `output-kind`, `classes`: how to score `model` where it does not say. */
  scoring: ScoringSpec;
}

export function readSettings(): Settings {
  const current = core.getMultilineInput('current', { required: true });
  if (current.length === 0) throw new Error('Input `current` is empty: give the current data files.');
  const retrainWorkflow = core.getInput('retrain-workflow');
  const tests = testsInput();
  const model = core.getInput('model');
  const referencePredictions = core.getInput('reference-predictions');
  const predictionTest = predictionTestInput();
  return {
    modelName: checkModelName(core.getInput('model-name', { required: true })),
    current,
    reference: core.getMultilineInput('reference'),
    ...(tests === undefined ? {} : { tests }),
    ...(model ? { model } : {}),
    ...(referencePredictions ? { referencePredictions } : {}),
    ...(predictionTest ? { predictionTest } : {}),
    driftShare: driftShareInput(),
    openPr: core.getBooleanInput('open-pr'),
    ...(retrainWorkflow ? { retrainWorkflow } : {}),
    token: core.getInput('github-token'),
    reportPath: core.getInput('report') || 'drift-report.json',
    scoring: scoringSpecFromSettings(
      (name) => core.getInput(name),
      (name) => `Input \`${name}\``,
    ),
  };
}

function driftShareInput(): number {
  const text = core.getInput('drift-share');
  if (text === '') return DEFAULT_DRIFT_SHARE;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0 && value <= 1))
    throw new Error(`Input \`drift-share\` is "${text}"; give a share in (0, 1], e.g. 0.5.`);
  return value;
}

/** `prediction-test`: `{method, threshold}`, checked as a `tests` entry would be. */
function predictionTestInput(): ColumnTestOverride | undefined {
  const test = yamlInput('prediction-test');
  if (test === undefined) return undefined;
  try {
    return validateColumnTests({ prediction: test }, ['prediction'])['prediction'];
  } catch (error) {
    throw new Error(
      `Input \`prediction-test\`: ${(error as Error).message.replace(/^tests\.prediction\.?/, '')}`,
    );
  }
}

/** `tests`: a YAML/JSON file, or the YAML itself. */
function testsInput(): unknown {
  return yamlInput('tests');
}

function yamlInput(name: string): unknown {
  const text = core.getInput(name);
  if (!text) return undefined;
  return readMappingInput(text, {
    label: `the \`${name}\` input`,
    expected:
      name === 'tests'
        ? 'a mapping of column → { method, threshold }, e.g. {income: {method: psi}}'
        : '{ method, threshold }, e.g. {method: psi, threshold: 0.2}',
  });
}
