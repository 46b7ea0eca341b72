import { readFile } from 'node:fs/promises';
import { logInfo } from '@mlops-actions/github/workflow-log';
import {
  InferenceClient,
  smokeTestEndpoint,
  type InferenceClientOptions,
  type RuntimeLocation,
} from '@mlops-actions/model';
import type { DeployTarget } from '@mlops-actions/registry';

export interface HttpTargetOptions {
  endpoint: URL;
  /** Token and headers for every call, the load's and the smoke test's. */
  credentials: InferenceClientOptions;
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
      const client = new InferenceClient(options.endpoint, options.credentials);
      const modelVersion = String(version.version);
      const features = options.features
        ? { columns: options.features, source: 'the `features` input' }
        : version.lineage.scoring?.features
          ? { columns: version.lineage.scoring.features, source: `${version.tag}/lineage.json` }
          : undefined;
      await client.load(version.modelName, await readFile(version.path), modelVersion);
      logInfo(`Loaded ${version.tag} into ${options.endpoint.href}.`);
      const result = await smokeTestEndpoint({
        endpoint: options.endpoint,
        client: options.credentials,
        name: version.modelName,
        version: modelVersion,
        model: version.path,
        runtime: { runtime: await options.runtime() },
        data: options.smokeData,
        rows: options.smokeRows,
        ...(features ? { features } : {}),
      });
      logInfo(
        `Smoke test: ${result.rows} rows served as scored locally (largest difference ${result.maxDifference}).`,
      );
      return { url: options.endpoint.href };
    },
  };
}
