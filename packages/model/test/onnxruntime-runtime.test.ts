import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  installOnnxRuntime,
  isRuntimeInstalled,
  requireOnnxRuntime,
  runtimeDir,
} from '../src/runtime/onnxruntime';
import { doublingModel } from './tiny-onnx';

describe('onnxruntime-node fetched on first use', () => {
  it('installs only this platform from the npm registry and runs a model with it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ort-root-'));
    const lines: string[] = [];
    const install = await installOnnxRuntime({ root, log: (line) => lines.push(line) });
    console.log(
      `onnxruntime-node first-run install: ${install.durationMs} ms, ${(install.downloadedBytes / 1e6).toFixed(1)} MB downloaded`,
    );
    expect(isRuntimeInstalled({ root })).toBe(true);
    expect(lines.some((line) => line.includes('installed in'))).toBe(true);

    // Only the runner's platform is kept.
    const platforms = readdirSync(join(install.dir, 'node_modules/onnxruntime-node/bin/napi-v6'));
    expect(platforms).toEqual([process.platform]);
    expect(
      readdirSync(join(install.dir, 'node_modules/onnxruntime-node/bin/napi-v6', process.platform)),
    ).toEqual([process.arch]);

    const ort = requireOnnxRuntime({ root });
    const session = await ort.InferenceSession.create(doublingModel(3));
    const result = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2.5, -4]), [3]) });
    expect(Array.from(result['y']?.data as Float32Array)).toEqual([2, 5, -8]);
  }, 180_000);

  it('refuses a tarball whose hash does not match, and leaves nothing behind', async () => {
    const server = createServer((_req, res) => res.end(Buffer.alloc(1024, 7)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const root = mkdtempSync(join(tmpdir(), 'ort-root-'));
    try {
      await expect(installOnnxRuntime({ root, registry })).rejects.toThrow(
        /sha512 is .* expected .*corrupt or was tampered/,
      );
      expect(isRuntimeInstalled({ root })).toBe(false);
      expect(existsSync(runtimeDir({ root }))).toBe(false);
      expect(readdirSync(join(root, 'onnxruntime-node', '1.30.0'))).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('names the platforms it supports when asked for another', async () => {
    await expect(installOnnxRuntime({ root: tmpdir(), platform: 'freebsd', arch: 'x64' })).rejects.toThrow(
      /no CPU binaries for freebsd-x64 \(it ships linux-x64/,
    );
  });
});
