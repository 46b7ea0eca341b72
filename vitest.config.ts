import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    benchmark: { include: ['packages/*/bench/**/*.bench.ts', 'bench/**/*.bench.ts'] },
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Emulator-backed suites start servers; keep the 2-core CI machine responsive.
    maxWorkers: 2,
  },
});
