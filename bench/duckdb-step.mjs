// The reference engine: DuckDB computing, per column, what our profile's summary has (count, nulls, min,
// max, mean, stddev, approximate distinct count) over read_csv_auto (or read_parquet) of the same file,
// in one query. Usage: node duckdb-step.mjs <csv|parquet> <threads|default>. Prints `BENCH_RESULT {…}`
// like steps.ts.
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const [csv, threads = 'default'] = process.argv.slice(2);
if (!csv) throw new Error('usage: duckdb-step.mjs <csv|parquet> [threads]');

const quoteId = (name) => `"${name.replaceAll('"', '""')}"`;
const reader = csv.endsWith('.parquet') ? 'read_parquet' : 'read_csv_auto';
const source = `${reader}('${csv.replaceAll("'", "''")}')`;
const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;

// Instance creation is cheap and outside the timing, like our steps' module loading.
const instance = await DuckDBInstance.create(':memory:', threads === 'default' ? {} : { threads });
const connection = await instance.connect();
const start = performance.now();
// The schema sniff is part of the work (our profile infers kinds too), so it is inside the timing.
const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
const columns = described
  .getRowObjectsJson()
  .map((row) => ({ name: row.column_name, type: row.column_type }));
const selects = [];
for (const { name, type } of columns) {
  const c = quoteId(name);
  selects.push(
    `count(${c})`,
    `count(*) - count(${c})`,
    `min(${c})`,
    `max(${c})`,
    `approx_count_distinct(${c})`,
  );
  if (NUMERIC.test(type)) selects.push(`avg(${c})`, `stddev_samp(${c})`);
}
const result = await connection.runAndReadAll(`SELECT ${selects.join(', ')} FROM ${source}`);
result.getRows(); // materialise, so nothing is left lazy
const ms = performance.now() - start;
const threadCount = (await connection.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0];
const types = columns.map(({ type }) => type.slice(0, 3).toLowerCase()).join(' ');
console.log(
  `BENCH_RESULT ${JSON.stringify({
    ms,
    maxRssKiB: process.resourceUsage().maxRSS,
    note: `${threadCount} thread(s); types ${types}`,
  })}`,
);
connection.closeSync();
instance.closeSync();
