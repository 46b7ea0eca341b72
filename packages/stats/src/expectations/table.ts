import { boundsArg, columnArg, ExpectationError, numberArg, stringListArg, withinBounds } from './kwargs';
import type { Planner, TablePlan } from './plan';

function tablePlan(evaluate: TablePlan['evaluate']): TablePlan {
  return { scope: 'table', evaluate };
}

export const TABLE_EXPECTATIONS: Record<string, Planner> = {
  expect_table_row_count_to_be_between: (kwargs) => {
    const bounds = boundsArg(kwargs);
    if (bounds.domain !== 'number')
      throw new ExpectationError('row counts are numbers: give numeric min_value / max_value');
    return tablePlan(({ rows }) => ({ success: withinBounds(rows, bounds), observed_value: rows }));
  },
  expect_table_row_count_to_equal: (kwargs) => {
    const value = numberArg(kwargs, 'value', { integer: true, min: 0 });
    return tablePlan(({ rows }) => ({ success: rows === value, observed_value: rows }));
  },
  expect_table_column_count_to_equal: (kwargs) => {
    const value = numberArg(kwargs, 'value', { integer: true, min: 0 });
    return tablePlan(({ columns }) => ({
      success: columns.length === value,
      observed_value: columns.length,
    }));
  },
  expect_table_column_count_to_be_between: (kwargs) => {
    const bounds = boundsArg(kwargs);
    return tablePlan(({ columns }) => ({
      success: withinBounds(columns.length, bounds),
      observed_value: columns.length,
    }));
  },
  expect_table_columns_to_match_ordered_list: (kwargs) => {
    const expected = stringListArg(kwargs, 'column_list');
    return tablePlan(({ columns }) => {
      const mismatched = Array.from({ length: Math.max(expected.length, columns.length) }, (_, i) => i)
        .filter((i) => expected[i] !== columns[i])
        .map((i) => ({
          'Expected Column Position': i,
          Expected: expected[i] ?? null,
          Found: columns[i] ?? null,
        }));
      return {
        success: mismatched.length === 0,
        observed_value: [...columns],
        ...(mismatched.length > 0 ? { details: { mismatched } } : {}),
      };
    });
  },
  expect_table_columns_to_match_set: (kwargs) => {
    const expected = stringListArg(kwargs, 'column_set');
    const exactMatch = kwargs['exact_match'] !== false;
    return tablePlan(({ columns }) => {
      const present = new Set(columns);
      const wanted = new Set(expected);
      const missing = expected.filter((name) => !present.has(name));
      const unexpected = columns.filter((name) => !wanted.has(name));
      return {
        success: missing.length === 0 && (!exactMatch || unexpected.length === 0),
        observed_value: [...columns].sort(),
        details: { mismatched: { unexpected, missing } },
      };
    });
  },
  expect_column_to_exist: (kwargs) => {
    const column = columnArg(kwargs);
    const position = kwargs['column_index'];
    if (position !== undefined && position !== null)
      numberArg(kwargs, 'column_index', { integer: true, min: 0 });
    return tablePlan(({ columns }) => {
      const index = columns.indexOf(column);
      const placed = typeof position === 'number' ? index === position : index >= 0;
      return { success: placed, observed_value: index >= 0 ? index : null };
    });
  },
};
