import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { evaluateModel, mergeScoringSpecs, scoringSpecOf, type ScoringSpec } from '@mlops-actions/model';
import {
  downloadModelVersion,
  evaluatedVersionReference,
  parseModelReference,
} from '@mlops-actions/registry';
import { readGateSpec, type MetricTask, type ModelReference } from '@mlops-actions/stats';
import { existsSync } from 'node:fs';
import { UsageError, type CliIO, type Command, type CommandArgs } from '../command';
import { gitHubFromEnv } from '../github';
import { EXTERNAL_DATA_HELP, EXTERNAL_DATA_OPTION, modelLoadOptions } from '../onnxruntime';
import { SCORING_FLAGS, scoringFlags } from '../scoring-flags';

const HELP = `Usage: mlops-actions evaluate --model m.onnx --data test.csv --target y [--baseline prod.onnx] [options]

Scores an ONNX model (and a baseline on the same rows) with onnxruntime-node: the task's metrics
with scikit-learn's definitions, paired bootstrap intervals of each change, McNemar or Wilcoxon,
gates and slices — the evaluation.json the evaluate action writes. Exit code 1 when a gate fails.

  --model MODEL       candidate: an ONNX file, or a registry version (churn@v3, churn@latest,
                      churn@stage:production) read from the repository's releases
                      (--repo or GITHUB_REPOSITORY; token from GITHUB_TOKEN or GH_TOKEN)
  --data FILE         data file or glob (repeatable; also as positional arguments)
  --target COLUMN     the truth column
  --baseline MODEL    baseline: an ONNX file or a registry version, as --model
  --repo OWNER/NAME   the repository of registry versions (default: GITHUB_REPOSITORY)
  --task TASK         binary | multiclass | regression (default: from the model)
  --features LIST     for a model with one [N, D] input (PyTorch, skl2onnx, …): the D columns in
                      the model's input order, comma-separated (default: the model's metadata
                      "mlops-actions:feature-names"); the baseline gets the same unless it records its own
  --output-kind KIND  probability | logit: what a classifier's float output holds (default: checked
                      to be probabilities; logits are refused unless you say so)
  --classes LIST      class labels for a classifier whose outputs carry none (default 0..K-1)
  --metrics LIST      comma-separated metric names
  --thresholds SPEC   gates: a YAML/JSON file or inline YAML, e.g. '{roc_auc: {min: 0.8}}'
  --slices LIST       columns to break the metrics down by
  --bootstrap N       resamples (default 1000; 0 = no intervals)
  --threshold P       decision threshold of the binary metrics (default 0.5)
  --output FILE       where to write evaluation.json (default: print it)
${EXTERNAL_DATA_HELP}
`;

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'evaluate --model m.onnx --data d.csv --target y: metrics, baseline comparison, gates',
  help: HELP,
  options: {
    model: { type: 'string' },
    data: { type: 'string', multiple: true },
    target: { type: 'string' },
    baseline: { type: 'string' },
    repo: { type: 'string' },
    task: { type: 'string' },
    ...SCORING_FLAGS,
    metrics: { type: 'string' },
    thresholds: { type: 'string' },
    slices: { type: 'string' },
    bootstrap: { type: 'string' },
    threshold: { type: 'string' },
    output: { type: 'string' },
    ...EXTERNAL_DATA_OPTION,
  },
  async run(args: CommandArgs, io: CliIO): Promise<number> {
    const flag = (name: string) => args.flags[name] as string | undefined;
    const model = flag('model');
    const target = flag('target');
    const data = [...args.positionals, ...((args.flags['data'] as string[] | undefined) ?? [])];
    if (!model || !target || data.length === 0)
      throw new UsageError('--model, --target and data files are required.');
    const task = flag('task');
    if (task && !['binary', 'multiclass', 'regression'].includes(task))
      throw new UsageError(`--task "${task}" is not a task.`);
    const list = (text: string | undefined) =>
      (text ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    const number = (name: string, fallback: number) => {
      const value = flag(name) === undefined ? fallback : Number(flag(name));
      if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number.`);
      return value;
    };
    const at = (path: string) => resolve(io.cwd, path);
    const candidate = await localModel(io, model, flag('repo'));
    const baselineText = flag('baseline');
    const baseline = baselineText ? await localModel(io, baselineText, flag('repo')) : undefined;
    const loading = await modelLoadOptions(io, args.flags);
    const evaluation = await evaluateModel({
      model: candidate.path,
      ...(baseline ? { baseline: baseline.path } : {}),
      data: data.map(at),
      target,
      ...(task ? { task: task as MetricTask } : {}),
      ...(list(flag('metrics')).length ? { metrics: list(flag('metrics')) } : {}),
      ...(flag('thresholds')
        ? { gates: readGateSpec(flag('thresholds')!, { cwd: io.cwd, label: '--thresholds' }) }
        : {}),
      slices: list(flag('slices')),
      bootstrap: { resamples: number('bootstrap', 1000) },
      threshold: number('threshold', 0.5),
      runtime: loading,
      scoring: mergeScoringSpecs(scoringFlags(flag), candidate.scoring),
      ...(baseline?.scoring ? { baselineScoring: baseline.scoring } : {}),
      modelReference: candidate.reference,
      ...(baseline ? { baselineReference: baseline.reference } : {}),
      log: (line) => io.stderr(`${line}\n`),
    });
    const json = `${JSON.stringify(evaluation, null, 2)}\n`;
    const output = flag('output');
    if (output) await writeFile(at(output), json);
    else io.stdout(json);
    for (const metric of evaluation.metrics) {
      const change =
        metric.delta === undefined
          ? ''
          : ` (${metric.delta >= 0 ? '+' : ''}${Number(metric.delta.toPrecision(4))})`;
      io.stderr(`${metric.name}: ${Number(metric.candidate.toPrecision(4))}${change}\n`);
    }
    for (const gate of evaluation.gates.filter((g) => !g.passed)) io.stderr(`gate failed: ${gate.reason}\n`);
    return evaluation.passed ? 0 : 1;
  },
};

/** A model to score: a file stays a file; `churn@v3` is downloaded from the registry, sha256-verified. */
async function localModel(
  io: CliIO,
  text: string,
  repoFlag: string | undefined,
): Promise<{ path: string; reference: ModelReference; scoring?: ScoringSpec }> {
  const path = resolve(io.cwd, text);
  const named = parseModelReference(text);
  if (!named || existsSync(path)) {
    return { path, reference: { name: text.replace(/^.*[\\/]/, '').replace(/\.onnx$/i, ''), path: text } };
  }
  const { octokit, owner, repo } = gitHubFromEnv(io, repoFlag);
  const resolved = await downloadModelVersion(
    octokit,
    { owner, repo },
    named,
    await mkdtemp(join(tmpdir(), 'mlops-models-')),
    (line) => io.stderr(`${line}\n`),
  );
  return {
    path: resolved.path,
    reference: evaluatedVersionReference(resolved),
    scoring: scoringSpecOf(resolved.lineage.scoring, `${resolved.tag}/lineage.json`),
  };
}
