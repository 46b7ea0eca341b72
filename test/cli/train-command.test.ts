import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '@mlops-actions/cli';
import { exportLinearModel } from '@mlops-actions/model';
import { captureIO } from '../support/cli';

// `mlops-actions train --run` goes through the same training run as the train action
// (model/src/training/training-run.ts): the same environment, the same refusals.
describe('mlops-actions train with your command', () => {
  function workspace(): string {
    const dir = mkdtempSync(join(tmpdir(), 'cli-train-'));
    writeFileSync(join(dir, 'data.csv'), 'x,y\n1,2\n2,4\n3,6\n4,8\n');
    writeFileSync(
      join(dir, 'prebuilt.onnx'),
      exportLinearModel({
        task: 'regression',
        features: [{ kind: 'numeric', name: 'x', mean: 2.5, std: 1.1 }],
        weights: Float64Array.from([2.2]),
        intercepts: Float64Array.from([5]),
      }),
    );
    return dir;
  }
  const train = async (dir: string, command: string) => {
    const { cli, out } = captureIO(dir, { HOME: process.env['HOME'], PATH: process.env['PATH'] });
    const code = await runCli(
      [
        'train',
        '--model-name',
        'lin',
        'data.csv',
        '--target',
        'y',
        '--params',
        '{alpha: 0.5}',
        '--run',
        command,
      ],
      cli,
    );
    return { code, ...out };
  };

  it('gives the command the MLOPS_* environment and records what it wrote', async () => {
    const dir = workspace();
    const result = await train(
      dir,
      'cp prebuilt.onnx "$MLOPS_MODEL_PATH" && printf \'{"rmse": 0.5, "alpha": %s, "target": "%s"}\' "$MLOPS_PARAM_ALPHA" "$MLOPS_TARGET" > "$MLOPS_METRICS_PATH"',
    );
    expect(result.code, result.stderr).toBe(0);
    const record = JSON.parse(readFileSync(join(dir, '.mlops/train/run.json'), 'utf8'));
    expect(record.metrics).toEqual({ rmse: 0.5, alpha: 0.5, target: 'y' });
    expect(record.params).toEqual({ alpha: 0.5 });
    expect(record.data).toMatchObject([{ path: 'data.csv', rows: 4 }]);
    expect(record.model.inputs.map((input: { name: string }) => input.name)).toEqual(['x']);
    expect(JSON.parse(readFileSync(join(dir, '.mlops/train/params.json'), 'utf8'))).toEqual({ alpha: 0.5 });
  });

  it('a metrics file that is not a JSON object fails the run, as it fails the action', async () => {
    const dir = workspace();
    const result = await train(
      dir,
      'cp prebuilt.onnx "$MLOPS_MODEL_PATH" && echo "[1, 2]" > "$MLOPS_METRICS_PATH"',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('metrics.json: the metrics must be a JSON object — not a JSON object');
    expect(existsSync(join(dir, '.mlops/train/run.json'))).toBe(false);
  });

  it('a command that fails records nothing and says so', async () => {
    const dir = workspace();
    const result = await train(dir, 'echo boom >&2; exit 3');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /The training command exited with code 3 after \d+ ms; nothing was recorded\./,
    );
    expect(existsSync(join(dir, '.mlops/train/run.json'))).toBe(false);
  });
});
