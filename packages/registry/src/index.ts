export { checkModelName, nextVersion, parseVersionNumber, parseVersionTag, versionTag } from './naming';
