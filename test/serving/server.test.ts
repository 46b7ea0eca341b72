import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createModelServer,
  exportLinearModel,
  scoreModel,
  type ModelServer,
  type OnnxRuntime,
} from '@mlops-actions/model';

const ort = createRequire(import.meta.url)('onnxruntime-node') as OnnxRuntime;

function binaryModel(weights: number[]) {
  return exportLinearModel({
    task: 'binary',
    features: [
      { kind: 'numeric', name: 'age', mean: 40, std: 10 },
      { kind: 'numeric', name: 'spend', mean: 100, std: 50 },
    ],
    weights: Float64Array.from(weights),
    intercepts: Float64Array.from([-0.2]),
    classes: ['stay', 'churn'],
  });
}

const rows = { age: [25, 38, 61, 47], spend: [20, 180, 95, 300] };
const first = binaryModel([0.8, -1.2]);
const second = binaryModel([-0.5, 2]);

describe('the Open Inference Protocol v2 server', () => {
  let server: ModelServer;
  let base: URL;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(new URL(path, base), {
      method,
      ...(method === 'POST' ? { headers: { 'content-type': 'application/json' } } : {}),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const inferBody = {
    id: 'r1',
    inputs: [
      { name: 'age', datatype: 'FP32', shape: [4, 1], data: rows.age },
      { name: 'spend', datatype: 'FP32', shape: [4, 1], data: rows.spend },
    ],
  };

  beforeAll(async () => {
    server = createModelServer({ runtime: { ort } });
    base = await server.listen(0);
  });
  afterAll(() => server.close());

  it('is live at once and ready only once a model is loaded', async () => {
    expect(await call('GET', 'v2/health/live')).toEqual({ status: 200, body: { live: true } });
    expect((await call('GET', 'v2/health/ready')).status).toBe(503);
    await server.load('churn', first, '1');
    expect(await call('GET', 'v2/health/ready')).toEqual({ status: 200, body: { ready: true } });
    expect((await call('GET', 'v2/models/churn/ready')).body).toEqual({ name: 'churn', ready: true });
  });

  it('describes the model: inputs and outputs with datatype and shape', async () => {
    const { status, body } = await call('GET', 'v2/models/churn');
    expect(status).toBe(200);
    expect(body).toEqual({
      name: 'churn',
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [
        { name: 'age', datatype: 'FP32', shape: [-1, 1] },
        { name: 'spend', datatype: 'FP32', shape: [-1, 1] },
      ],
      outputs: [
        { name: 'label', datatype: 'BYTES', shape: [-1] },
        { name: 'probabilities', datatype: 'FP64', shape: [-1, 2] },
      ],
    });
  });

  it('infers what onnxruntime computes locally for the same rows', async () => {
    const local = await scoreModel(first, rows, { ort });
    if (local.task !== 'classification') throw new Error('expected a classifier');
    const { status, body } = await call('POST', 'v2/models/churn/infer', inferBody);
    expect(status).toBe(200);
    expect(body).toMatchObject({ model_name: 'churn', model_version: '1', id: 'r1' });
    const [label, probabilities] = body['outputs'] as { name: string; shape: number[]; data: unknown[] }[];
    expect(label).toMatchObject({ name: 'label', datatype: 'BYTES', shape: [4] });
    expect(label!.data).toEqual(Array.from(local.labels, (i) => local.classes[i]));
    expect(probabilities).toMatchObject({ name: 'probabilities', datatype: 'FP64', shape: [4, 2] });
    expect(probabilities!.data).toEqual(Array.from(local.probabilities!));
  });

  it('loads a new version sent in the request and serves it from then on', async () => {
    const load = await call('POST', 'v2/repository/models/churn/load', {
      parameters: { 'file:2/model.onnx': Buffer.from(second).toString('base64') },
    });
    expect(load.status).toBe(200);
    expect((await call('GET', 'v2/models/churn')).body['versions']).toEqual(['2']);
    const local = await scoreModel(second, rows, { ort });
    const { body } = await call('POST', 'v2/models/churn/versions/2/infer', inferBody);
    const probabilities = (body['outputs'] as { data: number[] }[])[1]!.data;
    expect(probabilities).toEqual(Array.from((local as { probabilities: Float64Array }).probabilities));
    expect((await call('POST', 'v2/repository/index')).body).toEqual([
      { name: 'churn', version: '2', state: 'READY' },
    ]);
  });

  it('answers mistakes with a status and a message that says what to send', async () => {
    expect(await call('GET', 'v2/models/fraud')).toEqual({
      status: 404,
      body: { error: 'no model "fraud" is loaded' },
    });
    expect((await call('POST', 'v2/models/churn/versions/1/infer', inferBody)).body).toEqual({
      error: 'model "churn" serves version 2, not 1',
    });
    const wrongType = await call('POST', 'v2/models/churn/infer', {
      inputs: [inferBody.inputs[0], { ...inferBody.inputs[1], datatype: 'FP64' }],
    });
    expect(wrongType).toEqual({
      status: 400,
      body: { error: 'input "spend" is FP32, the request sends FP64' },
    });
    const missing = await call('POST', 'v2/models/churn/infer', { inputs: [inferBody.inputs[0]] });
    expect(missing.body['error']).toBe('the request has no input "spend" (the model takes age, spend)');
    const badShape = await call('POST', 'v2/models/churn/infer', {
      inputs: [{ ...inferBody.inputs[0], shape: [3, 1] }, inferBody.inputs[1]],
    });
    expect(badShape.body['error']).toBe('input "age": shape [3, 1] does not hold 4 values');
    const noFile = await call('POST', 'v2/repository/models/churn/load', { parameters: {} });
    expect(noFile.status).toBe(400);
    expect(noFile.body['error']).toMatch(/file:<version>\/model\.onnx/);
    const notOnnx = await call('POST', 'v2/repository/models/churn/load', {
      parameters: { 'file:3/model.onnx': Buffer.from('not a model').toString('base64') },
    });
    expect(notOnnx.status).toBe(400);
    expect(notOnnx.body['error']).toMatch(/^churn v3: not a valid ONNX model/);
    expect((await call('GET', 'v2/models/churn')).body['versions']).toEqual(['2']); // still serving
  });
});
