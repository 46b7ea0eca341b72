import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatasetProfile } from '../profiles/dataset-profile';
import { profileDataset } from '../profiles/profile-dataset';
import type { ProgressListener } from '../profiles/progress';
import { requireUsableReference } from '../profiles/usable-reference';

/** Where a drift check's reference came from, as the drift report records it. */
export type ReferenceSource =
  | { kind: 'production'; tag: string; version: number; deploymentId: number; releaseUrl: string }
  | { kind: 'profile'; path: string }
  | { kind: 'data'; paths: string[] };

/** The profile the current data is compared with. */
export interface Reference {
  profile: DatasetProfile;
  source: ReferenceSource;
  /** One line for the report: what the current data is compared with. */
  label: string;
}

/**
 * A reference from files: a single `profile.json` is read, anything else is data profiled in one
 * streaming pass. Relative paths start from `cwd` (default the working directory).
 */
export async function localReference(
  paths: readonly string[],
  options: { cwd?: string; onProgress?: ProgressListener } = {},
): Promise<Reference> {
  if (paths.length === 0) throw new Error('no reference: give a profile.json or reference data files');
  const profilePath = paths.length === 1 ? profileFile(paths[0]!, options.cwd) : undefined;
  if (profilePath !== undefined) {
    const text = readFileSync(resolve(options.cwd ?? '.', profilePath), 'utf8');
    return {
      profile: requireUsableReference(parseReferenceProfile(text, profilePath), profilePath),
      source: { kind: 'profile', path: profilePath },
      label: `the profile ${profilePath}`,
    };
  }
  const profile = await profileDataset([...paths], {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return {
    profile: requireUsableReference(profile, paths.join(', ')),
    source: { kind: 'data', paths: [...paths] },
    label: `the data ${paths.join(', ')}`,
  };
}

/**
 * The reference a registry version provides: its `profile.json` asset (the training profile that
 * register-model uploaded), given as text with where it came from.
 */
export function versionReference(version: {
  tag: string;
  version: number;
  deploymentId: number;
  releaseUrl: string;
  environment: string;
  profileText: string;
}): Reference {
  return {
    profile: requireUsableReference(
      parseReferenceProfile(version.profileText, `${version.tag}/profile.json`),
      `${version.tag}/profile.json`,
    ),
    source: {
      kind: 'production',
      tag: version.tag,
      version: version.version,
      deploymentId: version.deploymentId,
      releaseUrl: version.releaseUrl,
    },
    label: `${version.tag} (in ${version.environment}): its training profile`,
  };
}

/**
 * A single `.json` file holding one object with a `schema` field is a profile; anything else
 * (JSON Lines data also ends in `.json` sometimes) is data.
 */
export function profileFile(path: string, cwd = '.'): string | undefined {
  const absolute = resolve(cwd, path);
  if (!/\.json$/i.test(path) || !existsSync(absolute)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(absolute, 'utf8').replace(/^\uFEFF/, '')) as unknown;
    return typeof parsed === 'object' && parsed !== null && 'schema' in parsed ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Reads profile.json text; `where` (a path or `tag/profile.json`) starts any error message. */
export function parseReferenceProfile(text: string, where: string): DatasetProfile {
  try {
    return DatasetProfile.fromJSON(JSON.parse(text.replace(/^\uFEFF/, '')) as unknown);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
}
