import { randomBytes } from 'node:crypto';

export const API_VERSION = '2022-11-28';

/** GitHub's request ids look like `C0DE:1A2B:3C4D5E:4D5E6F:65F0A1B2`. */
export function requestId(): string {
  const hex = (bytes: number) => randomBytes(bytes).toString('hex').toUpperCase();
  return `${hex(2)}:${hex(2)}:${hex(3)}:${hex(3)}:${hex(4)}`;
}

/** Headers api.github.com sends on every answer, whatever the status. */
export function githubHeaders(id: string): Record<string, string> {
  return {
    'x-github-api-version-selected': API_VERSION,
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': id,
  };
}
