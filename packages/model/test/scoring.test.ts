import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildModel, graph, node, tensor, tensorType, valueInfo } from '../src/onnx/builder';
import { exportLinearModel } from '../src/onnx/export-linear';
import type { LinearModel } from '../src/onnx/linear-model';
import { Float32Copies } from '../src/scoring/feeds';
import { loadModel, scoreModel } from '../src/scoring/scoring-model';
import type { ClassificationScores, RegressionScores } from '../src/scoring/scoring-model';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

const churn: LinearModel = {
  task: 'binary',
  features: [
    { kind: 'numeric', name: 'tenure', mean: 12, std: 6 },
    { kind: 'categorical', name: 'plan', categories: ['basic', 'pro'] },
  ],
  weights: Float64Array.from([-1.5, 0.4, -0.7]),
  intercepts: Float64Array.from([0.2]),
  classes: ['stays', 'churns'],
};
const churnData = { tenure: [6, 12, 30, 0], plan: ['basic', 'pro', 'free', null] };
// Hand-computed: standardized tenure (x − 12) / 6; plan one-hot [basic, pro]; 'free' and null → zeros.
const churnLogits = [-1.5 * -1 + 0.4 + 0.2, -0.7 + 0.2, -1.5 * 3 + 0.2, -1.5 * -2 + 0.2];

/** y = 1·a + 10·b + 100·c over a float [N, 3] input, built with the builder. */
function matmulModel(): Uint8Array {
  return buildModel({
    graph: graph({
      name: 'matmul',
      inputs: [valueInfo('features', tensorType('float', ['N', 3]))],
      outputs: [valueInfo('variable', tensorType('float', ['N', 1]))],
      initializers: [tensor('w', 'float', [3, 1], [1, 10, 100])],
      nodes: [node('MatMul', ['features', 'w'], ['variable'])],
    }),
  });
}

describe('scoring an ONNX model on plain columns', () => {
  it('feeds one string input per categorical column and reads label + probabilities with classes from metadata', async () => {
    const model = await loadModel(exportLinearModel(churn), { ort, name: 'churn.onnx' });
    expect(model.signature.inputs).toEqual([
      { name: 'tenure', type: 'float32', shape: ['N', 1] },
      { name: 'plan', type: 'string', shape: ['N', 1] },
    ]);
    expect(model.signature.outputs.map((o) => o.name)).toEqual(['label', 'probabilities']);
    const scores = (await model.score(churnData)) as ClassificationScores;
    await model.release();
    expect(scores.classes).toEqual(['stays', 'churns']);
    churnLogits.forEach((z, row) => {
      expect(scores.probabilities![row * 2 + 1]).toBeCloseTo(sigmoid(z), 6);
      expect(scores.labels[row]).toBe(sigmoid(z) > 0.5 ? 1 : 0);
    });
  });

  it('understands a ZipMap classifier (LinearClassifier + ZipMap, string and int64 keys)', async () => {
    for (const classes of [
      ['stays', 'churns'],
      [3, 7],
    ]) {
      const zipMapModel = exportLinearModel({ ...churn, classes }, { classifierOutput: 'zipmap' });
      const session = await ort.InferenceSession.create(zipMapModel);
      expect(session.outputMetadata[1]).toEqual({ name: 'probabilities', isTensor: false });
      await session.release();

      const scores = (await scoreModel(zipMapModel, churnData, { ort })) as ClassificationScores;
      expect(scores.classes).toEqual(classes);
      churnLogits.forEach((z, row) => {
        expect(scores.probabilities![row * 2 + 1]).toBeCloseTo(sigmoid(z), 6);
        expect(scores.labels[row]).toBe(sigmoid(z) > 0.5 ? 1 : 0);
      });
    }
  });

  it('feeds one [N, D] tensor in the declared feature order', async () => {
    const bytes = matmulModel();
    const data = { c: [1, 2], a: [3, 4], b: [5, 6] };
    const scores = (await scoreModel(bytes, data, {
      ort,
      featureOrder: ['a', 'b', 'c'],
    })) as RegressionScores;
    expect(Array.from(scores.predictions)).toEqual([3 + 50 + 100, 4 + 60 + 200]);
    await expect(scoreModel(bytes, data, { ort })).rejects.toThrow(
      /input "features" \(float32 \[N, 3\]\) takes 3 features as one tensor, and nothing says which columns go where — set `features` \(--features\) to the columns in the model's input order \(the data's columns: c, a, b\)/,
    );
    await expect(scoreModel(bytes, data, { ort, featureOrder: ['a', 'b'] })).rejects.toThrow(
      /input "features" is float32 \[N, 3\] but featureOrder names 2 columns \(a, b\) — give exactly 3, in the model's input order/,
    );
  });

  it('gives identical results whatever the batch size, N not a multiple of it', async () => {
    const rows = 1_001;
    const tenure = Float64Array.from({ length: rows }, (_, i) => (i * 7919) % 48);
    const plan = Array.from({ length: rows }, (_, i) => ['basic', 'pro', 'free'][i % 3] as string);
    const model = await loadModel(exportLinearModel(churn), { ort });
    const whole = (await model.score({ tenure, plan })) as ClassificationScores;
    const batched = (await model.score({ tenure, plan }, { batchSize: 64 })) as ClassificationScores;
    const single = (await model.score({ tenure, plan }, { batchSize: 1 })) as ClassificationScores;
    await model.release();
    expect(batched.probabilities).toEqual(whole.probabilities);
    expect(batched.labels).toEqual(whole.labels);
    expect(single.probabilities).toEqual(whole.probabilities);
    expect(whole.rows).toBe(rows);
  });

  it('lets two models share the float32 copies of the same columns, with the scores each gives alone', async () => {
    const rows = 777;
    const tenure = Float64Array.from({ length: rows }, (_, i) => ((i * 7919) % 480) / 10);
    const plan = Array.from({ length: rows }, (_, i) => ['basic', 'pro', 'free'][i % 3] as string);
    const other: LinearModel = { ...churn, weights: Float64Array.from([0.9, -0.2, 0.3]) };
    const first = await loadModel(exportLinearModel(churn), { ort });
    const second = await loadModel(exportLinearModel(other), { ort });
    const alone = [await first.score({ tenure, plan }), await second.score({ tenure, plan })];
    const copies = new Float32Copies();
    const shared = [await first.score({ tenure, plan }, { batchSize: rows, float32Copies: copies })];
    // The first model's feed left its copy of tenure for the second.
    expect(copies.find(tenure, 0, rows)).toEqual(Float32Array.from(tenure));
    expect(copies.find(tenure, 0, rows - 1)).toBeUndefined();
    shared.push(await second.score({ tenure, plan }, { batchSize: rows, float32Copies: copies }));
    expect(shared).toEqual(alone);
    // Runs smaller than the rows: each run writes the feed's array again; a copy names its rows.
    const inRuns = new Float32Copies();
    expect([
      await first.score({ tenure, plan }, { batchSize: 100, float32Copies: inRuns }),
      await second.score({ tenure, plan }, { batchSize: 100, float32Copies: inRuns }),
    ]).toEqual(alone);
    expect((alone[1] as ClassificationScores).probabilities).not.toEqual(
      (alone[0] as ClassificationScores).probabilities,
    );
    await first.release();
    await second.release();
  });

  it("one model scoring call after call, and calls at once, gives each its own rows' scores", async () => {
    // Each call's feed arrays are reused by the next call, never shared by two.
    const model = await loadModel(matmulModel(), { ort });
    const data = (k: number) => ({ a: [k, k + 1], b: [2 * k, 0], c: [0, 3 * k] });
    const expected = (k: number) => [k + 20 * k, k + 1 + 300 * k];
    const score = async (k: number) =>
      Array.from(
        ((await model.score(data(k), { featureOrder: ['a', 'b', 'c'] })) as RegressionScores).predictions,
      );
    for (const k of [1, 2, 3]) expect(await score(k)).toEqual(expected(k));
    const together = await Promise.all([4, 5, 6, 7].map(score));
    expect(together).toEqual([4, 5, 6, 7].map(expected));
    await model.release();
  });

  it('names the file when the bytes are not an ONNX model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scoring-'));
    const garbage = join(dir, 'garbage.onnx');
    writeFileSync(garbage, 'this is not a protobuf message at all');
    await expect(loadModel(garbage, { ort })).rejects.toThrow(
      new RegExp(`^${garbage}: not a valid ONNX model`),
    );
    const truncated = join(dir, 'truncated.onnx');
    const bytes = exportLinearModel(churn);
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 40));
    await expect(loadModel(truncated, { ort })).rejects.toThrow(
      new RegExp(`^${truncated}: not a valid ONNX model`),
    );
    await expect(loadModel(join(dir, 'missing.onnx'), { ort })).rejects.toThrow(
      /missing\.onnx: cannot read the model/,
    );
  });

  it('says which input and what the data holds when types or names do not match', async () => {
    const model = await loadModel(exportLinearModel(churn), { ort, name: 'churn.onnx' });
    await expect(model.score({ tenure: [1, 2], plan: [1, 2] })).rejects.toThrow(
      'churn.onnx: input "plan" expects strings (string [N, 1]) but column "plan" holds numbers — read it as categorical',
    );
    await expect(model.score({ tenure: ['3', 'x'], plan: ['pro', 'pro'] })).rejects.toThrow(
      'churn.onnx: input "tenure" expects numbers (float32 [N, 1]) but column "tenure" holds strings (e.g. "3")',
    );
    await expect(model.score({ plan: ['pro'] })).rejects.toThrow(
      'churn.onnx: the data has no column for input "tenure" float32 [N, 1] (columns: plan)',
    );
    await expect(model.score({ tenure: [1, 2], plan: ['pro'] })).rejects.toThrow(
      'churn.onnx: column "plan" has 1 rows; the first column has 2',
    );
    await model.release();
  });

  it('reports the row of a NaN or infinite prediction', async () => {
    const regression: LinearModel = {
      task: 'regression',
      features: [{ kind: 'numeric', name: 'x', mean: 0, std: 1 }],
      weights: Float64Array.from([2]),
      intercepts: Float64Array.from([1]),
    };
    const bytes = exportLinearModel(regression);
    const ok = (await scoreModel(bytes, { x: [1, 2] }, { ort })) as RegressionScores;
    expect(Array.from(ok.predictions)).toEqual([3, 5]);
    await expect(scoreModel(bytes, { x: [1, 2, Number.NaN] }, { ort, batchSize: 2 })).rejects.toThrow(
      '<bytes>: output "prediction" is NaN at row 2 — check that row\'s inputs',
    );
    await expect(scoreModel(bytes, { x: [Infinity] }, { ort })).rejects.toThrow(
      /output "prediction" is Infinity at row 0/,
    );
  });

  it('needs a runtime: the installed module or a fetched one', async () => {
    await expect(loadModel(exportLinearModel(churn), {})).rejects.toThrow(
      /no onnxruntime: pass options.ort or options.runtime/,
    );
    await expect(
      loadModel(exportLinearModel(churn), { runtime: { root: tmpdir() + '/nowhere' } }),
    ).rejects.toThrow(/onnxruntime-node is not installed in/);
  });
});

describe('the scoring record a version keeps', () => {
  const exporters = join(__dirname, '../../../test/fixtures/exporters');

  it("reads the feature order from the model's metadata when run.json has none", async () => {
    const { recordedScoring } = await import('../src/scoring/scoring-spec');
    const manifest = JSON.parse(readFileSync(join(exporters, 'manifest.json'), 'utf8')) as {
      models: { name: string; features: string[] }[];
    };
    const features = manifest.models.find((m) => m.name === 'torch-binary-named')!.features;
    expect(await recordedScoring(join(exporters, 'torch-binary-named.onnx'))).toEqual({ features });
    // A model that records nothing and no run record: nothing to record.
    expect(await recordedScoring(join(exporters, 'torch-binary.onnx'))).toBeUndefined();
  });

  it("prefers run.json's scoring block, field by field, and refuses a malformed one naming the file", async () => {
    const { recordedScoring } = await import('../src/scoring/scoring-spec');
    const dir = mkdtempSync(join(tmpdir(), 'scoring-'));
    const run = join(dir, 'run.json');
    writeFileSync(run, JSON.stringify({ scoring: { features: ['a', 'b'], outputKind: 'logit' } }));
    expect(await recordedScoring(join(exporters, 'torch-binary-named.onnx'), run)).toEqual({
      features: ['a', 'b'],
      outputKind: 'logit',
    });
    writeFileSync(run, JSON.stringify({ scoring: { outputKind: 'softmax' } }));
    await expect(recordedScoring(join(exporters, 'torch-binary.onnx'), run)).rejects.toThrow(
      `${run}: "scoring.outputKind" is "softmax"; use probability or logit.`,
    );
  });
});
