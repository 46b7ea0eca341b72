import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  breakingChanges,
  interfaceChanges,
  previousVersion,
  readActionInterface,
  releaseNotes,
} from '../scripts/lib/release-notes.mjs';
import { repoRoot } from './harness/run-action';

const manifests = readdirSync(join(repoRoot, 'actions')).map((name) => `actions/${name}/action.yml`);

describe('release notes', () => {
  it.each(manifests)('%s reads as a full YAML parser reads its inputs and outputs', (file) => {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    const full = parse(text) as Record<
      'inputs' | 'outputs',
      Record<string, Record<string, unknown>> | undefined
    >;
    const asStrings = (section: Record<string, Record<string, unknown>> | undefined) =>
      Object.fromEntries(
        Object.entries(section ?? {}).map(([name, fields]) => [
          name,
          Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, String(value)])),
        ]),
      );
    expect(readActionInterface(text, file)).toEqual({
      inputs: asStrings(full.inputs),
      outputs: asStrings(full.outputs),
    });
  });

  it('finds the previous version tag by semver, not by name', () => {
    const tags = ['v1.10.0', 'v1.9.3', 'v2.0.0', 'v1', 'latest', 'v1.2.0'];
    expect(previousVersion('v1.10.1', tags)).toBe('v1.10.0');
    expect(previousVersion('v1.10.0', tags)).toBe('v1.9.3');
    expect(previousVersion('v1.2.0', tags)).toBeUndefined();
    expect(() => previousVersion('v1', tags)).toThrow(/not a version tag/);
  });

  it('lists inputs and outputs added, changed and removed, and which of them break a major', () => {
    const before = {
      train: {
        inputs: {
          data: { description: 'Data', required: 'true' },
          seed: { description: 'Seed', default: '0' },
        },
        outputs: { model: { description: 'Model' } },
      },
      old: { inputs: {}, outputs: {} },
    };
    const after = {
      train: {
        inputs: {
          data: { description: 'Data', required: 'true' },
          seed: { description: 'Seed', default: '42' },
          epochs: { description: 'Epochs | *passes*' },
        },
        outputs: {},
      },
      fresh: { inputs: {}, outputs: {} },
    };
    const changes = interfaceChanges(before, after);
    expect(changes.map((c) => [c.action, c.kind, c.name])).toEqual([
      ['fresh', 'new action', undefined],
      ['old', 'removed action', undefined],
      ['train', 'changed', 'seed'],
      ['train', 'added', 'epochs'],
      ['train', 'removed', 'model'],
    ]);
    expect(breakingChanges(changes).map((c) => [c.action, c.kind])).toEqual([
      ['old', 'removed action'],
      ['train', 'removed'],
    ]);
    const notes = releaseNotes({ tag: 'v1.1.0', previous: 'v1.0.0', changes, repository: 'o/r' });
    expect(notes).toContain('- `train`: input `seed` changed: default 0 → 42');
    expect(notes).toContain('- `train`: input `epochs` added — Epochs \\| \\*passes\\*');
    expect(notes).toContain('- `train`: output `model` **removed**');
    expect(notes).toContain('https://github.com/o/r/compare/v1.0.0...v1.1.0');
  });
});
