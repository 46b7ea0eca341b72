import type { GitHubClient } from '@mlops-actions/github';
import { bytesSha256 } from './digest';
import { downloadReleaseAsset } from './download';
import { asRecord } from './json-file';
import type { Lineage } from './lineage';
import type { ModelRelease, RepoRef } from './releases';

/** What the version's evaluation said about its quality gates. */
export interface GateVerdict {
  /** undefined: the version was registered without an evaluation. */
  passed?: boolean;
  /** Where the verdict came from, for messages. */
  source: string;
}

/**
 * Reads the gate verdict of a version from its `evaluation.json`, verified against the sha256 that
 * `lineage.json` records (so an asset swapped after registration cannot open the gate); a version
 * without that asset falls back to the evaluation summary inside lineage.json.
 */
export async function readGateVerdict(
  octokit: GitHubClient,
  repo: RepoRef,
  release: ModelRelease,
  lineage: Lineage,
): Promise<GateVerdict> {
  const asset = release.assets.find((a) => a.name === 'evaluation.json');
  if (!asset) {
    const passed = lineage.evaluation?.passed;
    return { ...(passed !== undefined ? { passed } : {}), source: `${release.tag}/lineage.json` };
  }
  const where = `${release.tag}/evaluation.json`;
  const bytes = await downloadReleaseAsset(octokit, repo, asset.id);
  const expected = lineage.assets.find((a) => a.name === 'evaluation.json')?.sha256;
  const actual = bytesSha256(bytes);
  if (expected && expected !== actual) {
    throw new Error(
      `${where}: sha256 mismatch — downloaded ${actual}, lineage.json records ${expected}. The evaluation was replaced after registration.`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    throw new Error(`${where}: not valid JSON — ${(error as Error).message}.`);
  }
  const passed = asRecord(doc)?.['passed'];
  return { ...(typeof passed === 'boolean' ? { passed } : {}), source: where };
}
