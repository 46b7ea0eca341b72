import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '@mlops-actions/data';
import { DatasetProfile, profileDataset } from '../src/profiles/index';
import { validateDataset } from '../src/expectations/index';
import type { DatasetProfileJSON, ProfileOptions } from '../src/profiles/index';
import type { ExpectationSuite } from '../src/expectations/index';
import { testRandom } from './helpers';

const directory = mkdtempSync(join(tmpdir(), 'mlops-sharded-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Shards of ~2 KiB read on this thread: the sharded pass without workers (which need a bundle). */
const sharded: ProfileOptions = { threads: 3, sharding: { shardBytes: 2048, minBytes: 0, inline: true } };
const oneThread: ProfileOptions = { threads: 1 };

/** Numbers, categories, dates and notes whose quotes hold line breaks, so cuts must skip them. */
function writeData(name: string, rows: number, seed: number, extra = ''): string {
  const random = testRandom(seed);
  const lines = ['id,amount,age,country,day,note'];
  for (let id = 1; id <= rows; id++) {
    const amount = random() < 0.05 ? '' : (random() * 1000 - 200).toFixed(3);
    const age = 18 + Math.floor(random() * 70);
    const country = ['US', 'DE', 'FR', 'JP'][Math.floor(random() * random() * 4)];
    const day = `2024-${String(1 + (id % 12)).padStart(2, '0')}-${String(1 + (id % 28)).padStart(2, '0')}`;
    const note =
      id % 3 === 0
        ? `"said ""hi""\nthen, on line two\nand three ${id}"`
        : `note ${Math.floor(random() * 5000)}`;
    lines.push(`${id},${amount},${age},${country},${day},${note}`);
    if (id === 2000 && extra) lines.push(extra);
  }
  const path = join(directory, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** The fields a sharded profile must reproduce exactly (moments up to rounding). */
function exactFields(json: DatasetProfileJSON) {
  return {
    rows: json.rows,
    files: json.files,
    warnings: json.warnings,
    columns: Object.fromEntries(
      Object.entries(json.columns).map(([name, column]) => [
        name,
        {
          kind: column.kind,
          count: column.count,
          nulls: column.nulls,
          types: column.types,
          distinct: column.summary.distinct,
          min: column.summary.min,
          max: column.summary.max,
          histogram: column.histogram,
          momentsCount: column.moments?.count,
          sampleSize: column.sample.items.length,
          frequentTotal: column.frequent?.n,
        },
      ]),
    ),
  };
}

const path = writeData('data.csv', 6000, 7);

describe('a profile read in shards', () => {
  it('has the exact fields of a one-thread profile: counts, min/max, moments, histograms, distinct', async () => {
    const single = (await profileDataset(path, oneThread)).toJSON();
    const split = (await profileDataset(path, sharded)).toJSON();
    expect(exactFields(split)).toEqual(exactFields(single));
    for (const [name, column] of Object.entries(single.columns)) {
      const other = split.columns[name]!;
      if (column.summary.mean != null) expect(other.summary.mean).toBeCloseTo(column.summary.mean, 9);
      if (column.summary.stddev != null) expect(other.summary.stddev).toBeCloseTo(column.summary.stddev, 9);
    }
    // The sample and quantiles come from merged shard sketches: within their errors, not equal.
    expect(split.columns['amount']!.sample).not.toEqual(single.columns['amount']!.sample);
    const amount = split.columns['amount']!.summary;
    expect(
      Math.abs((amount.median as number) - (single.columns['amount']!.summary.median as number)),
    ).toBeLessThan(15);
  });

  it('is the same for the same input and thread count', async () => {
    const first = JSON.stringify(await profileDataset(path, sharded));
    expect(JSON.stringify(await profileDataset(path, sharded))).toBe(first);
  });

  it('bins like a reference profile, as drift-check profiles do', async () => {
    const reference = await profileDataset(writeData('reference.csv', 3000, 11), oneThread);
    const single = await profileDataset(path, { ...oneThread, reference });
    const split = await profileDataset(path, { ...sharded, reference });
    expect(exactFields(split.toJSON())).toEqual(exactFields(single.toJSON()));
    const edges = (profile: DatasetProfile) => profile.column('amount').histogram?.toJSON().edges;
    expect(edges(DatasetProfile.fromJSON(split.toJSON()))).toEqual(edges(reference));
  });

  it('names the absolute file line of an error in a later shard', async () => {
    const broken = writeData('broken.csv', 3000, 3, '2001,1.5,40,US,2024-01-01,one,field too many');
    const message = (options: ProfileOptions) =>
      profileDataset(broken, options).then(
        () => 'no error',
        (error: unknown) => (error instanceof DataError ? error.message : String(error)),
      );
    const expected = await message(oneThread);
    expect(expected).toMatch(/broken\.csv:\d{4}:\d+: row has more fields/);
    expect(await message(sharded)).toBe(expected);
  });
});

describe('a dataset of several files read in shards', () => {
  it('maps each file onto the first file column order, for the chosen columns only', async () => {
    const first = writeData('multi-a.csv', 1500, 21);
    const [header, ...rows] = readFileSync(writeData('multi-b.csv', 1500, 22), 'utf8').split('\n');
    // The second file lists its columns in another order: swap the first two of every record.
    const swap = (line: string) => line.replace(/^([^,]*),([^,]*),/, '$2,$1,');
    const second = join(directory, 'multi-b.csv');
    writeFileSync(
      second,
      [swap(header as string), ...rows.map((line) => (/^\d+,/.test(line) ? swap(line) : line))].join('\n'),
    );
    const options = { columns: ['amount', 'country', 'note'] };
    const single = await profileDataset([first, second], { ...oneThread, ...options });
    const split = await profileDataset([first, second], { ...sharded, ...options });
    expect(exactFields(split.toJSON())).toEqual(exactFields(single.toJSON()));
    expect(split.files.map((file) => file.rows)).toEqual([1500, 1500]);
  });

  it('reports a later file with other columns as one thread does', async () => {
    const other = join(directory, 'other-columns.csv');
    writeFileSync(other, 'id,something\n1,2\n');
    const message = (options: ProfileOptions) =>
      profileDataset([path, other], options).then(
        () => 'no error',
        (error: unknown) => String((error as Error).message),
      );
    const expected = await message(oneThread);
    expect(expected).toMatch(/other-columns\.csv:1:1: columns differ/);
    expect(await message(sharded)).toBe(expected);
  });
});

describe('a validation read in shards', () => {
  const path = writeData('validate.csv', 5000, 5);
  const suite: ExpectationSuite = {
    expectation_suite_name: 'sharded',
    expectations: [
      { expectation_type: 'expect_table_row_count_to_equal', kwargs: { value: 5000 } },
      { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'amount', mostly: 0.9 } },
      {
        expectation_type: 'expect_column_values_to_be_between',
        kwargs: { column: 'age', min_value: 20, max_value: 80 },
      },
      { expectation_type: 'expect_column_values_to_match_regex', kwargs: { column: 'note', regex: '^note' } },
      {
        expectation_type: 'expect_column_distinct_values_to_be_in_set',
        kwargs: { column: 'country', value_set: ['US', 'DE'] },
      },
      {
        expectation_type: 'expect_column_mean_to_be_between',
        kwargs: { column: 'amount', min_value: 0, max_value: 1000 },
      },
    ],
  };

  it('finds the same unexpected cells, with their row indexes and absolute lines', async () => {
    const single = await validateDataset(path, suite, oneThread);
    const split = await validateDataset(path, suite, sharded);
    const results = (result: typeof single) =>
      result.results.map(({ success, result: detail }) => ({ success, detail }));
    expect(results(split)).toEqual(results(single));
    expect(split.statistics).toEqual(single.statistics);
    const places = single.results[3]!.result['partial_unexpected_places'] as { line: number }[];
    expect(places.length).toBe(20);
  });

  it('stays on one thread for rules that need file order (uniqueness)', async () => {
    const unique: ExpectationSuite = {
      expectation_suite_name: 'order',
      expectations: [{ expectation_type: 'expect_column_values_to_be_unique', kwargs: { column: 'age' } }],
    };
    const single = await validateDataset(path, unique, oneThread);
    expect((await validateDataset(path, unique, sharded)).results).toEqual(single.results);
  });
});

/** The same kinds of columns as writeData, as Parquet: row groups of `groupRows`, small pages. */
function writeParquetData(
  name: string,
  rows: number,
  seed: number,
  groupRows: number,
): { path: string; amount: (number | null)[] } {
  const random = testRandom(seed);
  const id: number[] = [];
  const age: number[] = [];
  const amount: (number | null)[] = [];
  const country: (string | null)[] = [];
  const note: string[] = [];
  const day: Date[] = [];
  for (let row = 1; row <= rows; row++) {
    id.push(row);
    age.push(18 + Math.floor(random() * 70));
    amount.push(random() < 0.05 ? null : Math.round((random() * 1000 - 200) * 1000) / 1000);
    country.push(random() < 0.02 ? null : ['US', 'DE', 'FR', 'JP'][Math.floor(random() * random() * 4)]!);
    note.push(`note ${Math.floor(random() * 5000)}`);
    day.push(new Date(Date.UTC(2024, row % 12, 1 + (row % 28))));
  }
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: id, type: 'INT32' },
      { name: 'amount', data: amount, type: 'DOUBLE' },
      { name: 'age', data: age, type: 'INT32' },
      { name: 'country', data: country, type: 'STRING', encoding: 'RLE_DICTIONARY' },
      { name: 'note', data: note, type: 'STRING', encoding: 'PLAIN' },
      { name: 'day', data: day, type: 'TIMESTAMP' },
    ],
    rowGroupSize: groupRows,
    pageSize: 4096,
  });
  const path = join(directory, name);
  writeFileSync(path, new Uint8Array(buffer));
  return { path, amount };
}

describe('Parquet read in shards (row groups)', () => {
  const { path: parquet, amount } = writeParquetData('data.parquet', 6000, 9, 700);

  it('has the exact fields of a one-thread profile, and is the same run after run', async () => {
    const single = (await profileDataset(parquet, oneThread)).toJSON();
    const split = (await profileDataset(parquet, sharded)).toJSON();
    expect(exactFields(split)).toEqual(exactFields(single));
    expect(split.columns['amount']!.summary.mean).toBeCloseTo(single.columns['amount']!.summary.mean!, 9);
    expect(split.files.map((file) => [file.format, file.rows])).toEqual([['parquet', 6000]]);
    // Sharded indeed: the sample comes from the lanes' merged samples.
    expect(split.columns['amount']!.sample).not.toEqual(single.columns['amount']!.sample);
    expect(JSON.stringify(await profileDataset(parquet, sharded))).toBe(JSON.stringify(split));
  });

  it('profiles only the chosen columns, and a dataset of CSV and Parquet files together', async () => {
    const options = { columns: ['amount', 'country'] };
    const single = await profileDataset(parquet, { ...oneThread, ...options });
    const split = await profileDataset(parquet, { ...sharded, ...options });
    expect(exactFields(split.toJSON())).toEqual(exactFields(single.toJSON()));
    const csv = writeData('with-parquet.csv', 1500, 23);
    const both = { columns: ['id', 'amount', 'country'] };
    const mixedSingle = await profileDataset([csv, parquet], { ...oneThread, ...both });
    const mixedSplit = await profileDataset([csv, parquet], { ...sharded, ...both });
    expect(exactFields(mixedSplit.toJSON())).toEqual(exactFields(mixedSingle.toJSON()));
    expect(mixedSplit.files.map((file) => file.rows)).toEqual([1500, 6000]);
  });

  it('validates with the rows of the file as lines', async () => {
    const suite: ExpectationSuite = {
      expectation_suite_name: 'parquet',
      expectations: [
        { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'country' } },
        {
          expectation_type: 'expect_column_values_to_be_between',
          kwargs: { column: 'amount', min_value: -195, max_value: 790 },
        },
      ],
    };
    const single = await validateDataset(parquet, suite, oneThread);
    const split = await validateDataset(parquet, suite, sharded);
    expect(split.results).toEqual(single.results);
    // The first 20 rows (1-based) out of range, found apart from any reader; most are past the first group.
    const outside = amount.flatMap((value, row) =>
      value !== null && (value < -195 || value > 790) ? [row + 1] : [],
    );
    const places = split.results[1]!.result['partial_unexpected_places'] as { line: number }[];
    expect(places.map((place) => place.line)).toEqual(outside.slice(0, 20));
    expect(outside[19]).toBeGreaterThan(700);
  });

  it('names the row of a damaged row group as one thread does', async () => {
    const damaged = join(directory, 'damaged.parquet');
    const bytes = readFileSync(parquet);
    // Overwrite the middle of the file (a later row group's pages) with bytes no page header starts with.
    bytes.fill(0xff, Math.floor(bytes.length * 0.6), Math.floor(bytes.length * 0.6) + 64);
    writeFileSync(damaged, bytes);
    const message = (options: ProfileOptions) =>
      profileDataset(damaged, options).then(
        () => 'no error',
        (error: unknown) => (error instanceof DataError ? error.message : String(error)),
      );
    const expected = await message(oneThread);
    expect(expected).toMatch(/damaged\.parquet:\d{4}:1: cannot decode the row group starting at row \d{4}/);
    expect(await message(sharded)).toBe(expected);
  });
});
