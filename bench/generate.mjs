// Deterministic bench data: the same seed and row count give the same bytes on every machine, so figures
// from different runs describe the same file. Only integer arithmetic and toFixed (both exact by spec)
// shape the values — no Math.log/exp, whose last bits may differ between V8 versions.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createReadStream } from 'node:fs';
import { dirname } from 'node:path';

/** Bump when the generator's output changes, so cached files are regenerated. */
export const GENERATOR_VERSION = 1;

export const COLUMNS = [
  'id', // integer, 1..rows, unique
  'user_id', // integer, 1..50,000
  'age', // integer, 18..90
  'quantity', // integer, 1..99
  'amount', // float, skewed (x² shape), 2 decimals, ~5 % null
  'score', // float, uniform 0..1, 3 decimals, ~5 % null
  'temperature', // float, ~normal (Irwin–Hall), 1 decimal, ~5 % null
  'country', // categorical, 20 values, skewed
  'status', // categorical, 4 values, uneven
  'signup_date', // ISO date, 2015-01-01 .. 2024-12-31
  'comment', // short text: a word and a number, mostly distinct
];

const COUNTRIES = 'US DE FR GB IN BR JP CN CA AU ES IT NL SE PL MX KR ZA NG AR'.split(' ');
const STATUSES = ['active', 'active', 'active', 'trial', 'closed', 'new'];
const WORDS = (
  'red blue green fast slow late early great poor good bad nice odd new old big small ' +
  'order item ship box refund price card mail phone app web store cart promo user team'
).split(' ');

/** mulberry32: a tiny 32-bit PRNG; enough for test data and identical everywhere. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Days since 1970-01-01 → "YYYY-MM-DD" (civil-from-days, Howard Hinnant), without Date objects. */
function isoDate(days) {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

const DAY_2015 = 16436; // 2015-01-01
const DAYS = 3653; // through 2024-12-31

function* generateRows(count, seed) {
  const random = mulberry32(seed);
  const int = (n) => Math.floor(random() * n);
  const nullable = (text) => (random() < 0.05 ? '' : text);
  for (let i = 1; i <= count; i++) {
    const u = random();
    const amount = nullable((u * u * 1000).toFixed(2));
    const score = nullable(random().toFixed(3));
    const temperature = nullable(((random() + random() + random() + random() - 2) * 17.3 + 15).toFixed(1));
    // Skewed categories: the low indexes are the most frequent.
    const country = COUNTRIES[Math.floor(random() * random() * COUNTRIES.length)];
    yield (
      `${i},${1 + int(50_000)},${18 + int(73)},${1 + int(99)},${amount},${score},${temperature},` +
      `${country},${STATUSES[int(STATUSES.length)]},${isoDate(DAY_2015 + int(DAYS))},` +
      `${WORDS[int(WORDS.length)]} ${100 + int(900)}\n`
    );
  }
}

async function sha256File(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Ensures `path` holds the file for `rows` rows. Skips the work when the file exists and matches the size
 * and sha256 recorded next to it by the same generator version (hashing it also warms the page cache, so
 * every engine then reads a cached file). Returns { path, rows, bytes, sha256, generated }.
 */
export async function ensureBenchFile(path, rows, { seed = 20240531 } = {}) {
  const metaPath = `${path}.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (meta.version === GENERATOR_VERSION && meta.rows === rows && meta.seed === seed) {
      const sha256 = await sha256File(path);
      if (sha256 === meta.sha256) return { ...meta, path, generated: false };
    }
  }
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  const hash = createHash('sha256');
  let bytes = 0;
  // Buffer ~1 MiB of text per write: one write per row would be syscall-bound.
  let pending = [];
  let pendingLength = 0;
  const flush = () => {
    const buffer = Buffer.from(pending.join(''), 'utf8');
    writeSync(fd, buffer);
    hash.update(buffer);
    bytes += buffer.length;
    pending = [];
    pendingLength = 0;
  };
  pending.push(`${COLUMNS.join(',')}\n`);
  for (const line of generateRows(rows, seed)) {
    pending.push(line);
    pendingLength += line.length;
    if (pendingLength >= 1 << 20) flush();
  }
  flush();
  closeSync(fd);
  renameSync(partial, path); // only a complete file gets the final name
  const meta = {
    version: GENERATOR_VERSION,
    seed,
    rows,
    columns: COLUMNS,
    bytes,
    sha256: hash.digest('hex'),
  };
  writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  return { ...meta, path, generated: true };
}

/**
 * The bench CSV's rows as Parquet, written by DuckDB (a dev dependency) with its defaults, next to the
 * CSV: regenerated when the CSV's sha256 differs from the one the copy was made from.
 */
export async function ensureParquetCopy(csv, path) {
  const metaPath = `${path}.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (meta.fromSha256 === csv.sha256) return { ...meta, path, how: 'cached' };
  }
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const quote = (text) => `'${text.replaceAll("'", "''")}'`;
  const partial = `${path}.partial`;
  await connection.run(
    `COPY (SELECT * FROM read_csv_auto(${quote(csv.path)})) TO ${quote(partial)} (FORMAT parquet)`,
  );
  connection.closeSync();
  instance.closeSync();
  renameSync(partial, path);
  const meta = { fromSha256: csv.sha256, bytes: statSync(path).size };
  writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  return { ...meta, path, how: 'written by DuckDB' };
}
