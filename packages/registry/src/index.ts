export { checkModelName, nextVersion, parseVersionNumber, parseVersionTag, versionTag } from './naming';
export { listModelReleases, listModelTags } from './releases';
export type { ModelRelease, RepoRef } from './releases';
export { registerModelVersion, runMarker } from './register';
export type { RegisterRequest, RegisteredVersion, ReleaseAsset, VersionIdentity } from './register';
