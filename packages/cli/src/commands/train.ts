import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  readParams,
  runTraining,
  runUserCommand,
  toolVersions,
  TrainingCommandFailed,
  trainingNumbers,
} from '@mlops-actions/model';
import { checkModelName } from '@mlops-actions/registry';
import { describeProgress, profileDataset } from '@mlops-actions/stats';
import { UsageError, type CliIO, type Command, type CommandArgs } from '../command';
import { SCORING_FLAGS, scoringFlags } from '../scoring-flags';

const HELP = `Usage: mlops-actions train --model-name NAME <data files…> [--target COLUMN] [--run "command"] [options]

Trains a model and records the run, as the train action does: with --run, your command (any
language, run with bash) gets MLOPS_PARAMS, MLOPS_PARAM_<NAME>, MLOPS_DATA, MLOPS_TARGET,
MLOPS_TASK, MLOPS_FEATURES, MLOPS_MODEL_PATH and MLOPS_METRICS_PATH and must write an ONNX model; without it,
the built-in linear trainer (ridge / logistic / softmax regression) fits --target. Writes the
model, the metrics, profile.json and run.json (data sha256 and rows, code from the local git
checkout, parameters, environment, the model's ONNX signature).

  --model-name NAME    the model's name (letters, digits, ".", "_", "-")
  --data FILE          data file or glob (repeatable; also as positional arguments)
  --target COLUMN      column to predict (required by the built-in trainer)
  --task TASK          binary | multiclass | regression (default: inferred)
  --features LIST      feature columns, comma-separated: the built-in trainer's (default all but
                       the target), or the order your command's model takes (MLOPS_FEATURES),
                       recorded in run.json for evaluate, drift and serve
  --output-kind KIND   your classifier's float output: probability | logit (recorded in run.json)
  --classes LIST       your classifier's class labels when its outputs carry none (recorded)
  --params SPEC        YAML/JSON file or inline YAML, e.g. '{l2: 1, seed: 0}'
  --run COMMAND        your training command
  --model-path FILE    default model.onnx
  --metrics-path FILE  default metrics.json
  --output-dir DIR     where run.json and profile.json go (default .mlops/train)
`;

export const trainCommand: Command = {
  name: 'train',
  summary: 'train --model-name m <files…>: train (built-in or your command) and record the run',
  help: HELP,
  options: {
    'model-name': { type: 'string' },
    data: { type: 'string', multiple: true },
    target: { type: 'string' },
    task: { type: 'string' },
    ...SCORING_FLAGS,
    params: { type: 'string' },
    run: { type: 'string' },
    'model-path': { type: 'string' },
    'metrics-path': { type: 'string' },
    'output-dir': { type: 'string' },
  },
  async run(args: CommandArgs, io: CliIO): Promise<number> {
    const flag = (name: string) => args.flags[name] as string | undefined;
    const modelName = flag('model-name');
    if (!modelName) throw new UsageError('--model-name is required.');
    try {
      checkModelName(modelName);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const data = [...args.positionals, ...((args.flags['data'] as string[] | undefined) ?? [])];
    if (data.length === 0) throw new UsageError('give the training data files.');
    const command = flag('run')?.trim() ?? '';
    const target = flag('target') ?? '';
    if (!command && !target) throw new UsageError('the built-in trainer needs --target (or give --run).');
    const task = flag('task');
    if (task && !['binary', 'multiclass', 'regression'].includes(task))
      throw new UsageError(`--task "${task}" is not a task.`);
    const at = (path: string) => resolve(io.cwd, path);
    const modelPath = at(flag('model-path') ?? 'model.onnx');
    const metricsPath = at(flag('metrics-path') ?? 'metrics.json');
    const outputDir = at(flag('output-dir') ?? '.mlops/train');
    const params = readParams(flag('params') ?? '');
    const scoring = scoringFlags(flag);
    const features = [...(scoring.features?.columns ?? [])];

    // Where the code comes from (git) and the tool versions of run.json, asked while the data is profiled.
    const code = localCode(io);
    void toolVersions();
    // The profile pass hands its parsed numbers to the built-in trainer: the data is read once.
    const numbers = trainingNumbers(command, target, features);
    const profile = await profileDataset(data, {
      cwd: io.cwd,
      onProgress: (progress) => io.stderr(`${describeProgress('profiling', progress)}\n`),
      ...(numbers ? { numbers } : {}),
    });
    io.stderr(`profiled ${profile.rows} rows of ${profile.files.length} file(s)\n`);
    let trained;
    try {
      trained = await runTraining({
        modelName,
        profile,
        ...(numbers ? { numbers } : {}),
        data: data.map(at),
        command,
        target,
        task,
        features,
        params,
        scoring,
        modelPath,
        metricsPath,
        outputDir,
        paramsFile: join(outputDir, 'params.json'),
        code: await code,
        runCommand: (run, env) => runUserCommand(run, { cwd: io.cwd, env }),
        log: (line) => io.stderr(`${line}\n`),
        warn: (line) => io.stderr(`${line}\n`),
      });
    } catch (error) {
      if (!(error instanceof TrainingCommandFailed)) throw error;
      io.stderr(`${error.message}\n`);
      return 1;
    }
    const { record, runRecordPath: runPath } = trained;
    const model = record.model;
    io.stderr(`model ${modelPath} (sha256 ${model.sha256.slice(0, 12)}), run record ${runPath}\n`);
    io.stdout(`${JSON.stringify(record.metrics, null, 2)}\n`);
    return 0;
  },
};

/** The code a local run comes from: the git checkout's commit and branch, when there is one. */
async function localCode(io: CliIO) {
  const git = async (...args: string[]) => {
    try {
      return (await promisify(execFile)('git', args, { cwd: io.cwd })).stdout.trim();
    } catch {
      return '';
    }
  };
  const [remote, sha, ref] = await Promise.all([
    io.env['GITHUB_REPOSITORY'] ?? git('remote', 'get-url', 'origin').then(withoutCredentials),
    io.env['GITHUB_SHA'] ?? git('rev-parse', 'HEAD'),
    io.env['GITHUB_REF'] ?? git('rev-parse', '--abbrev-ref', 'HEAD'),
  ]);
  return {
    repository: remote,
    sha,
    ref,
    workflow: io.env['GITHUB_WORKFLOW'] ?? 'local',
    runId: Number(io.env['GITHUB_RUN_ID'] ?? 0),
    runAttempt: Number(io.env['GITHUB_RUN_ATTEMPT'] ?? 1),
    actor: io.env['GITHUB_ACTOR'] ?? io.env['USER'] ?? '',
    runUrl: '',
  };
}

/** A remote URL may carry a token (`https://user:ghp_…@github.com/o/r`): keep only where it points. */
export function withoutCredentials(remote: string): string {
  try {
    const url = new URL(remote);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return remote.replace(/^[^@/]+@/, ''); // scp-like `git@host:o/r` has no secret but the user
  }
}
