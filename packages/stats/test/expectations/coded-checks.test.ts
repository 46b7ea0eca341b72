import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateDataset } from '../../src/expectations/index';
import type { ExpectationSuite } from '../../src/expectations/index';
import type { ProfileOptions } from '../../src/profiles/index';
import { testRandom } from '../helpers';

const directory = mkdtempSync(join(tmpdir(), 'mlops-coded-checks-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

// Text columns that the profiler counts through a dictionary, so validate decides each distinct text
// once (per lane): the verdicts must be the cell-by-cell ones, counted per cell and placed per cell.
const WORDS = ['ship', 'box', 'refund', 'Card', 'mail', 'order', 'new'];
const COUNTRIES = ['US', 'DE', 'FR', 'XX', 'JP'];
const random = testRandom(83);
const rows = Array.from({ length: 6000 }, (_, i) => ({
  // 'Card' (a word in seven) fails the regex, as do the quoted ones with doubled quotes (every 50th);
  // every 97th is empty (null).
  comment:
    i % 97 === 0
      ? ''
      : i % 50 === 0
        ? `"say ""${WORDS[i % WORDS.length]}"""`
        : `${WORDS[Math.floor(random() * WORDS.length)]} ${100 + Math.floor(random() * 900)}`,
  country: COUNTRIES[Math.floor(random() * random() * COUNTRIES.length)] as string,
  status: i % 1000 === 999 ? 'lost' : ['active', 'trial', 'closed'][i % 3],
}));
const path = join(directory, 'coded.csv');
writeFileSync(
  path,
  `id,comment,country,status\n${rows.map((row, i) => `${i + 1},${row.comment},${row.country},${row.status}`).join('\n')}\n`,
);

const suite: ExpectationSuite = {
  expectation_suite_name: 'coded',
  expectations: [
    {
      expectation_type: 'expect_column_values_to_match_regex',
      kwargs: { column: 'comment', regex: '^[a-z]+ \\d{3}$', mostly: 0.5 },
    },
    {
      expectation_type: 'expect_column_values_to_be_in_set',
      kwargs: { column: 'country', value_set: ['US', 'DE', 'FR', 'JP'] },
    },
    {
      expectation_type: 'expect_column_value_lengths_to_be_between',
      kwargs: { column: 'comment', min_value: 5, max_value: 9 },
    },
    {
      expectation_type: 'expect_column_distinct_values_to_be_in_set',
      kwargs: { column: 'status', value_set: ['active', 'trial', 'closed'] },
    },
  ],
};

/** The unexpected cells of a rule, by brute force over the rows written: [row index, value]. */
function unexpected(column: 'comment' | 'country', test: (text: string) => boolean): [number, string][] {
  const found: [number, string][] = [];
  rows.forEach((row, index) => {
    // The CSV reader undoes the doubled quotes; empty cells are nulls, which these rules skip.
    const text = row[column].startsWith('"') ? row[column].slice(1, -1).replaceAll('""', '"') : row[column];
    if (text !== '' && !test(text)) found.push([index, text]);
  });
  return found;
}

describe('validate on dictionary-coded columns', () => {
  const regexMisses = unexpected('comment', (text) => /^[a-z]+ \d{3}$/.test(text));
  const setMisses = unexpected('country', (text) => ['US', 'DE', 'FR', 'JP'].includes(text));
  const lengthMisses = unexpected('comment', (text) => text.length >= 5 && text.length <= 9);

  it.each([
    ['one thread', { threads: 1 }],
    [
      'sharded (3 lanes, 4 KiB shards)',
      { threads: 3, sharding: { shardBytes: 4096, minBytes: 0, inline: true } },
    ],
  ] as [string, ProfileOptions][])('counts and places every unexpected cell (%s)', async (_, options) => {
    const result = await validateDataset(path, suite, options);
    const [regex, set, lengths, distinct] = result.results.map((entry) => entry.result);
    for (const [outcome, misses] of [
      [regex, regexMisses],
      [set, setMisses],
      [lengths, lengthMisses],
    ] as const) {
      expect(misses.length).toBeGreaterThan(20);
      expect(outcome!['unexpected_count']).toBe(misses.length);
      expect(outcome!['partial_unexpected_index_list']).toEqual(misses.slice(0, 20).map(([index]) => index));
      expect(outcome!['partial_unexpected_list']).toEqual(misses.slice(0, 20).map(([, value]) => value));
      // Line = row index + 2 (the header is line 1; no quoted line breaks here).
      expect(
        (outcome!['partial_unexpected_places'] as { line: number }[]).map((place) => place.line),
      ).toEqual(misses.slice(0, 20).map(([index]) => index + 2));
    }
    expect(regex!['missing_count']).toBe(rows.filter((row) => row.comment === '').length);
    expect(result.results.map((entry) => entry.success)).toEqual([true, false, false, false]);
    expect(distinct!['observed_value']).toEqual(['active', 'closed', 'lost', 'trial']);
  });
});
