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
    // GitHub's workflow parser imports its JSON schemas without an import attribute, which Node
    // refuses; inlined, vitest's transform loads them.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
