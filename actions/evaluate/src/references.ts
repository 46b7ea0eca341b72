import { existsSync } from 'node:fs';
import { logInfo } from '@mlops-actions/github/workflow-log';
import { join } from 'node:path';
import { createGitHubClient, readRepoContext } from '@mlops-actions/github';
import { scoringSpecOf, type ScoringSpec } from '@mlops-actions/model';
import {
  downloadModelVersion,
  evaluatedVersionReference,
  parseModelReference,
  StageEmpty,
} from '@mlops-actions/registry';
import type { ModelReference } from '@mlops-actions/stats';

/** A model to score: a local file, with its registry identity when it came from the registry. */
export interface ModelSource {
  path: string;
  reference: ModelReference;
  /** What the registry version's lineage.json records about scoring it (feature order, …). */
  scoring?: ScoringSpec;
}

/**
 * A path stays a path; `<name>@<selector>` is resolved through the registry (GitHub Releases and
 * Deployments) and downloaded with its sha256 checked against lineage.json.
 */
export async function modelSource(text: string, token: string): Promise<ModelSource> {
  const named = parseModelReference(text);
  if (!named || existsSync(text)) {
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
  const context = readRepoContext();
  const resolved = await downloadModelVersion(
    createGitHubClient({ token }),
    { owner: context.owner, repo: context.repo },
    named,
    join(process.env['RUNNER_TEMP'] || '.', 'mlops-models'),
    logInfo,
  );
  logInfo(`${text} is ${resolved.tag} (${resolved.releaseUrl}).`);
  return {
    path: resolved.path,
    reference: evaluatedVersionReference(resolved),
    scoring: scoringSpecOf(resolved.lineage.scoring, `${resolved.tag}/lineage.json`),
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
    if (error instanceof StageEmpty) {
      logInfo(`No baseline: ${error.message}`);
      return undefined;
    }
    throw error;
  }
}
