import { readFile } from 'node:fs/promises';
import * as core from '@actions/core';
import { InferenceClient, smokeTestEndpoint, type RuntimeLocation } from '@mlops-actions/model';
import type { DeployTarget } from '@mlops-actions/registry';

export interface HttpTargetOptions {
  endpoint: URL;
  smokeData: string;
  smokeRows: number;
  /** For a model with one [N, D] input: the smoke data's columns in its order (default: the version's lineage). */
  features?: string[];
  /** Resolved lazily: the runtime is only fetched once a version is about to be served. */
  runtime: () => Promise<RuntimeLocation>;
}

/**
 * Loads the verified model into an Open Inference Protocol v2 endpoint (repository extension),
 * then smoke-tests it: the first rows of `smokeData` over `/infer` must match local onnxruntime.
 */
export function httpTarget(options: HttpTargetOptions): DeployTarget {
  return {
    async deploy(version) {
      const client = new InferenceClient(options.endpoint);
      const modelVersion = String(version.version);
      const features = options.features
        ? { columns: options.features, source: 'the `features` input' }
        : version.lineage.scoring?.features
          ? { columns: version.lineage.scoring.features, source: `${version.tag}/lineage.json` }
          : undefined;
      await client.load(version.modelName, await readFile(version.path), modelVersion);
      core.info(`Loaded ${version.tag} into ${options.endpoint.href}.`);
      const result = await smokeTestEndpoint({
        endpoint: options.endpoint,
        name: version.modelName,
        version: modelVersion,
        model: version.path,
        runtime: { runtime: await options.runtime() },
        data: options.smokeData,
        rows: options.smokeRows,
        ...(features ? { features } : {}),
      });
      core.info(
        `Smoke test: ${result.rows} rows served as scored locally (largest difference ${result.maxDifference}).`,
      );
      return { url: options.endpoint.href };
    },
  };
}
