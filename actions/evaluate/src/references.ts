import { existsSync } from 'node:fs';
import { logInfo } from '@mlops-actions/github/workflow-log';
import { join } from 'node:path';
import { createGitHubClient, readRepoContext } from '@mlops-actions/github';
import { parseVersionSelector, resolveModelVersion } from '@mlops-actions/registry';
import type { ModelReference } from '@mlops-actions/stats';

/** A model to score: a local file, with its registry identity when it came from the registry. */
export interface ModelSource {
  path: string;
  reference: ModelReference;
}

const REGISTRY_REFERENCE = /^([A-Za-z0-9][A-Za-z0-9._-]*)@(v?\d+|latest|stage:.+)$/;

/** True when `text` names a registry version (`churn@v7`, `churn@latest`, `churn@stage:production`) rather than a file. */
export function isRegistryReference(text: string): boolean {
  return REGISTRY_REFERENCE.test(text) && !existsSync(text);
}

/**
 * A path stays a path; `<name>@<selector>` is resolved through the registry (GitHub Releases and
 * Deployments) and downloaded with its sha256 checked against lineage.json.
 */
export async function modelSource(text: string, token: string): Promise<ModelSource> {
  const match = REGISTRY_REFERENCE.exec(text);
  if (!match || existsSync(text)) {
    return {
      path: text,
      reference: {
        name: text
          .split(/[\\/]/)
          .pop()!
          .replace(/\.onnx$/i, ''),
        path: text,
      },
    };
  }
  const [, modelName = '', selectorText = ''] = match;
  const context = readRepoContext();
  const dir = join(process.env['RUNNER_TEMP'] || '.', 'mlops-models');
  const file = `${modelName}-${selectorText.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  const resolved = await resolveModelVersion(createGitHubClient({ token }), {
    owner: context.owner,
    repo: context.repo,
    modelName,
    selector: parseVersionSelector(selectorText),
    path: join(dir, `${file}.onnx`),
    lineagePath: join(dir, `${file}.lineage.json`),
    log: logInfo,
  });
  logInfo(`${text} is ${resolved.tag} (${resolved.releaseUrl}).`);
  return {
    path: resolved.path,
    reference: {
      name: modelName,
      path: resolved.path,
      tag: resolved.tag,
      version: resolved.version,
      ...sha256Of(resolved.lineage.assets),
    },
  };
}

/**
 * The default baseline: what runs in production for `modelName`. No production version yet (a
 * model's first PR) means no baseline, which is said, not an error.
 */
export async function productionBaseline(modelName: string, token: string): Promise<ModelSource | undefined> {
  try {
    return await modelSource(`${modelName}@stage:production`, token);
  } catch (error) {
    if (/runs in "production"|has no versions/.test((error as Error).message)) {
      logInfo(`No baseline: ${(error as Error).message}`);
      return undefined;
    }
    throw error;
  }
}

function sha256Of(assets: readonly { name: string; sha256: string }[]): { sha256?: string } {
  const model = assets.find((asset) => asset.name === 'model.onnx');
  return model ? { sha256: model.sha256 } : {};
}
