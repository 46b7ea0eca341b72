import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSuite, validateDataset } from '../../src/expectations/index';
import type { ExpectationResult, ValidationResult } from '../../src/expectations/index';

// Six people; a quoted city spans two lines, so line numbers and row numbers part ways after row 3.
const PEOPLE = [
  'id,age,city,score,joined,code',
  '1,34,Oslo,0.5,2024-01-01,AB-1',
  '2,,Bergen,1.5,2024-02-01,AB-2',
  '3,51,"New',
  'York",2.5,2024-03-01,xx',
  '4,17,Paris,,2024-04-01,AB-4',
  '5,34,Oslo,4.5,2024-05-01,AB-5',
  '6,29,Oslo,5.5,2024-06-01,AB-6',
].join('\n');

let dir: string;
let people: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'expectations-'));
  people = join(dir, 'people.csv');
  writeFileSync(people, PEOPLE);
});

async function check(type: string, kwargs: Record<string, unknown>): Promise<ExpectationResult> {
  const report = await validateDataset(people, {
    expectation_suite_name: 't',
    expectations: [{ expectation_type: type, kwargs }],
  });
  return report.results[0] as ExpectationResult;
}

describe('column map expectations count unexpected cells like Great Expectations', () => {
  it('not_be_null counts the one empty age over all six rows, and mostly decides', async () => {
    const strict = await check('expect_column_values_to_not_be_null', { column: 'age' });
    expect(strict.success).toBe(false);
    expect(strict.result).toMatchObject({
      element_count: 6,
      unexpected_count: 1,
      partial_unexpected_list: [null],
    });
    expect(strict.result['unexpected_percent']).toBeCloseTo(100 / 6, 10);
    expect((await check('expect_column_values_to_not_be_null', { column: 'age', mostly: 0.8 })).success).toBe(
      true,
    ); // 5/6 ≥ 0.8
    expect((await check('expect_column_values_to_not_be_null', { column: 'age', mostly: 0.9 })).success).toBe(
      false,
    );
    expect((await check('expect_column_values_to_be_null', { column: 'score', mostly: 0.1 })).success).toBe(
      true,
    ); // 1/6
  });

  it('be_between skips nulls and reports the out-of-range value with its line', async () => {
    const result = await check('expect_column_values_to_be_between', {
      column: 'age',
      min_value: 18,
      max_value: 60,
    });
    expect(result.success).toBe(false);
    // ages 34, 51, 17, 34, 29 (one null): 17 is out; percent of the 5 non-null values.
    expect(result.result).toMatchObject({
      element_count: 6,
      missing_count: 1,
      unexpected_count: 1,
      unexpected_percent: 20,
      partial_unexpected_list: [17],
      partial_unexpected_index_list: [3],
      partial_unexpected_places: [{ file: people, line: 6 }],
    });
    expect(
      (await check('expect_column_values_to_be_between', { column: 'age', min_value: 17, max_value: 51 }))
        .success,
    ).toBe(true);
    const strict = await check('expect_column_values_to_be_between', {
      column: 'age',
      min_value: 17,
      strict_min: true,
    });
    expect(strict.result['unexpected_count']).toBe(1);
    const mostly = await check('expect_column_values_to_be_between', {
      column: 'age',
      min_value: 18,
      mostly: 0.8,
    });
    expect(mostly.success).toBe(true); // 4 of 5
  });

  it('be_in_set and not_be_in_set compare text exactly and numbers by value', async () => {
    const cities = await check('expect_column_values_to_be_in_set', {
      column: 'city',
      value_set: ['Oslo', 'Bergen'],
    });
    expect(cities.result).toMatchObject({
      unexpected_count: 2,
      partial_unexpected_list: ['New\nYork', 'Paris'],
    });
    expect(cities.result['partial_unexpected_places']).toEqual([
      { file: people, line: 4 },
      { file: people, line: 6 },
    ]);
    const ids = await check('expect_column_values_to_be_in_set', {
      column: 'id',
      value_set: [1, 2, '3', '4.0', 5, 6],
    });
    expect(ids.success).toBe(true);
    const banned = await check('expect_column_values_to_not_be_in_set', {
      column: 'city',
      value_set: ['Paris'],
    });
    expect(banned.result).toMatchObject({ unexpected_count: 1, partial_unexpected_list: ['Paris'] });
  });

  it('match_regex searches anywhere in the value, as Python re.search', async () => {
    const anchored = await check('expect_column_values_to_match_regex', {
      column: 'code',
      regex: '^AB-\\d$',
    });
    expect(anchored.result).toMatchObject({
      unexpected_count: 1,
      partial_unexpected_list: ['xx'],
      partial_unexpected_index_list: [2],
    });
    expect(
      (await check('expect_column_values_to_match_regex', { column: 'code', regex: '\\d' })).result[
        'unexpected_count'
      ],
    ).toBe(1);
    const named = await check('expect_column_values_to_match_regex', {
      column: 'code',
      regex: '(?P<prefix>AB)-(?P<n>\\d)',
    });
    expect(named.result['unexpected_count']).toBe(1);
    const negated = await check('expect_column_values_to_not_match_regex', { column: 'city', regex: 'o$' });
    expect(negated.result).toMatchObject({
      unexpected_count: 3,
      partial_unexpected_list: ['Oslo', 'Oslo', 'Oslo'],
    });
  });

  it('be_unique flags every occurrence of a repeated value, the first one included', async () => {
    const result = await check('expect_column_values_to_be_unique', { column: 'age' });
    expect(result.result).toMatchObject({
      unexpected_count: 2,
      partial_unexpected_list: [34, 34],
      partial_unexpected_index_list: [0, 4],
    });
    expect((await check('expect_column_values_to_be_unique', { column: 'id' })).success).toBe(true);
  });

  it('be_of_type reads int, float, str and datetime from what the text holds', async () => {
    expect((await check('expect_column_values_to_be_of_type', { column: 'age', type_: 'int' })).success).toBe(
      true,
    );
    expect(
      (await check('expect_column_values_to_be_of_type', { column: 'age', type_: 'float64' })).success,
    ).toBe(true);
    const scores = await check('expect_column_values_to_be_of_type', { column: 'score', type_: 'int' });
    expect(scores.result['unexpected_count']).toBe(5); // 0.5, 1.5, 2.5, 4.5, 5.5
    expect(
      (await check('expect_column_values_to_be_of_type', { column: 'city', type_: 'str' })).success,
    ).toBe(true);
    expect(
      (await check('expect_column_values_to_be_of_type', { column: 'joined', type_: 'datetime64[ns]' }))
        .success,
    ).toBe(true);
    const mixed = await check('expect_column_values_to_be_in_type_list', {
      column: 'code',
      type_list: ['int', 'str'],
    });
    expect(mixed.success).toBe(true);
  });

  it('value lengths are counted in characters', async () => {
    const between = await check('expect_column_value_lengths_to_be_between', {
      column: 'city',
      min_value: 5,
      max_value: 6,
    });
    expect(between.result).toMatchObject({
      unexpected_count: 4,
      partial_unexpected_list: ['Oslo', 'New\nYork', 'Oslo', 'Oslo'],
    });
    const equal = await check('expect_column_value_lengths_to_equal', { column: 'code', value: 4 });
    expect(equal.result).toMatchObject({ unexpected_count: 1, partial_unexpected_list: ['xx'] });
  });

  it('increasing follows file order', async () => {
    expect(
      (await check('expect_column_values_to_be_increasing', { column: 'joined', strictly: true })).success,
    ).toBe(true);
    expect(
      (await check('expect_column_values_to_be_increasing', { column: 'age' })).result['unexpected_count'],
    ).toBe(2); // 17 after 51, 29 after 34
  });
});

describe('aggregate and table expectations', () => {
  const scores = [0.5, 1.5, 2.5, 4.5, 5.5];
  const mean = scores.reduce((a, b) => a + b) / scores.length;
  const stdev = Math.sqrt(scores.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (scores.length - 1));

  it('mean, stdev, min, max and sum come from the profile of the same pass', async () => {
    const meanResult = await check('expect_column_mean_to_be_between', {
      column: 'score',
      min_value: 2,
      max_value: 3,
    });
    expect(meanResult.result['observed_value']).toBeCloseTo(mean, 12);
    expect(meanResult.success).toBe(mean >= 2 && mean <= 3);
    const stdevResult = await check('expect_column_stdev_to_be_between', {
      column: 'score',
      min_value: 0,
      max_value: 1,
    });
    expect(stdevResult.result['observed_value']).toBeCloseTo(stdev, 12);
    expect(stdevResult.success).toBe(false);
    expect(
      (await check('expect_column_min_to_be_between', { column: 'score', min_value: 0.5, max_value: 0.5 }))
        .success,
    ).toBe(true);
    expect(
      (await check('expect_column_max_to_be_between', { column: 'score', max_value: 5.5, strict_max: true }))
        .success,
    ).toBe(false);
    const sum = await check('expect_column_sum_to_be_between', {
      column: 'score',
      min_value: 14.5,
      max_value: 14.5,
    });
    expect(sum.result).toMatchObject({ observed_value: 14.5, element_count: 6, missing_count: 1 });
    const latest = await check('expect_column_max_to_be_between', {
      column: 'joined',
      min_value: '2024-06-01',
      max_value: '2024-12-31',
    });
    expect(latest).toMatchObject({ success: true, result: { observed_value: '2024-06-01T00:00:00.000Z' } });
  });

  it('distinct values, unique counts and proportions are exact', async () => {
    const equal = await check('expect_column_distinct_values_to_equal_set', {
      column: 'city',
      value_set: ['Oslo', 'Bergen', 'Paris'],
    });
    expect(equal).toMatchObject({
      success: false,
      result: { observed_value: ['Bergen', 'New\nYork', 'Oslo', 'Paris'] },
    });
    expect(
      (
        await check('expect_column_distinct_values_to_contain_set', {
          column: 'city',
          value_set: ['Oslo', 'Paris'],
        })
      ).success,
    ).toBe(true);
    expect(
      (
        await check('expect_column_distinct_values_to_be_in_set', {
          column: 'age',
          value_set: [17, 29, 34, 51],
        })
      ).success,
    ).toBe(true);
    const count = await check('expect_column_unique_value_count_to_be_between', {
      column: 'age',
      min_value: 4,
      max_value: 4,
    });
    expect(count).toMatchObject({ success: true, result: { observed_value: 4 } });
    const proportion = await check('expect_column_proportion_of_unique_values_to_be_between', {
      column: 'age',
      min_value: 0.9,
    });
    expect(proportion).toMatchObject({ success: false, result: { observed_value: 4 / 5 } });
  });

  it('table expectations see the row count and the columns', async () => {
    expect((await check('expect_table_row_count_to_equal', { value: 6 })).success).toBe(true);
    expect(
      (await check('expect_table_row_count_to_be_between', { min_value: 7 })).result['observed_value'],
    ).toBe(6);
    const ordered = await check('expect_table_columns_to_match_ordered_list', {
      column_list: ['id', 'city', 'age', 'score', 'joined', 'code'],
    });
    expect(ordered.success).toBe(false);
    expect(ordered.result['details']).toEqual({
      mismatched: [
        { 'Expected Column Position': 1, Expected: 'city', Found: 'age' },
        { 'Expected Column Position': 2, Expected: 'age', Found: 'city' },
      ],
    });
    const subset = await check('expect_table_columns_to_match_set', {
      column_set: ['id', 'age'],
      exact_match: false,
    });
    expect(subset.success).toBe(true);
    expect((await check('expect_table_columns_to_match_set', { column_set: ['id', 'age'] })).success).toBe(
      false,
    );
    expect((await check('expect_column_to_exist', { column: 'city', column_index: 2 })).success).toBe(true);
    expect((await check('expect_column_to_exist', { column: 'email' })).success).toBe(false);
  });
});

describe('results in GE shape', () => {
  let report: ValidationResult;
  beforeAll(async () => {
    const suite = parseSuite(
      [
        'expectation_suite_name: people',
        'expectations:',
        '  - expectation_type: expect_column_values_to_not_be_null',
        '    kwargs: { column: id }',
        '  - type: expect_column_values_to_be_in_set', // GE 1.x spelling
        '    kwargs: { column: city, value_set: [Oslo] }',
        '    meta: { severity: warning }',
        '  - expectation_type: expect_column_mean_to_be_between',
        '    kwargs: { column: nope, min_value: 0 }',
        '  - expectation_type: expect_column_mean_to_be_between',
        '    kwargs: { column: city, min_value: 0 }',
        '  - expectation_type: expect_column_values_to_be_between',
        '    kwargs: { column: age, min_value: 9, max_value: 1 }',
      ].join('\n'),
      'suite.yml',
    );
    report = await validateDataset(people, suite);
  });

  it('has success, statistics and one result per expectation', () => {
    expect(report.success).toBe(false);
    expect(report.statistics).toEqual({
      evaluated_expectations: 5,
      successful_expectations: 1,
      unsuccessful_expectations: 4,
      success_percent: 20,
    });
    expect(report.results.map((result) => result.success)).toEqual([true, false, false, false, false]);
    expect(report.results[1]?.expectation_config).toEqual({
      expectation_type: 'expect_column_values_to_be_in_set',
      kwargs: { column: 'city', value_set: ['Oslo'] },
      meta: { severity: 'warning' },
    });
    expect(report.results[0]?.exception_info).toEqual({
      raised_exception: false,
      exception_message: null,
      exception_traceback: null,
    });
    expect(report.meta).toMatchObject({
      expectation_suite_name: 'people',
      rows: 6,
      columns: ['id', 'age', 'city', 'score', 'joined', 'code'],
    });
  });

  it('an expectation that cannot run is a failed result with exception_info, not a crash', () => {
    const messages = report.results.slice(2).map((result) => result.exception_info);
    expect(messages.every((info) => info.raised_exception)).toBe(true);
    expect(messages[0]?.exception_message).toBe(
      'no column "nope" in the data (columns: id, age, city, score, joined, code)',
    );
    expect(messages[1]?.exception_message).toMatch(
      /column "city" is categorical: its mean needs a numeric column/,
    );
    expect(messages[2]?.exception_message).toMatch(/min_value \(9\) is above kwargs\.max_value \(1\)/);
  });
});

describe('suites', () => {
  it('an unknown expectation type names the file, the place and the index, and suggests the near name', () => {
    const text =
      '{"expectations": [{"expectation_type": "expect_column_to_exist", "kwargs": {"column": "a"}},\n {"expectation_type": "expect_column_values_to_be_unqiue", "kwargs": {}}]}';
    expect(() => parseSuite(text, 'suite.json')).toThrow(
      /^suite\.json:2:2: expectations\[1\]: unknown expectation type "expect_column_values_to_be_unqiue" — did you mean "expect_column_values_to_be_unique"\?/,
    );
  });

  it('a file without an expectations list, or with bad YAML, is refused with its name', () => {
    expect(() => parseSuite('name: x', 's.yml')).toThrow(/^s\.yml: no `expectations` list/);
    expect(() => parseSuite('expectations: [', 's.yml')).toThrow(/^s\.yml:1:\d+: not valid YAML or JSON/);
  });
});
