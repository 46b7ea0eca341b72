/**
 * Model versions are git tags `<model>@v<N>` (iterative/gto's `@v` form with MLflow-style integer
 * versions). A model name must make a valid tag (git check-ref-format) and be unambiguous to parse
 * back, so it is limited to letters, digits, `.`, `_` and `-`, starting with a letter or digit.
 */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Throws a clear error when `name` cannot be a model name; returns it otherwise. */
export function checkModelName(name: string): string {
  const problem = modelNameProblem(name);
  if (problem) throw new Error(`Model name "${name}" ${problem}.`);
  return name;
}

function modelNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (!MODEL_NAME.test(name)) {
    return 'can only hold letters, digits, ".", "_" and "-" (up to 100, starting with a letter or digit), since it becomes a git tag "<name>@v<N>"';
  }
  if (name.includes('..')) return 'cannot contain ".." (git refuses such tags)';
  if (name.endsWith('.') || name.endsWith('.lock'))
    return 'cannot end with "." or ".lock" (git refuses such tags)';
  return undefined;
}

/** The tag of a version: `churn@v7`. */
export function versionTag(modelName: string, version: number): string {
  if (!Number.isInteger(version) || version < 1)
    throw new Error(`Version must be a positive integer, got ${version}.`);
  return `${checkModelName(modelName)}@v${version}`;
}

/** The version number in a tag of this model (`churn@v7` → 7), or undefined for any other tag. */
export function parseVersionTag(modelName: string, tag: string): number | undefined {
  const prefix = `${modelName}@v`;
  if (!tag.startsWith(prefix)) return undefined;
  const digits = tag.slice(prefix.length);
  if (!/^[1-9]\d{0,8}$/.test(digits)) return undefined;
  return Number(digits);
}

/** `v7`, `7` → 7. Anything else is a clear error. */
export function parseVersionNumber(text: string): number {
  const match = /^v?([1-9]\d{0,8})$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a version: use "v<N>" such as "v7".`);
  return Number(match[1]);
}

/** The next version after the existing tags of a model (1 when there are none). */
export function nextVersion(modelName: string, existingTags: Iterable<string>): number {
  let highest = 0;
  for (const tag of existingTags) highest = Math.max(highest, parseVersionTag(modelName, tag) ?? 0);
  return highest + 1;
}
