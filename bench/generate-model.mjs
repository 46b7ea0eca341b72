// Deterministic data of the model bench: `rows` × 30 float features and a binary target drawn from a
// known logistic model, plus that model's parameters (the candidate) and a perturbed copy (the
// baseline), so evaluate and train have something real to score and to fit. Same seed and rows, same
// bytes: the features use integer arithmetic and toFixed only (Irwin–Hall sums of uniforms for the
// normal shape); the target's draw compares against a logistic computed once per row.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

export const MODEL_FEATURES = 30;
/** Bump when the output changes, so cached files are regenerated. */
const VERSION = 1;

/** mulberry32: small, seeded, integer-only. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generating model: per column a mean and spread (so standardizing matters) and a weight. */
export function modelParameters() {
  const next = random(7);
  const columns = Array.from({ length: MODEL_FEATURES }, (_, j) => ({
    name: `x${j}`,
    mean: Math.round((next() * 200 - 100) * 100) / 100,
    std: Math.round((0.5 + next() * 20) * 100) / 100,
    weight: Math.round((next() * 2 - 1) * 0.6 * 1000) / 1000,
  }));
  return { columns, intercept: -0.25 };
}

/**
 * Writes `path` unless a file of the same version and rows is there (its sidecar `.json` records
 * them); returns { path, bytes, generated }.
 */
export function ensureModelBenchFile(path, rows) {
  const sidecar = `${path}.json`;
  if (existsSync(path) && existsSync(sidecar)) {
    const meta = JSON.parse(readFileSync(sidecar, 'utf8'));
    if (meta.version === VERSION && meta.rows === rows) return { path, bytes: meta.bytes, generated: false };
  }
  mkdirSync(dirname(path), { recursive: true });
  const { columns, intercept } = modelParameters();
  const next = random(11);
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  const hash = createHash('sha256');
  let bytes = 0;
  const write = (text) => {
    const buffer = Buffer.from(text, 'utf8');
    writeSync(fd, buffer);
    hash.update(buffer);
    bytes += buffer.length;
  };
  write(`${columns.map((c) => c.name).join(',')},y\n`);
  let chunk = '';
  for (let row = 0; row < rows; row++) {
    let logit = intercept;
    const cells = new Array(MODEL_FEATURES + 1);
    for (let j = 0; j < MODEL_FEATURES; j++) {
      // Irwin–Hall(4), centred and scaled to unit variance: close enough to normal for a bench.
      const z = ((next() + next() + next() + next() - 2) / Math.sqrt(1 / 3)) * 1;
      const { mean, std, weight } = columns[j];
      const text = (mean + std * z).toFixed(4);
      cells[j] = text;
      logit += (weight * (Number(text) - mean)) / std;
    }
    cells[MODEL_FEATURES] = next() < 1 / (1 + Math.exp(-logit)) ? '1' : '0';
    chunk += `${cells.join(',')}\n`;
    if (chunk.length > 1 << 20) {
      write(chunk);
      chunk = '';
    }
  }
  write(chunk);
  closeSync(fd);
  renameSync(partial, path);
  writeFileSync(sidecar, JSON.stringify({ version: VERSION, rows, bytes, sha256: hash.digest('hex') }));
  return { path, bytes, generated: true };
}
