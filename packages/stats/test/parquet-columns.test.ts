import { describe, expect, it } from 'vitest';
import { profileDataset } from '../src/index';
import { vegaDataset } from './helpers';

describe('profiling some columns of a Parquet file', () => {
  it('decodes only those, and profiles them as a whole read does (vega-datasets flights-3m)', async () => {
    const file = vegaDataset('flights-3m.parquet');
    const whole = (await profileDataset(file)).toJSON();
    const some = (await profileDataset(file, { columns: ['delay', 'origin'] })).toJSON();
    expect(Object.keys(some.columns)).toEqual(['delay', 'origin']);
    expect(some.rows).toBe(whole.rows);
    expect(some.columns['delay']).toEqual(whole.columns['delay']);
    expect(some.columns['origin']).toEqual(whole.columns['origin']);
    expect(some.files).toEqual(whole.files);
  }, 60_000);
});
