import { execFile } from 'node:child_process';
import type { OnnxFileInfo } from '../onnx/inspect';
import type { ScoringRecord } from '../scoring/scoring-spec';
import type { Params } from './params';
import { RUN_RECORD_SCHEMA, RUN_RECORD_SCHEMA_VERSION, type RunRecord } from './run-record';

export interface RunRecordInput {
  modelName: string;
  params: Params;
  metrics: Record<string, unknown>;
  files: readonly { path: string; sha256: string; bytes: number; rows: number; format: string }[];
  profilePath?: string;
  code: RunRecord['code'];
  command: string;
  startedAt: Date;
  durationMs: number;
  model: OnnxFileInfo;
  scoring?: ScoringRecord;
}

/** Assembles `run.json` (the environment is read here: runner OS/arch, Node and Python versions). */
export async function buildRunRecord(input: RunRecordInput): Promise<RunRecord> {
  const { model } = input;
  return {
    schema: RUN_RECORD_SCHEMA,
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    modelName: input.modelName,
    params: input.params,
    metrics: input.metrics,
    data: input.files.map(({ path, sha256, bytes, rows, format }) => ({ path, sha256, bytes, rows, format })),
    ...(input.profilePath ? { profile: input.profilePath } : {}),
    code: input.code,
    environment: {
      runnerOs: process.env['RUNNER_OS'] ?? process.platform,
      runnerArch: process.env['RUNNER_ARCH'] ?? process.arch,
      ...(await toolVersions()),
    },
    command: input.command,
    startedAt: input.startedAt.toISOString(),
    durationMs: input.durationMs,
    ...(input.scoring ? { scoring: input.scoring } : {}),
    model: {
      path: model.path,
      bytes: model.bytes,
      sha256: model.sha256,
      inputs: model.inputs,
      outputs: model.outputs,
      opsets: model.opsets,
      ...(model.producer ? { producer: model.producer } : {}),
    },
  };
}

let versions: Promise<{ node: string; python?: string }> | undefined;

/**
 * Node's version, and Python's where one is on PATH (most training code is Python). Asked once per
 * process: a training run asks at its start, so that Python's start-up (~0.1 s, more behind a version
 * manager's shim) overlaps the training rather than following it.
 */
export function toolVersions(): Promise<{ node: string; python?: string }> {
  versions ??= new Promise<string | undefined>((resolve) => {
    execFile('python3', ['--version'], { timeout: 5000 }, (error, stdout, stderr) =>
      resolve(error ? undefined : `${stdout}${stderr}`.trim().replace(/^Python\s+/, '')),
    );
  }).then((python) => ({ node: process.version, ...(python ? { python } : {}) }));
  return versions;
}
