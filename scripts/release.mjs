// node scripts/release.mjs vX.Y.Z — run by .github/workflows/release.yml on a version tag:
// publishes the GitHub Release of the tag with notes on the actions' inputs and outputs changed
// since the previous version tag, then moves the major tag vX to the tag's commit.
// Plain node, no dependencies: GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_SHA.
// Safe to run again (a retry or a re-run): the release is updated, not duplicated; the tag moved again.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  breakingChanges,
  interfaceChanges,
  parseVersion,
  previousVersion,
  readActionInterface,
  releaseNotes,
} from './lib/release-notes.mjs';

const tag = process.argv[2] ?? '';
const version = parseVersion(tag);
if (!version) fail(`"${tag}" is not a version tag vX.Y.Z`);
const api = process.env.GITHUB_API_URL ?? 'https://api.github.com';
const repository = process.env.GITHUB_REPOSITORY ?? '';
const token = process.env.GITHUB_TOKEN ?? '';
const sha = process.env.GITHUB_SHA ?? '';
if (!repository || !token || !/^[0-9a-f]{40}$/.test(sha))
  fail('GITHUB_REPOSITORY, GITHUB_TOKEN and GITHUB_SHA are required');

function fail(message) {
  console.log(`::error::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
  process.exit(1);
}

async function github(method, path, body, accept = 'application/vnd.github+json') {
  const response = await globalThis.fetch(`${api}/repos/${repository}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept,
      'x-github-api-version': '2022-11-28',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status === 404) return undefined;
  if (!response.ok) fail(`${method} ${path}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  return accept.includes('raw') ? response.text() : response.json();
}

async function allTags() {
  const names = [];
  for (let page = 1; ; page++) {
    const batch = (await github('GET', `/tags?per_page=100&page=${page}`)) ?? [];
    names.push(...batch.map((t) => t.name));
    if (batch.length < 100) return names;
  }
}

function currentInterfaces() {
  const out = {};
  for (const name of readdirSync('actions').sort()) {
    const file = join('actions', name, 'action.yml');
    if (existsSync(file)) out[name] = readActionInterface(readFileSync(file, 'utf8'), file);
  }
  return out;
}

async function interfacesAt(ref) {
  const out = {};
  const entries = (await github('GET', `/contents/actions?ref=${encodeURIComponent(ref)}`)) ?? [];
  for (const entry of entries.filter((e) => e.type === 'dir')) {
    const path = `actions/${entry.name}/action.yml`;
    const text = await github(
      'GET',
      `/contents/${path}?ref=${encodeURIComponent(ref)}`,
      undefined,
      'application/vnd.github.raw+json',
    );
    if (text !== undefined) out[entry.name] = readActionInterface(text, `${ref}:${path}`);
  }
  return out;
}

const tags = await allTags();
const previous = previousVersion(tag, tags);
const changes = previous ? interfaceChanges(await interfacesAt(previous), currentInterfaces()) : [];
const breaking = breakingChanges(changes);
if (previous && breaking.length > 0 && parseVersion(previous)[0] === version[0]) {
  const list = breaking
    .map((c) => `${c.action}${c.name ? ` ${c.part} ${c.name}` : ''}: ${c.kind}`)
    .join('; ');
  fail(`${tag} breaks workflows pinned to v${version[0]} (${list}) — release it as v${version[0] + 1}.0.0`);
}
const body = releaseNotes({ tag, previous, changes, repository });

// One release per tag: a re-run updates the body of the release it made.
const existing = await github('GET', `/releases/tags/${encodeURIComponent(tag)}`);
const release = existing
  ? await github('PATCH', `/releases/${existing.id}`, { body })
  : await github('POST', '/releases', { tag_name: tag, name: tag, body, draft: false, prerelease: false });
console.log(`${existing ? 'Updated' : 'Published'} release ${tag}: ${release.html_url}`);

const major = `v${version[0]}`;
// A patch of an older minor (v1.2.4 after v1.3.0) is released but does not take the major tag back.
const newer = tags.filter((name) => {
  const other = parseVersion(name);
  return (
    other &&
    other[0] === version[0] &&
    (other[1] > version[1] || (other[1] === version[1] && other[2] > version[2]))
  );
});
if (newer.length > 0) {
  console.log(`${major} stays where it is: ${newer.join(', ')} is newer than ${tag}`);
  process.exit(0);
}
const ref = await github('GET', `/git/ref/tags/${major}`);
if (ref) await github('PATCH', `/git/refs/tags/${major}`, { sha, force: true });
else await github('POST', '/git/refs', { ref: `refs/tags/${major}`, sha });
console.log(`${major} → ${sha}${ref ? ` (was ${ref.object.sha})` : ''}`);
