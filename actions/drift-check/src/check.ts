import { readFileSync } from 'node:fs';
import {
  type ColumnTests,
  type DatasetProfile,
  describeProgress,
  driftBetweenProfiles,
  type DriftReport,
  parseReferenceProfile,
  profileDataset,
  profileFile,
  type Reference,
} from '@mlops-actions/stats';
import { logInfo } from '@mlops-actions/github/workflow-log';

export interface DriftCheck {
  current: DatasetProfile;
  report: DriftReport;
}

/**
 * A single profile.json as `current` (e.g. the merge of a matrix's shard profiles) is compared as
 * it is: the tests fall back to its sketches where its histogram edges differ from the reference's.
 * Otherwise: profiles the current data in one streaming pass with the reference's kinds and histogram edges
 * (so the two compare bin by bin), then runs the per-column tests. Current data without rows is an
 * error here, not a finding: a scheduled check that read nothing must not look like "no drift".
 */
export async function checkDrift(
  reference: Reference,
  currentPaths: readonly string[],
  options: { driftShare: number; tests?: unknown },
): Promise<DriftCheck> {
  const profilePath = currentPaths.length === 1 ? profileFile(currentPaths[0]!) : undefined;
  const current =
    profilePath !== undefined
      ? parseReferenceProfile(readFileSync(profilePath, 'utf8'), profilePath)
      : await profileDataset([...currentPaths], {
          reference: reference.profile,
          onProgress: (progress) => logInfo(describeProgress('Profiling the current data', progress)),
        });
  if (current.rows === 0)
    throw new Error(
      `The current data (${currentPaths.join(', ')}) has no rows: nothing to compare with ${reference.label} — check the \`current\` paths and that the export that writes them ran.`,
    );
  const report = driftBetweenProfiles(reference.profile, current, {
    driftShare: options.driftShare,
    // Checked by driftBetweenProfiles against the columns, with messages naming `tests.<column>`.
    ...(options.tests === undefined ? {} : { tests: options.tests as ColumnTests }),
  });
  return { current, report };
}
