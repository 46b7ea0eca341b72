import * as core from '@actions/core';
import { scoringSpecFromSettings, type ScoringSpec } from '@mlops-actions/model';
import { readGateSpec, type GateSpec, type MetricTask } from '@mlops-actions/stats';

/** The action's inputs, read and checked once. */
export interface Settings {
  model: string;
  data: string[];
  target: string;
  task?: MetricTask;
  /** A path, a registry version, or `none`; empty: production's version of `modelName`. */
  baseline?: string;
  modelName?: string;
  token: string;
  metrics?: string[];
  gates?: GateSpec;
  slices: string[];
  minSliceSize: number;
  threshold: number;
  resamples: number;
  failOnGate: boolean;
  output: string;
  /** `features`, `output-kind`, `classes`: how to score the candidate where it does not say. */
  scoring: ScoringSpec;
}

const TASKS: readonly MetricTask[] = ['binary', 'multiclass', 'regression'];

export function readSettings(): Settings {
  const task = core.getInput('task');
  if (task && !TASKS.includes(task as MetricTask)) {
    throw new Error(`Input \`task\` is "${task}"; use one of ${TASKS.join(', ')} (or leave it empty).`);
  }
  const model = core.getInput('model', { required: true });
  const baseline = core.getInput('baseline');
  const modelName = core.getInput('model-name');
  return {
    model,
    data: core.getMultilineInput('data', { required: true }),
    target: core.getInput('target', { required: true }),
    ...(task ? { task: task as MetricTask } : {}),
    ...(baseline ? { baseline } : {}),
    ...(modelName ? { modelName } : {}),
    token: core.getInput('github-token'),
    ...listInput('metrics', (metrics) => ({ metrics })),
    ...gatesInput(),
    slices: list(core.getInput('slices')),
    minSliceSize: numberInput('min-slice-size', { min: 1 }),
    threshold: numberInput('threshold', { min: 0, max: 1 }),
    resamples: numberInput('bootstrap', { min: 0 }),
    failOnGate: core.getBooleanInput('fail-on-gate'),
    output: core.getInput('output') || 'evaluation.json',
    scoring: scoringSpecFromSettings(
      (name) => core.getInput(name),
      (name) => `Input \`${name}\``,
    ),
  };
}

function list(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

function listInput<T>(name: string, wrap: (items: string[]) => T): T | Record<string, never> {
  const items = list(core.getInput(name));
  return items.length ? wrap(items) : {};
}

function numberInput(name: string, range: { min?: number; max?: number }): number {
  const text = core.getInput(name);
  const value = Number(text);
  if (
    text === '' ||
    !Number.isFinite(value) ||
    value < (range.min ?? -Infinity) ||
    value > (range.max ?? Infinity)
  ) {
    const bounds = [
      range.min !== undefined ? `≥ ${range.min}` : '',
      range.max !== undefined ? `≤ ${range.max}` : '',
    ].filter(Boolean);
    throw new Error(`Input \`${name}\` is "${text}"; give a number ${bounds.join(' and ')}.`);
  }
  return value;
}

/** `thresholds`: a YAML/JSON file, or the YAML itself. */
function gatesInput(): { gates: GateSpec } | Record<string, never> {
  const text = core.getInput('thresholds');
  return text ? { gates: readGateSpec(text, { label: 'the `thresholds` input' }) } : {};
}
