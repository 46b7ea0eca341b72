import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './harness/run-action';

// The direction of imports (../shared/STYLE.md) is enforced by eslint.config.js: each case is a
// file a package could hold and what lint says about it.
const eslint = new ESLint({ cwd: repoRoot });

async function messagesFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the import direction', () => {
  it.each([
    [
      'packages/data/src/x.ts',
      "import { profileDataset } from '@mlops-actions/stats';",
      /packages\/data may import none of our packages/,
    ],
    [
      'packages/stats/src/x.ts',
      "import { loadModel } from '@mlops-actions/model';",
      /packages\/stats may import only @mlops-actions\/data/,
    ],
    [
      'packages/model/src/x.ts',
      "import { registerModel } from '@mlops-actions/registry';",
      /packages\/model may import only/,
    ],
    ['packages/model/src/x.ts', "import * as cache from '@actions/cache';", /must not use GitHub clients/],
    [
      'packages/github/src/x.ts',
      "import { loadModel } from '@mlops-actions/model';",
      /packages\/github may import none of our packages/,
    ],
    ['packages/report/src/x.ts', "import { Octokit } from '@octokit/rest';", /must not use GitHub clients/],
    [
      'packages/registry/src/x.ts',
      "import { parseEvaluation } from '@mlops-actions/stats';",
      /packages\/registry may import only @mlops-actions\/github/,
    ],
    [
      'packages/cli/src/x.ts',
      "import { runAction } from '../../../test/harness/run-action';",
      /never import tests/,
    ],
    [
      'packages/workflow-runner/src/x.ts',
      "import { registerModel } from '@mlops-actions/registry';",
      /packages\/workflow-runner may import only @mlops-actions\/emulator/,
    ],
    [
      'packages/model/src/x.ts',
      "import { runWorkflow } from '@mlops-actions/workflow-runner';",
      /packages\/model may import only/,
    ],
    [
      'packages/emulator/src/x.ts',
      "import { parseLineage } from '@mlops-actions/registry';",
      /packages\/emulator may import none of our packages/,
    ],
    [
      'demo/x.ts',
      "import { runWorkflow } from '../test/harness/workflow/runner';",
      /the demo imports packages .* never test code/,
    ],
    [
      'bench/x.ts',
      "import { runAction } from '../test/harness/run-action';",
      /the bench imports packages, never test code/,
    ],
  ])('%s: %s is refused', async (file, code, message) => {
    expect(await messagesFor(file, code)).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['packages/stats/src/x.ts', "import { openDataset } from '@mlops-actions/data';"],
    ['packages/model/src/x.ts', "import { evaluatePredictions } from '@mlops-actions/stats';"],
    ['packages/registry/src/x.ts', "import { createGitHubClient } from '@mlops-actions/github';"],
    ['packages/github/src/x.ts', "import * as core from '@actions/core';"],
    ['packages/cli/src/x.ts', "import { registerModel } from '@mlops-actions/registry';"],
    ['packages/workflow-runner/src/x.ts', "import { startEmulator } from '@mlops-actions/emulator';"],
    ['packages/workflow-runner/src/x.ts', "import { DefaultArtifactClient } from '@actions/artifact';"],
    ['demo/x.ts', "import { runWorkflow } from '@mlops-actions/workflow-runner';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await messagesFor(file, code)).toEqual([]);
  });
});
