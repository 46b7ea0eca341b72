import { createHash } from 'node:crypto';
import { readFile, readdir, readlink } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as cache from '@actions/cache';
import * as core from '@actions/core';
import { logInfo } from './workflow-log';
import {
  ONNXRUNTIME_VERSION,
  installOnnxRuntime,
  isRuntimeInstalled,
  runtimeDir,
  type RuntimeLocation,
} from '@mlops-actions/model';

/**
 * What each platform's install must hash to (`runtimeDigest`), per onnxruntime-node version.
 *
 * Why pinned here: anything in the cache entry (a marker, a manifest of sha256s beside the files)
 * is written by whoever saved the entry, and any step of any workflow on the branch holds a cache
 * token, so it can save a tampered runtime under our key before we do. What the saver cannot choose
 * is this constant, shipped in the action's own code: it is the install that `installOnnxRuntime`
 * produces from the sha512-pinned npm tarballs, so a restore that hashes to it has the same bytes a
 * verified download would give. The cache test checks this runner's entry against a fresh install.
 *
 * To regenerate after bumping ONNXRUNTIME_VERSION: for each target,
 * `installOnnxRuntime({ root, platform, arch })` then `runtimeDigest(runtimeDir({ root, platform, arch }))`.
 * A version or platform without an entry simply skips the Actions cache (downloads every job).
 */
const RUNTIME_DIGESTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '1.30.0': {
    'linux-x64': 'sha256-0995e0055f7c1bee4e88263f108201fdcb38a26fe8695c9ec310a9e2bc6b9e74',
    'linux-arm64': 'sha256-ccc6b5e89b1ff64c0b8adc3b171e887a94cf50ef651e73e5a15f600794086b61',
    'darwin-arm64': 'sha256-7872f0d30d82ce6091617366d5237f3f8b00547bd753956f899a4df408037e96',
    'win32-x64': 'sha256-c9a53fa6a7ba6002fcd89389758b2563d3fd0b90d2f7a5d707b6f51174124a9e',
    'win32-arm64': 'sha256-20de5b038d75a635b3e56ab6c0fc2ddd6e6d26b6db2abc9affadbd4976f7b550',
  },
};

/** Written by `installOnnxRuntime` with a timestamp, so it is the one file the digest leaves out. */
const COMPLETE_MARKER = '.mlops-actions-complete';

/**
 * Makes onnxruntime-node available for this runner's platform, for every action that runs a model (see the README's "Packaging"):
 * the tool cache first, then the Actions cache, then a verified download from the npm registry,
 * which is then saved to the Actions cache for later jobs. Cache trouble only warns.
 *
 * A restore is used only when its files hash to the pinned digest (`RUNTIME_DIGESTS`); otherwise it
 * is deleted, a warning names the cache key, and the runtime is downloaded again. The tool cache is
 * not re-hashed: on hosted runners it starts empty each job, and on a self-hosted runner whoever can
 * write it can already change the runner itself.
 */
export async function ensureOnnxRuntime(): Promise<RuntimeLocation> {
  const location = { root: process.env['RUNNER_TOOL_CACHE'] || process.env['RUNNER_TEMP'] || '.' };
  if (isRuntimeInstalled(location)) return location;
  const dir = runtimeDir(location);
  const target = `${process.platform}-${process.arch}`;
  const expected = RUNTIME_DIGESTS[ONNXRUNTIME_VERSION]?.[target];
  const key = onnxRuntimeCacheKey();
  const cacheAvailable = key !== undefined && cache.isFeatureAvailable();
  if (key === undefined) {
    logInfo(
      `No pinned digest for onnxruntime-node ${ONNXRUNTIME_VERSION} on ${target}: not using the Actions cache.`,
    );
  }
  if (cacheAvailable) {
    try {
      if (await cache.restoreCache([dir], key)) {
        const actual = isRuntimeInstalled(location) ? await runtimeDigest(dir) : 'an incomplete install';
        if (actual === expected) {
          logInfo(`onnxruntime-node ${ONNXRUNTIME_VERSION} restored from the Actions cache and verified.`);
          return location;
        }
        rmSync(dir, { recursive: true, force: true });
        core.warning(
          `The onnxruntime-node restored from the Actions cache (key ${key}) is not the verified release: ` +
            `its files hash to ${actual}, expected ${expected}. Discarded it and downloading from the npm registry — ` +
            `delete that cache entry (Actions → Caches), something saved altered files under its key.`,
        );
      }
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      core.warning(`Could not restore onnxruntime-node from the cache: ${(error as Error).message}`);
    }
  }
  await core.group(`Installing onnxruntime-node ${ONNXRUNTIME_VERSION}`, () =>
    installOnnxRuntime({ ...location, log: logInfo }),
  );
  if (cacheAvailable) {
    try {
      const installed = await runtimeDigest(dir);
      if (installed !== expected) {
        // The download was sha512-verified, so the pin is what is stale; a saved copy would never verify.
        core.warning(
          `onnxruntime-node ${ONNXRUNTIME_VERSION} for ${target} hashes to ${installed}, not the pinned ${expected}: not saving it to the Actions cache.`,
        );
      } else {
        await cache.saveCache([dir], key);
      }
    } catch (error) {
      core.warning(`Could not save onnxruntime-node to the cache: ${(error as Error).message}`);
    }
  }
  return location;
}

/**
 * The Actions cache key of this platform's runtime, or undefined when it has no pinned digest. The
 * digest is part of the key, so a new pin never even restores an entry saved under an old one.
 */
export function onnxRuntimeCacheKey(): string | undefined {
  const target = `${process.platform}-${process.arch}`;
  const expected = RUNTIME_DIGESTS[ONNXRUNTIME_VERSION]?.[target];
  if (expected === undefined) return undefined;
  return `onnxruntime-node-${ONNXRUNTIME_VERSION}-${target}-${expected.replace('sha256-', '').slice(0, 16)}`;
}

/**
 * One sha256 for an installed runtime folder: the sha256 of the sorted lines
 * `<sha256 of the file>  <path relative to dir, with />`, one per file, leaving out the install
 * marker. Anything but a regular file or folder (a symlink, say) becomes a line of its own, so it
 * can only make the digest differ.
 */
export async function runtimeDigest(dir: string): Promise<string> {
  const files: { name: string; hash: string }[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const name = relative(dir, path).split(sep).join('/');
    if (entry.isDirectory() || name === COMPLETE_MARKER) continue;
    const hash = entry.isFile()
      ? createHash('sha256')
          .update(await readFile(path))
          .digest('hex')
      : entry.isSymbolicLink()
        ? `symlink to ${await readlink(path)}`
        : 'special file';
    files.push({ name, hash });
  }
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const listing = files.map(({ name, hash }) => `${hash}  ${name}\n`).join('');
  return `sha256-${createHash('sha256').update(listing).digest('hex')}`;
}
