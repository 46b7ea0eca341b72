import { CellType } from '@mlops-actions/data';
import { RE2JS } from 're2js';
import {
  boundsArg,
  canonicalKey,
  columnArg,
  ExpectationError,
  kwargKey,
  mostlyArg,
  numberArg,
  reportValue,
  valueSetArg,
  withinBounds,
} from './kwargs';
import type { Bounds } from './kwargs';
import type { Cell, CellRule, ColumnMapPlan, Planner, UnexpectedCell } from './plan';
import type { Kwargs } from './suite';

/** A column map plan whose rule skips null cells, as GE's column map expectations do. */
function valuesPlan(kwargs: Kwargs, test: (cell: Cell) => boolean): ColumnMapPlan {
  return {
    scope: 'column_map',
    column: columnArg(kwargs),
    mostly: mostlyArg(kwargs),
    judgesNulls: false,
    rule: { test },
  };
}

const isNumber = (type: CellType) => type === CellType.Integer || type === CellType.Fractional;

/** Whether a cell lies within bounds: numbers against numeric bounds, datetimes against datetime bounds. */
function cellWithin(cell: Cell, bounds: Bounds): boolean {
  const comparable = bounds.domain === 'number' ? isNumber(cell.type) : cell.type === CellType.Datetime;
  return comparable && withinBounds(cell.value, bounds);
}

const keyOf = (cell: Cell) =>
  canonicalKey(cell.type, cell.value, isNumber(cell.type) || cell.type === CellType.Boolean ? '' : cell.text);

function valueSetKeys(kwargs: Kwargs): Set<string> {
  return new Set(valueSetArg(kwargs).map(kwargKey));
}

/**
 * GE's regexes are Python's `re.search`: a match anywhere in the value. They run on RE2 (re2js),
 * whose time is linear in the text: the data and the suite can come from a pull request, and a
 * backtracking engine spends minutes on `^(a+)+$` against a few short cells. RE2 reads Python's
 * syntax, named groups `(?P<name>…)` included; it has no backreferences or lookarounds, so a suite
 * that uses them gets an exception that says so.
 */
function regexArg(kwargs: Kwargs): { test(text: string): boolean } {
  const source = kwargs['regex'];
  if (typeof source !== 'string') throw new ExpectationError('kwargs.regex must be a string');
  try {
    return RE2JS.compile(source);
  } catch (error) {
    const unsupported = /invalid escape sequence: `\\\d|unsupported Perl syntax/.test(
      (error as Error).message,
    );
    throw new ExpectationError(
      unsupported
        ? `kwargs.regex uses a backreference or lookaround, which the linear-time engine (RE2) does not run: ${(error as Error).message} — rewrite it without them`
        : `kwargs.regex is not a valid regular expression: ${(error as Error).message}`,
    );
  }
}

/** Length in characters (code points), as Python's len(). */
function characterLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) length--;
  }
  return length;
}

/**
 * GE's type names (Python, NumPy, pandas and SQL spellings) mapped to the cell types that satisfy them.
 * Every value of a CSV is text, so the test is on what the text reads as: "12" is an int, "1.5" a float
 * (ints are floats too), "true" a bool, "2024-01-31" a datetime, anything else a str.
 */
const TYPE_CELLS: Record<string, readonly CellType[]> = {
  int: [CellType.Integer],
  integer: [CellType.Integer],
  long: [CellType.Integer],
  bigint: [CellType.Integer],
  float: [CellType.Integer, CellType.Fractional],
  double: [CellType.Integer, CellType.Fractional],
  number: [CellType.Integer, CellType.Fractional],
  numeric: [CellType.Integer, CellType.Fractional],
  decimal: [CellType.Integer, CellType.Fractional],
  real: [CellType.Integer, CellType.Fractional],
  str: [CellType.String],
  string: [CellType.String],
  object: [CellType.String],
  text: [CellType.String],
  varchar: [CellType.String],
  bool: [CellType.Boolean],
  boolean: [CellType.Boolean],
  datetime: [CellType.Datetime],
  datetime64: [CellType.Datetime],
  timestamp: [CellType.Datetime],
  date: [CellType.Datetime],
};

function cellTypesOf(typeName: unknown): readonly CellType[] {
  if (typeof typeName !== 'string')
    throw new ExpectationError('a type must be a name such as int, float, str, bool or datetime');
  // int64, Float32, datetime64[ns], VARCHAR(20) → int, float, datetime64, varchar
  const base = typeName
    .toLowerCase()
    .replace(/\[.*\]$|\(.*\)$/, '')
    .replace(/(\D)(8|16|32|64|128)$/, '$1');
  const cells = TYPE_CELLS[base];
  if (!cells)
    throw new ExpectationError(
      `unknown type "${typeName}" — use one of ${Object.keys(TYPE_CELLS).join(', ')}`,
    );
  return cells;
}

/** Remembers each value's first place; the second occurrence flags the first, so every duplicate counts. */
function uniquenessRule(): CellRule {
  const firstSeen = new Map<string, UnexpectedCell | null>();
  return {
    test(cell, flag) {
      const key = keyOf(cell);
      if (!firstSeen.has(key)) {
        firstSeen.set(key, {
          value: reportValue(cell.type, cell.value, cell.text),
          index: cell.index,
          file: cell.file,
          line: cell.line,
        });
        return true;
      }
      const first = firstSeen.get(key);
      if (first) {
        flag(first);
        firstSeen.set(key, null);
      }
      return false;
    },
  };
}

export const COLUMN_MAP_EXPECTATIONS: Record<string, Planner> = {
  expect_column_values_to_not_be_null: (kwargs) => ({
    scope: 'column_map',
    column: columnArg(kwargs),
    mostly: mostlyArg(kwargs),
    judgesNulls: true,
    rule: { test: (cell) => cell.type !== CellType.Null },
  }),
  expect_column_values_to_be_null: (kwargs) => ({
    scope: 'column_map',
    column: columnArg(kwargs),
    mostly: mostlyArg(kwargs),
    judgesNulls: true,
    rule: { test: (cell) => cell.type === CellType.Null },
  }),
  expect_column_values_to_be_between: (kwargs) => {
    const bounds = boundsArg(kwargs);
    return valuesPlan(kwargs, (cell) => cellWithin(cell, bounds));
  },
  expect_column_values_to_be_in_set: (kwargs) => {
    const keys = valueSetKeys(kwargs);
    return valuesPlan(kwargs, (cell) => keys.has(keyOf(cell)));
  },
  expect_column_values_to_not_be_in_set: (kwargs) => {
    const keys = valueSetKeys(kwargs);
    return valuesPlan(kwargs, (cell) => !keys.has(keyOf(cell)));
  },
  expect_column_values_to_match_regex: (kwargs) => {
    const regex = regexArg(kwargs);
    return valuesPlan(kwargs, (cell) => regex.test(cell.text));
  },
  expect_column_values_to_not_match_regex: (kwargs) => {
    const regex = regexArg(kwargs);
    return valuesPlan(kwargs, (cell) => !regex.test(cell.text));
  },
  expect_column_values_to_be_unique: (kwargs) => ({
    ...valuesPlan(kwargs, () => true),
    rule: uniquenessRule(),
    inFileOrder: true,
  }),
  expect_column_values_to_be_of_type: (kwargs) => {
    const accepted = new Set(cellTypesOf(kwargs['type_']));
    return valuesPlan(kwargs, (cell) => accepted.has(cell.type));
  },
  expect_column_values_to_be_in_type_list: (kwargs) => {
    const list = kwargs['type_list'];
    if (!Array.isArray(list) || list.length === 0)
      throw new ExpectationError('kwargs.type_list must be a list of type names');
    const accepted = new Set(list.flatMap(cellTypesOf));
    return valuesPlan(kwargs, (cell) => accepted.has(cell.type));
  },
  expect_column_value_lengths_to_be_between: (kwargs) => {
    const bounds = boundsArg(kwargs);
    if (bounds.domain !== 'number')
      throw new ExpectationError('lengths are numbers: give numeric min_value / max_value');
    return valuesPlan(kwargs, (cell) => withinBounds(characterLength(cell.text), bounds));
  },
  expect_column_value_lengths_to_equal: (kwargs) => {
    const length = numberArg(kwargs, 'value', { integer: true, min: 0 });
    return valuesPlan(kwargs, (cell) => characterLength(cell.text) === length);
  },
  expect_column_values_to_be_json_parseable: (kwargs) =>
    valuesPlan(kwargs, (cell) => {
      try {
        JSON.parse(cell.text);
        return true;
      } catch {
        return false;
      }
    }),
  expect_column_values_to_be_increasing: (kwargs) => orderPlan(kwargs, 1),
  expect_column_values_to_be_decreasing: (kwargs) => orderPlan(kwargs, -1),
};

/**
 * Each number or datetime must not go back (GE's `strictly`: must move on) from the previous one, in file
 * order; cells of other types are unexpected.
 */
function orderPlan(kwargs: Kwargs, direction: 1 | -1): ColumnMapPlan {
  const strictly = kwargs['strictly'] === true;
  let previous = Number.NaN;
  const plan = valuesPlan(kwargs, (cell) => {
    if (!isNumber(cell.type) && cell.type !== CellType.Datetime) return false;
    const step = (cell.value - previous) * direction;
    const ok = Number.isNaN(previous) || (strictly ? step > 0 : step >= 0);
    previous = cell.value;
    return ok;
  });
  return { ...plan, inFileOrder: true };
}
