// The bare onnxruntime-node anchor of the model bench: the candidate model run over `rows` rows held in
// memory, in batches of 65,536 as evaluate scores them — the floor for scoring, with no reading at all.
// Usage: node onnx-loop.mjs <model.onnx> <rows>. Prints one BENCH_RESULT line.
import { performance } from 'node:perf_hooks';
import ort from 'onnxruntime-node';

const [modelPath, rowsText] = process.argv.slice(2);
const rows = Number(rowsText);
const session = await ort.InferenceSession.create(modelPath);
const batch = 65_536;
const columns = session.inputNames.map((_, j) =>
  Float32Array.from({ length: rows }, (_, i) => ((i * 31 + j) % 97) - 48),
);
const start = performance.now();
let checksum = 0;
for (let first = 0; first < rows; first += batch) {
  const end = Math.min(rows, first + batch);
  const feeds = Object.fromEntries(
    session.inputNames.map((name, j) => [
      name,
      new ort.Tensor('float32', columns[j].subarray(first, end), [end - first, 1]),
    ]),
  );
  const result = await session.run(feeds);
  checksum += result[session.outputNames.at(-1)].data[0];
}
const ms = performance.now() - start;
await session.release();
console.log(
  `BENCH_RESULT ${JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, note: `${session.inputNames.length} inputs, checksum ${checksum.toFixed(3)}` })}`,
);
