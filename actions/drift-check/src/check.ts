import {
  type ColumnTests,
  type DatasetProfile,
  describeProgress,
  driftBetweenProfiles,
  type DriftReport,
  profileDataset,
  type Reference,
} from '@mlops-actions/stats';
import { logInfo } from '@mlops-actions/github/workflow-log';

export interface DriftCheck {
  current: DatasetProfile;
  report: DriftReport;
}

/**
 * Profiles the current data in one streaming pass with the reference's kinds and histogram edges
 * (so the two compare bin by bin), then runs the per-column tests. Current data without rows is an
 * error here, not a finding: a scheduled check that read nothing must not look like "no drift".
 */
export async function checkDrift(
  reference: Reference,
  currentPaths: readonly string[],
  options: { driftShare: number; tests?: unknown },
): Promise<DriftCheck> {
  const current = await profileDataset([...currentPaths], {
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
