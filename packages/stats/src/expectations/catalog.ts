import { COLUMN_AGGREGATE_EXPECTATIONS } from './column-aggregate';
import { COLUMN_MAP_EXPECTATIONS } from './column-map';
import type { Planner } from './plan';
import { TABLE_EXPECTATIONS } from './table';

/** Every supported expectation, by Great Expectations' name. */
export const EXPECTATIONS: Readonly<Record<string, Planner>> = {
  ...COLUMN_MAP_EXPECTATIONS,
  ...COLUMN_AGGREGATE_EXPECTATIONS,
  ...TABLE_EXPECTATIONS,
};

export const EXPECTATION_TYPES: readonly string[] = Object.keys(EXPECTATIONS).sort();
