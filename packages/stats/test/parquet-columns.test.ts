import { beforeAll, describe, expect, it } from 'vitest';
import { profileDataset } from '../src/profiles/index';
import { validateDataset } from '../src/expectations/index';
import type { DatasetProfileJSON } from '../src/profiles/index';
import { vegaDataset } from './helpers';

// Parquet decodes only the columns a pass needs (ReadOptions.select): the figures must be those of a
// whole read. Real data: vega-datasets flights-3m (3M rows, 5 columns).
describe('reading some columns of a Parquet file', () => {
  const file = vegaDataset('flights-3m.parquet');
  let whole: DatasetProfileJSON;
  beforeAll(async () => {
    whole = (await profileDataset(file)).toJSON();
  }, 60_000);

  it('profiles the `columns` asked for as a whole read does', async () => {
    const some = (await profileDataset(file, { columns: ['delay', 'origin'] })).toJSON();
    expect(Object.keys(some.columns)).toEqual(['delay', 'origin']);
    expect(some.rows).toBe(whole.rows);
    expect(some.columns['delay']).toEqual(whole.columns['delay']);
    expect(some.columns['origin']).toEqual(whole.columns['origin']);
    expect(some.files).toEqual(whole.files);
  }, 60_000);

  it('validates with the columns the suite names only, finding what the whole profile says', async () => {
    const delay = whole.columns['delay']!;
    const distance = whole.columns['distance']!;
    const result = await validateDataset(file, {
      expectation_suite_name: 'flights',
      expectations: [
        { expectation_type: 'expect_table_row_count_to_equal', kwargs: { value: whole.rows } },
        { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'delay' } },
        {
          expectation_type: 'expect_column_max_to_be_between',
          kwargs: { column: 'distance', min_value: 0, max_value: 1e9 },
        },
      ],
    });
    const [rows, notNull, max] = result.results;
    expect(rows!.success).toBe(true);
    expect(notNull!.result['unexpected_count']).toBe(delay.nulls);
    expect(notNull!.result['element_count']).toBe(whole.rows);
    expect(max!.result['observed_value']).toBe(distance.summary.max);
    expect(result.meta.columns).toEqual(Object.keys(whole.columns));
  }, 60_000);
});
