import type { GitHubClient } from '@mlops-actions/github';
import { bytesSha256 } from './digest';
import { downloadReleaseAsset } from './download';
import type { Lineage } from './lineage';
import type { ModelRelease, RepoRef } from './releases';

/**
 * Parses `evaluation.json` text; the stats package's `parseEvaluation` is the one owner of that format,
 * which registry (below stats) receives from its caller rather than reading the file loosely itself.
 */
export type ReadEvaluation = (text: string, where: string) => { passed: boolean };

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
  readEvaluation: ReadEvaluation,
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
  return { passed: readEvaluation(bytes.toString('utf8'), where).passed, source: where };
}
