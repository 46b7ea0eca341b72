import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  installOnnxRuntime,
  isRuntimeInstalled,
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
