import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { extract } from 'tar';

export type OnnxRuntime = typeof import('onnxruntime-node'); // eslint-disable-line @typescript-eslint/consistent-type-imports

/**
 * The pinned onnxruntime-node release and the integrity of its npm tarballs (from the registry's
 * `dist.integrity`). The tarball holds CPU binaries for every platform (113 MB packed, 290 MB
 * unpacked); we keep only the runner's own (linux-x64: 46 MB), so nothing native is committed.
 */
export const ONNXRUNTIME_VERSION = '1.30.0';
const PACKAGES = {
  'onnxruntime-node':
    'sha512-twhs1C2C/BFkz1yc5OY0KIU2GUq6DURO7hD4bx5Q2Qy3nAMJwRXW8xU3NVczE29VA9lolLOYepoD8fjTGOfIqw==',
  'onnxruntime-common':
    'sha512-7fdVWjAID1dVhH/G8qK3APARunV4VkBFoCQAP7qp4Wkab0mrorvmc+sqiT+mKXOzDqdjN5j+/Z9nb4gzNPWcyA==',
} as const;
const SUPPORTED = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];
const COMPLETE_MARKER = '.mlops-actions-complete';

export interface RuntimeLocation {
  /** Folder that holds installed runtimes, e.g. `RUNNER_TOOL_CACHE`. */
  root: string;
  platform?: NodeJS.Platform;
  arch?: string;
}

export interface RuntimeInstallOptions extends RuntimeLocation {
  /** npm registry to download from; defaults to `npm_config_registry`, then registry.npmjs.org. */
  registry?: string;
  log?: (line: string) => void;
}

export interface RuntimeInstall {
  dir: string;
  downloadedBytes: number;
  durationMs: number;
}

/** Where the runtime for one version and platform lives: `<root>/onnxruntime-node/<version>/<platform>-<arch>`. */
export function runtimeDir(location: RuntimeLocation): string {
  const target = `${location.platform ?? process.platform}-${location.arch ?? process.arch}`;
  return join(location.root, 'onnxruntime-node', ONNXRUNTIME_VERSION, target);
}

/** True when a complete install is present (a half-finished one never counts). */
export function isRuntimeInstalled(location: RuntimeLocation): boolean {
  return existsSync(join(runtimeDir(location), COMPLETE_MARKER));
}

/**
 * Downloads the pinned onnxruntime-node and onnxruntime-common tarballs from the npm registry,
 * checks each against its pinned sha512, and unpacks only the JavaScript and the binaries of the
 * target platform into `runtimeDir()`. Work happens in a staging folder renamed into place at the
 * end, so a failed or interrupted install leaves nothing that looks usable.
 */
export async function installOnnxRuntime(options: RuntimeInstallOptions): Promise<RuntimeInstall> {
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  if (!SUPPORTED.includes(`${platform}-${arch}`)) {
    throw new Error(
      `onnxruntime-node ${ONNXRUNTIME_VERSION} has no CPU binaries for ${platform}-${arch} (it ships ${SUPPORTED.join(', ')}).`,
    );
  }
  const started = Date.now();
  const finalDir = runtimeDir(options);
  const staging = `${finalDir}.partial-${process.pid}-${Date.now()}`;
  const registry = (
    options.registry ??
    process.env['npm_config_registry'] ??
    'https://registry.npmjs.org'
  ).replace(/\/+$/, '');
  let downloadedBytes = 0;
  try {
    for (const [name, integrity] of Object.entries(PACKAGES)) {
      const url = `${registry}/${name}/-/${name}-${ONNXRUNTIME_VERSION}.tgz`;
      options.log?.(`Downloading ${name}@${ONNXRUNTIME_VERSION} from ${registry} …`);
      const tarball = join(staging, `${name}.tgz`);
      downloadedBytes += await downloadVerified(url, tarball, integrity);
      const packageDir = join(staging, 'node_modules', name);
      mkdirSync(packageDir, { recursive: true });
      const keep = name === 'onnxruntime-node' ? nodePackageFilter(platform, arch) : () => true;
      await extract({ file: tarball, cwd: packageDir, strip: 1, filter: (path) => keep(path) });
      rmSync(tarball);
    }
    writeFileSync(join(staging, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
    rmSync(finalDir, { recursive: true, force: true });
    mkdirSync(dirname(finalDir), { recursive: true });
    await rename(staging, finalDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const durationMs = Date.now() - started;
  options.log?.(
    `onnxruntime-node ${ONNXRUNTIME_VERSION} for ${platform}-${arch} installed in ${durationMs} ms`,
  );
  return { dir: finalDir, downloadedBytes, durationMs };
}

/** Loads the installed runtime (after `installOnnxRuntime` or a cache restore). */
export function requireOnnxRuntime(location: RuntimeLocation): OnnxRuntime {
  const dir = runtimeDir(location);
  if (!isRuntimeInstalled(location)) throw new Error(`onnxruntime-node is not installed in ${dir}.`);
  const require = createRequire(join(dir, 'package.json'));
  return require('onnxruntime-node') as OnnxRuntime;
}

/** Keeps the package's JavaScript and metadata plus `bin/napi-v6/<platform>/<arch>/`, nothing else. */
function nodePackageFilter(platform: string, arch: string) {
  const binaries = `package/bin/napi-v6/${platform}/${arch}/`;
  return (path: string) =>
    path === 'package/package.json' || path.startsWith('package/dist/') || path.startsWith(binaries);
}

async function downloadVerified(url: string, file: string, integrity: string): Promise<number> {
  const [algorithm = '', expected = ''] = integrity.split(/-(.*)/s);
  mkdirSync(dirname(file), { recursive: true });
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`Download of ${url} failed with HTTP ${response.status}.`);
  }
  const hash = createHash(algorithm);
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body as WebReadableStream), hashing, createWriteStream(file));
  const actual = hash.digest('base64');
  if (actual !== expected) {
    throw new Error(
      `${url}: ${algorithm} is ${actual}, expected ${expected} — the download is corrupt or was tampered with.`,
    );
  }
  return bytes;
}

/** Exposed for tests: hashes a file as npm's `integrity` does. */
export async function fileIntegrity(file: string, algorithm = 'sha512'): Promise<string> {
  const hash = createHash(algorithm);
  await pipeline(createReadStream(file), hash);
  return `${algorithm}-${hash.digest('base64')}`;
}
