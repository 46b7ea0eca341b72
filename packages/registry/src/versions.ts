import type { GitHubClient } from '@mlops-actions/github';
import { downloadReleaseAsset } from './download';
import { headlineMetrics, parseLineage, type HeadlineMetric } from './lineage';
import { listModelReleases, type RepoRef } from './releases';
import { listStages } from './stages';

/** One published version as a listing shows it. */
export interface ModelVersionSummary {
  version: number;
  tag: string;
  releaseUrl: string;
  /** The environments this version runs in now (latest successful deployment). */
  stages: string[];
  /** Headline metrics from its lineage.json (the evaluation's, else the run's); empty without one. */
  metrics: HeadlineMetric[];
  createdAt?: string;
  /** Why the metrics are missing, when lineage.json could not be read. */
  problem?: string;
}

/**
 * The newest `limit` published versions of a model with their stages and headline metrics: one
 * listing of releases and of deployments, then one lineage.json download per version shown.
 */
export async function listModelVersions(
  octokit: GitHubClient,
  repo: RepoRef,
  modelName: string,
  options: { limit?: number } = {},
): Promise<ModelVersionSummary[]> {
  const releases = (await listModelReleases(octokit, repo, modelName))
    .filter((release) => !release.draft)
    .slice(0, options.limit ?? 20);
  const stages = await listStages(octokit, repo, modelName);
  const summaries: ModelVersionSummary[] = [];
  for (const release of releases) {
    const summary: ModelVersionSummary = {
      version: release.version,
      tag: release.tag,
      releaseUrl: release.htmlUrl,
      stages: [...stages.values()].filter((s) => s.version === release.version).map((s) => s.environment),
      metrics: [],
    };
    const asset = release.assets.find((a) => a.name === 'lineage.json');
    if (!asset) {
      summaries.push({ ...summary, problem: 'no lineage.json' });
      continue;
    }
    try {
      const text = (await downloadReleaseAsset(octokit, repo, asset.id)).toString('utf8');
      const lineage = parseLineage(text, `${release.tag}/lineage.json`);
      summaries.push({ ...summary, metrics: headlineMetrics(lineage), createdAt: lineage.createdAt });
    } catch (error) {
      // One unreadable version should not hide the others.
      summaries.push({ ...summary, problem: (error as Error).message });
    }
  }
  return summaries;
}
