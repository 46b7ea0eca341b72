import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionSchemaProblems, workflowSchemaProblems } from '@mlops-actions/workflow-runner';
import { repoRoot } from './harness/run-action';

// Besides actionlint: GitHub's own parser (@actions/workflow-parser) accepts every workflow we ship
// and every action manifest, against the schemas GitHub validates them with.
const yamlIn = (dir: string) =>
  readdirSync(join(repoRoot, dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(dir, name));
const workflows = [...yamlIn('workflows-examples'), ...yamlIn('.github/workflows')];
const manifests = readdirSync(join(repoRoot, 'actions')).map((name) => `actions/${name}/action.yml`);

describe("GitHub's workflow parser", () => {
  it.each(workflows)('%s is a valid workflow', (file) => {
    expect(workflowSchemaProblems(file, readFileSync(join(repoRoot, file), 'utf8'))).toEqual([]);
  });

  it.each(manifests)('%s is a valid action manifest', (file) => {
    expect(actionSchemaProblems(file, readFileSync(join(repoRoot, file), 'utf8'))).toEqual([]);
  });

  it('finds what is wrong, with its line and column', () => {
    const workflow = 'on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n';
    expect(workflowSchemaProblems('bad.yml', workflow)).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/Unexpected value 'stepz'/),
        line: 5,
        column: 5,
      }),
    ]);
    const manifest = 'name: x\ndescription: y\nruns:\n  using: node24\n  mian: dist/index.js\n';
    expect(actionSchemaProblems('action.yml', manifest).map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/mian/)]),
    );
  });
});
