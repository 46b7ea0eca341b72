import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runAction } from '../harness/run-action';

const seattle = join(repoRoot, 'node_modules/vega-datasets/data/seattle-weather.csv');

/** The CSV split naively (it has no quotes), as an independent reading of the same file. */
function naiveRows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
}

function workspaceWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'profile-ws-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('profile-data', () => {
  it('profiles real data: rows, nulls, means and the summary agree with a naive reading', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'profile-ws-'));
    copyFileSync(seattle, join(workspace, 'seattle-weather.csv'));
    const result = await runAction('profile-data', { workspace, inputs: { data: 'seattle-weather.csv' } });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const rows = naiveRows(seattle);
    expect(result.outputs['rows']).toBe(String(rows.length));
    expect(result.outputs['profile']).toBe('profile.json');
    const profile = JSON.parse(readFileSync(join(workspace, 'profile.json'), 'utf8'));
    expect(profile).toMatchObject({ schema: 'mlops-actions/profile', schemaVersion: 1, rows: rows.length });
    const tempMax = rows.map((r) => Number(r[2]));
    const mean = tempMax.reduce((a, b) => a + b, 0) / tempMax.length;
    expect(profile.columns.temp_max.kind).toBe('numeric');
    expect(profile.columns.temp_max.nulls).toBe(0);
    expect(profile.columns.temp_max.summary.mean).toBeCloseTo(mean, 9);
    expect(profile.columns.temp_max.summary.min).toBe(Math.min(...tempMax));
    expect(profile.columns.weather.kind).toBe('categorical');
    expect(
      new Set(profile.columns.weather.summary.mostFrequent.map((f: { value: string }) => f.value)),
    ).toEqual(new Set(rows.map((r) => r[5])));
    expect(result.summary).toMatch(/\| temp\\_max +\| numeric +\|/);
    expect(result.summary).toContain(`${rows.length.toLocaleString('en-US')} rows`);
  });

  it('merges shard profiles into the profile of the whole', async () => {
    const lines = readFileSync(seattle, 'utf8').trim().split('\n');
    const header = lines[0]!;
    const half = Math.floor((lines.length - 1) / 2);
    const workspace = workspaceWith({
      'a.csv': [header, ...lines.slice(1, 1 + half)].join('\n') + '\n',
      'b.csv': [header, ...lines.slice(1 + half)].join('\n') + '\n',
    });
    const whole = await runAction('profile-data', {
      workspace,
      inputs: { data: 'a.csv\nb.csv', output: 'whole.json' },
    });
    const a = await runAction('profile-data', {
      workspace,
      inputs: { data: 'a.csv', output: 'shards/a.json' },
    });
    const b = await runAction('profile-data', {
      workspace,
      inputs: { data: 'b.csv', output: 'shards/b.json' },
    });
    const merged = await runAction('profile-data', {
      workspace,
      inputs: { merge: 'shards/*.json', output: 'merged.json' },
    });
    for (const result of [whole, a, b, merged]) expect(result.exitCode, result.stderr).toBe(0);
    expect(merged.outputs['rows']).toBe(whole.outputs['rows']);
    const read = (name: string) => JSON.parse(readFileSync(join(workspace, name), 'utf8'));
    const [w, m] = [read('whole.json'), read('merged.json')];
    for (const column of Object.keys(w.columns)) {
      expect(m.columns[column].count).toBe(w.columns[column].count);
      expect(m.columns[column].nulls).toBe(w.columns[column].nulls);
    }
    expect(m.columns.precipitation.summary.mean).toBeCloseTo(w.columns.precipitation.summary.mean, 9);
    expect(m.columns.precipitation.summary.max).toBe(w.columns.precipitation.summary.max);
  });

  it('fails with an annotation at the file and line of an unterminated quote', async () => {
    const workspace = workspaceWith({ 'bad.csv': 'a,b\n1,2\n3,"oops\n4,5\n' });
    const result = await runAction('profile-data', { workspace, inputs: { data: 'bad.csv' } });
    expect(result.exitCode).toBe(1);
    const error = result.annotations.find((a) => a.level === 'error' && a.properties['file']);
    expect(error?.properties).toMatchObject({ file: 'bad.csv', line: '3' });
    expect(error?.message).toMatch(/bad\.csv:3:\d+: .*quote/i);
  });

  it('asks for data or profiles when given neither', async () => {
    const result = await runAction('profile-data', {});
    expect(result.exitCode).toBe(1);
    expect(result.annotations[0]?.message).toMatch(/Give `data`.*or `merge`/);
  });
});
