import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './harness/run-action';

// The examples users copy must stay true to the actions: every `uses:` of ours names an action
// that exists, every `with:` key is one of its inputs, every required input is given, and each
// workflow grants least-privilege permissions explicitly.
const dir = join(repoRoot, 'workflows-examples');
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
const OURS = /^mlops-actions\/mlops-actions\/actions\/([a-z-]+)@v1$/;

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
}

function manifest(action: string) {
  return parse(readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { required?: boolean; default?: unknown }>;
  };
}

describe('workflows-examples', () => {
  it('has the example workflows', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s uses our actions with their real inputs and declares its permissions', (file) => {
    const workflow = parse(readFileSync(join(dir, file), 'utf8')) as {
      permissions?: Record<string, string> | string;
      jobs: Record<string, { permissions?: unknown; steps?: Step[] }>;
    };
    for (const [name, job] of Object.entries(workflow.jobs)) {
      // Explicit, never write-all.
      expect(workflow.permissions ?? job.permissions, `${file} job ${name}: permissions`).toBeTypeOf(
        'object',
      );
      for (const step of job.steps ?? []) {
        const match = OURS.exec(step.uses ?? '');
        if (!match) continue;
        const action = match[1]!;
        const inputs = manifest(action).inputs ?? {};
        for (const key of Object.keys(step.with ?? {})) {
          expect(Object.keys(inputs), `${file}: ${action} has no input "${key}"`).toContain(key);
        }
        for (const [input, spec] of Object.entries(inputs)) {
          if (spec.required && spec.default === undefined) {
            expect(Object.keys(step.with ?? {}), `${file}: ${action} needs "${input}"`).toContain(input);
          }
        }
      }
    }
  });

  it.each(files)('%s checks out without leaving the token in .git/config', (file) => {
    const workflow = parse(readFileSync(join(dir, file), 'utf8')) as {
      jobs: Record<string, { steps?: Step[] }>;
    };
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps ?? []) {
        if (!step.uses?.startsWith('actions/checkout@')) continue;
        // Any later step (the training code, a data-reading library) could read a persisted token.
        expect(step.with?.['persist-credentials'], `${file}: ${step.uses}`).toBe(false);
      }
    }
  });

  it.each(files)('%s puts no expression into a run: script (inputs go through env)', (file) => {
    const workflow = parse(readFileSync(join(dir, file), 'utf8')) as {
      jobs: Record<string, { steps?: Step[] }>;
    };
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps ?? []) {
        if (step.run) expect(step.run, `${file}: ${step.run}`).not.toContain('${{');
      }
    }
  });
});
