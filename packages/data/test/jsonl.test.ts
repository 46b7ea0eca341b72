import { describe, expect, it } from 'vitest';
import { CellType, openDataset } from '../src/index';
import { readAll, readError, scan, scratchDirectory, vegaDataset } from './helpers';

const files = scratchDirectory();

describe('reading JSON Lines', () => {
  it('reads one object per line; keys become columns, missing keys nulls, nested values JSON text', async () => {
    const file = files.write(
      'rows.jsonl',
      '{"id": 1, "name": "a", "tags": ["x", "y"]}\r\n\n{"id": 2, "score": 0.5}\n{"id": 3, "name": null, "score": 2, "tags": {"k": true}}',
    );
    const result = await readAll(file);
    expect(result.columns).toEqual(['id', 'name', 'tags', 'score']);
    expect(result.rows).toEqual([
      ['1', 'a', '["x","y"]', null],
      ['2', null, null, '0.5'],
      ['3', null, '{"k":true}', '2'],
    ]);
    expect(result.lines).toEqual([1, 3, 4]);
  });

  it('types JSON values by their JSON type, and strings by their text', async () => {
    const file = files.write(
      'types.ndjson',
      '{"v": 3}\n{"v": 2.5}\n{"v": true}\n{"v": "2020-01-02"}\n{"v": "7"}\n{"v": "word"}\n{"v": null}\n',
    );
    const dataset = await openDataset(file);
    for await (const batch of dataset) {
      const { types, values } = scan(batch, 0);
      expect(types).toEqual([
        CellType.Integer,
        CellType.Fractional,
        CellType.Boolean,
        CellType.Datetime,
        CellType.Integer,
        CellType.String,
        CellType.Null,
      ]);
      expect(values.slice(0, 5)).toEqual([3, 2.5, 1, Date.UTC(2020, 0, 2), 7]);
    }
  });

  it('refuses a key that the first lines did not have, naming it and the line', async () => {
    const first = Array.from({ length: 3 }, (_, i) => JSON.stringify({ a: i })).join('\n');
    const file = files.write('late-key.jsonl', `${first}\n${JSON.stringify({ a: 9, surprise: 1 })}\n`);
    const error = await readError(file, { maxBatchRows: 2 });
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/key "surprise" is not among the columns/);
  });

  it('reads real data: vega-datasets flights-2k as JSON Lines', async () => {
    const { readFileSync } = await import('node:fs');
    const records = JSON.parse(readFileSync(vegaDataset('flights-2k.json'), 'utf8')) as Record<
      string,
      unknown
    >[];
    const file = files.write('flights.jsonl', records.map((record) => JSON.stringify(record)).join('\n'));
    const result = await readAll(file, { chunkBytes: 4096 });
    expect(result.columns).toEqual(Object.keys(records[0] as object));
    expect(result.rows).toHaveLength(records.length);
    expect(result.rows[records.length - 1]).toEqual(Object.values(records.at(-1) as object).map(String));
  });
});
