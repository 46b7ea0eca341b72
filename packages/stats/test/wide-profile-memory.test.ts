import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { profileDataset } from '../src/profiles/index';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function liveBytes(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

it('a wide file’s profile holds a few KB a column: 100,000 columns fit in well under 1 GB', async () => {
  const width = 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'wide-memory-'));
  const numeric = Array.from({ length: width }, (_, i) => i % 10).join(',');
  const header = Array.from({ length: width }, (_, i) => `c${i}`).join(',');
  const file = join(dir, 'wide.csv');
  writeFileSync(file, `${header}\n${numeric}\n${numeric}\n`);
  const before = liveBytes();
  const profile = await profileDataset(file, { threads: 1 });
  const perColumn = (liveBytes() - before) / width;
  expect(profile.columns.size).toBe(width);
  // Sketches allocated whole up front (frequent-value counters, quantile levels, value tables,
  // a hasher's scratch each) held ~7 KB a column before a single value was seen.
  expect(perColumn).toBeLessThan(5_500);
});
