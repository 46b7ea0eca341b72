import type { DatasetProfile } from './dataset-profile';

/**
 * Refuses a reference that cannot judge anything. A reference with no columns (`{}`, a profile
 * whose `columns` is empty) or no rows would make every check pass — no drift, no expectation —
 * so a broken reference must fail the run, not wave the data through. `where` names the file.
 */
export function requireUsableReference(profile: DatasetProfile, where: string): DatasetProfile {
  if (profile.columns.size === 0) {
    throw new Error(
      `${where}: the reference has no columns, so nothing could be compared with it — give a profile.json written by profile-data, or data files with a header row`,
    );
  }
  if (profile.rows === 0) {
    throw new Error(
      `${where}: the reference has no rows, so nothing could be compared with it — give the data (or its profile) the model was trained on`,
    );
  }
  return profile;
}
