import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import {
  installOnnxRuntime,
  isRuntimeInstalled,
  type LoadModelOptions,
  type OnnxRuntime,
  type RuntimeLocation,
} from '@mlops-actions/model';
import type { CliIO } from './command';

/**
 * onnxruntime-node as installed with the CLI; when it is not (a bundled copy run elsewhere), the
 * pinned runtime fetched once into the user's cache (`MLOPS_ACTIONS_CACHE`, else
 * ~/.cache/mlops-actions), as the actions do on a runner.
 */
export async function loadOnnxRuntime(
  io: CliIO,
): Promise<{ ort: OnnxRuntime } | { runtime: RuntimeLocation }> {
  const name = 'onnxruntime-node'; // a variable, so the bundler leaves the native package alone
  try {
    return { ort: createRequire(import.meta.url)(name) as OnnxRuntime };
  } catch {
    const root = io.env['MLOPS_ACTIONS_CACHE'] ?? join(io.env['HOME'] ?? io.cwd, '.cache', 'mlops-actions');
    if (!isRuntimeInstalled({ root }))
      await installOnnxRuntime({ root, log: (line) => io.stderr(`${line}\n`) });
    return { runtime: { root } };
  }
}

/** The `--external-data-dir` flag of every command that loads a model. */
export const EXTERNAL_DATA_OPTION = { 'external-data-dir': { type: 'string' } } as const;

export const EXTERNAL_DATA_HELP = `  --external-data-dir DIR  the folder a model's ONNX external-data files may be read from
                           (without it, a model that keeps weights outside its file is refused)`;

/** How a command loads models: the runtime, and the one folder external data may come from. */
export async function modelLoadOptions(
  io: CliIO,
  flags: Record<string, unknown>,
): Promise<Omit<LoadModelOptions, 'name'>> {
  const dir = flags['external-data-dir'];
  return {
    ...(await loadOnnxRuntime(io)),
    ...(typeof dir === 'string' ? { externalDataDir: resolve(io.cwd, dir) } : {}),
  };
}
