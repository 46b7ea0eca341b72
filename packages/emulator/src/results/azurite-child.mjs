// Runs Azurite's blob service in its own process (spawned by azurite.ts with an IPC channel).
// Built from BlobServer/BlobConfiguration directly: no argv parsing, no telemetry, quiet logs.
// It exits when asked, and also when the IPC channel drops, so a crashed parent leaves no orphan.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const load = createRequire(import.meta.url);
const BlobServer = load('azurite/dist/src/blob/BlobServer.js').default;
const BlobConfiguration = load('azurite/dist/src/blob/BlobConfiguration.js').default;
const constants = load('azurite/dist/src/blob/utils/constants.js');

const dir = process.env['AZURITE_EMULATOR_DIR'] ?? '';
const inMemory = process.env['AZURITE_EMULATOR_MEMORY'] === '1';

const config = new BlobConfiguration(
  '127.0.0.1',
  0, // a free port, reported back once listening
  constants.DEFAULT_BLOB_KEEP_ALIVE_TIMEOUT,
  join(dir, '__azurite_db_blob__.json'),
  join(dir, '__azurite_db_blob_extent__.json'),
  [{ locationId: 'Default', locationPath: join(dir, '__blobstorage__'), maxConcurrency: 10 }],
  false, // access log
  undefined,
  false, // debug log
  undefined,
  true, // loose: ignore headers Azurite does not implement
  true, // skipApiVersionCheck: the SDK is newer than this Azurite
  '',
  '',
  '',
  undefined,
  false,
  inMemory,
);
const server = new BlobServer(config);

let closing = false;
async function shutdown(code) {
  if (closing) return;
  closing = true;
  try {
    await server.close();
  } catch {
    // Closing a server that never started throws; exiting is all that matters.
  }
  process.exit(code);
}

process.on('disconnect', () => void shutdown(0));
process.on('message', (message) => {
  if (message === 'close') void shutdown(0);
});

try {
  await server.start();
  process.send?.({ ready: server.getHttpServerAddress() });
} catch (error) {
  console.error(`azurite failed to start: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
}
