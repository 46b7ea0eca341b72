import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const module = fileURLToPath(new URL('../src/young-generation.ts', import.meta.url));

/**
 * The young generation's resident size (MiB) after a child process kept a fraction of 100 MiB of
 * short-lived objects alive, the way a long pass does; with `keep`, it called keepYoungGenerationSmall
 * first. Node runs the TypeScript module itself (type stripping), so this is the flag on this Node.
 */
function youngGenerationAfterAPass(keep: boolean): number {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    ${
      keep
        ? `const { keepYoungGenerationSmall } = await import(${JSON.stringify(module)});
    keepYoungGenerationSmall();`
        : ''
    }
    const kept = [];
    for (let i = 0; i < 1_000_000; i++) {
      const row = { i, values: [i, i + 1, i + 2] };
      if (i % 5 === 0) kept.push(row);
      if (kept.length > 20_000) kept.length = 0;
    }
    const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(String(space.physical_space_size / 2 ** 20));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return Number(out);
}

describe('keepYoungGenerationSmall', () => {
  it('stops V8 growing the young generation during a long pass', () => {
    const grown = youngGenerationAfterAPass(false);
    const kept = youngGenerationAfterAPass(true);
    // Without it the space grows past its 2 MiB start (to 32 MiB, V8's maximum here); with it, it stays.
    expect(grown).toBeGreaterThan(4);
    expect(kept).toBeLessThanOrEqual(2);
  });
});
