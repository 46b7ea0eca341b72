import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@mlops-actions/cli';
import { exportLinearModel, scoreModel, type OnnxRuntime } from '@mlops-actions/model';
import { repoRoot } from '../harness/run-action';
import { captureIO } from '../support/cli';
import { withExternalWeights } from '../support/models';

const TSX = join(repoRoot, 'node_modules/tsx/dist/loader.mjs');
const TOKEN = 'serve-test-token-0123456789abcdef';

const churn = exportLinearModel({
  task: 'binary',
  features: [
    { kind: 'numeric', name: 'age', mean: 40, std: 10 },
    { kind: 'numeric', name: 'spend', mean: 100, std: 50 },
  ],
  weights: Float64Array.from([0.8, -1.2]),
  intercepts: Float64Array.from([-0.2]),
  classes: ['stay', 'churn'],
});
const inferBody = {
  id: 'r1',
  inputs: [
    { name: 'age', datatype: 'FP32', shape: [2, 1], data: [25, 61] },
    { name: 'spend', datatype: 'FP32', shape: [2, 1], data: [20, 300] },
  ],
};

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: Record<string, unknown>;
}

/** One HTTP request with exactly these headers (fetch would not let a test set Host). */
function send(
  base: URL,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; raw?: string } = {},
): Promise<Answer> {
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: base.hostname, port: base.port, method, path, headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON: the test looks at `text`
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** `mlops-actions serve` as its own process (the CLI's source through tsx), until it says where it serves. */
async function startServe(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ process: ChildProcess; base: URL; stderr: () => string }> {
  const child = spawn(
    process.execPath,
    ['--import', pathToFileURL(TSX).href, join(repoRoot, 'packages/cli/src/main.ts'), 'serve', ...args],
    { cwd, env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env } },
  );
  let stderr = '';
  const base = await new Promise<URL>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving \S+ version \S+ at (http:\/\/\S+?)v2\/models\//.exec(stderr);
      if (match) resolve(new URL(match[1]!));
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { process: child, base, stderr: () => stderr };
}

describe('mlops-actions serve is safe by default', () => {
  let workspace: string;
  let serve: Awaited<ReturnType<typeof startServe>>;
  let base: URL;
  const auth = { authorization: `Bearer ${TOKEN}` };
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'serve-'));
    writeFileSync(join(workspace, 'churn.onnx'), churn);
    writeFileSync(join(workspace, 'secret.txt'), 'password=hunter2\n');
    serve = await startServe(
      workspace,
      [
        'churn.onnx',
        '--name',
        'churn',
        '--port',
        '0',
        '--allowed-host',
        'models.example.com',
        '--max-infer-mib',
        '0.01',
        '--max-buffered-mib',
        '0.015',
      ],
      { MLOPS_SERVE_TOKEN: TOKEN },
    );
    base = serve.base;
    // Loaded once the server says it is ready.
    for (let i = 0; i < 200 && (await send(base, 'GET', '/v2/health/ready')).status !== 200; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
  }, 60_000);
  afterAll(() => {
    serve?.process.kill('SIGTERM');
  });

  it('answers the health probes without a token, and nothing else', async () => {
    expect((await send(base, 'GET', '/v2/health/live')).status).toBe(200);
    expect((await send(base, 'GET', '/v2/health/ready')).body).toEqual({ ready: true });
    const anonymous = await send(base, 'GET', '/v2/models/churn');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    expect(anonymous.body).toEqual({ error: 'send the server\'s token: "Authorization: Bearer <token>"' });
    const wrong = await send(base, 'GET', '/v2/models/churn', {
      headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
    });
    expect(wrong.status).toBe(401);
    expect((await send(base, 'GET', '/v2', { headers: auth })).status).toBe(200);
    expect((await send(base, 'GET', '/v2/models/churn', { headers: auth })).body['versions']).toEqual(['1']);
  });

  it('refuses to load or unload a model for a caller without the token', async () => {
    const upload = { parameters: { 'file:9/model.onnx': Buffer.from(churn).toString('base64') } };
    const load = await send(base, 'POST', '/v2/repository/models/churn/load', {
      headers: json,
      body: upload,
    });
    expect(load.status).toBe(401);
    const unload = await send(base, 'POST', '/v2/repository/models/churn/unload', {
      headers: json,
      body: {},
    });
    expect(unload.status).toBe(401);
    expect((await send(base, 'GET', '/v2/models/churn', { headers: auth })).body['versions']).toEqual(['1']);
  });

  it('takes POST bodies only as application/json (a web page cannot send that without asking)', async () => {
    const plain = await send(base, 'POST', '/v2/models/churn/infer', {
      headers: { ...auth, 'content-type': 'text/plain' },
      body: inferBody,
    });
    expect(plain.status).toBe(415);
    expect(plain.body['error']).toBe(
      'send the body as JSON with "Content-Type: application/json" (got "text/plain")',
    );
    const unload = await send(base, 'POST', '/v2/repository/models/churn/unload', { headers: auth });
    expect(unload.status).toBe(415);
    const ok = await send(base, 'POST', '/v2/models/churn/infer', {
      headers: { ...auth, 'content-type': 'application/json; charset=utf-8' },
      body: inferBody,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ model_name: 'churn', model_version: '1', id: 'r1' });
  });

  it('answers only to IP addresses, loopback names and --allowed-host names (no DNS rebinding)', async () => {
    const rebound = await send(base, 'GET', '/v2/models/churn', {
      headers: { ...auth, host: `attacker.example:${base.port}` },
    });
    expect(rebound.status).toBe(403);
    expect(rebound.body['error']).toBe(
      `this server does not answer to the host "attacker.example:${base.port}" — allow it with --allowed-host`,
    );
    for (const host of [`localhost:${base.port}`, `127.0.0.1:${base.port}`, 'models.example.com']) {
      expect((await send(base, 'GET', '/v2/models/churn', { headers: { ...auth, host } })).status, host).toBe(
        200,
      );
    }
  });

  it('refuses a model whose weights point at a file on the server (ONNX external data)', async () => {
    const { model } = withExternalWeights(churn, 'secret.txt');
    const load = await send(base, 'POST', '/v2/repository/models/churn/load', {
      headers: { ...auth, ...json },
      body: { parameters: { 'file:2/model.onnx': Buffer.from(model).toString('base64') } },
    });
    expect(load.status).toBe(400);
    expect(load.body['error']).toMatch(
      /^churn v2: tensor "[^"]+" keeps its data outside the model file \(ONNX external data\), which is refused — /,
    );
    expect((await send(base, 'GET', '/v2/models/churn', { headers: auth })).body['versions']).toEqual(['1']);
  });

  it('answers 400, never 500, to malformed URLs, deep JSON, bad shapes and long ids — without server paths', async () => {
    const headers = { ...auth, ...json };
    const answers = [
      await send(base, 'GET', '/v2/models/%E0%A4%A', { headers: auth }),
      await send(base, 'POST', '/v2/models/churn/infer', {
        headers,
        raw: `${'['.repeat(5000)}${']'.repeat(5000)}`,
      }),
      await send(base, 'POST', '/v2/models/churn/infer', { headers, body: { inputs: [null, 3] } }),
      await send(base, 'POST', '/v2/models/churn/infer', {
        headers,
        body: { inputs: [{ ...inferBody.inputs[0], shape: 'two' }, inferBody.inputs[1]] },
      }),
      await send(base, 'POST', '/v2/models/churn/infer', {
        headers,
        body: { inputs: [{ ...inferBody.inputs[0], shape: [1, 2] }, inferBody.inputs[1]] },
      }),
      // Each tensor is well formed, but their row counts differ: the scorer's error.
      await send(base, 'POST', '/v2/models/churn/infer', {
        headers,
        body: { inputs: [{ ...inferBody.inputs[0], shape: [1, 1], data: [3] }, inferBody.inputs[1]] },
      }),
      await send(base, 'POST', '/v2/models/churn/infer', {
        headers,
        body: { ...inferBody, id: 'x'.repeat(257) },
      }),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 400, 400]);
    expect(answers.map((a) => a.body['error'])).toEqual([
      'the URL segment "%E0%A4%A" is not valid percent-encoding',
      'the request body nests deeper than 32 levels',
      'each of "inputs" must be a tensor object: { name, datatype, shape, data }',
      'input "age": shape [] does not hold 2 values',
      'input "age" has shape [1, 2]; the model takes [N, 1]',
      'churn v1: column "spend" has 2 rows; the first column has 1',
      '"id" is 257 characters; send at most 256',
    ]);
    for (const answer of answers) expect(answer.text).not.toContain(workspace);
  });

  it('refuses an infer body over --max-infer-mib before reading it', async () => {
    const big = await send(base, 'POST', '/v2/models/churn/infer', {
      headers: { ...auth, ...json },
      body: { ...inferBody, padding: 'x'.repeat(20_000) },
    });
    expect(big.status).toBe(413);
    expect(big.body['error']).toBe('the request body is over 10485 bytes');
  });

  it('answers 503 with Retry-After while other requests hold the bodies budget, and recovers', async () => {
    // A body of exactly 9,000 bytes, of which the client sends 8,000 and holds the rest back.
    const prefix = JSON.stringify({ ...inferBody, padding: '' }).slice(0, -2);
    const held = `${prefix}${'x'.repeat(9_000 - prefix.length - 2)}"}`;
    expect(Buffer.byteLength(held)).toBe(9_000);
    const slow = httpRequest({
      host: base.hostname,
      port: base.port,
      method: 'POST',
      path: '/v2/models/churn/infer',
      headers: { ...auth, ...json, 'content-length': '9000' },
    });
    const slowAnswer = new Promise<number>((resolve, reject) => {
      slow.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      slow.on('error', reject);
    });
    slow.write(held.slice(0, 8_000));
    await new Promise((resolve) => setTimeout(resolve, 300));

    // 8,000 held + 8,000 more is over the 15,728-byte budget.
    const second = { ...inferBody, padding: 'y'.repeat(8_000) };
    const refused = await send(base, 'POST', '/v2/models/churn/infer', {
      headers: { ...auth, ...json },
      body: second,
    });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body['error']).toMatch(/holding 15728 bytes of request bodies already; retry/);

    slow.end(held.slice(8_000));
    expect(await slowAnswer).toBe(200);
    // The budget is given back once answered.
    const retried = await send(base, 'POST', '/v2/models/churn/infer', {
      headers: { ...auth, ...json },
      body: second,
    });
    expect(retried.status).toBe(200);
  });
});

describe('mlops-actions serve refuses to start unprotected', () => {
  it('will not listen on a network address without a token', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'serve-open-'));
    writeFileSync(join(workspace, 'churn.onnx'), churn);
    const { cli, out } = captureIO(workspace);
    const code = await runCli(
      ['serve', 'churn.onnx', '--name', 'churn', '--host', '0.0.0.0', '--port', '0'],
      cli,
    );
    expect(code).toBe(1);
    expect(out.stderr).toBe(
      'mlops-actions serve: refusing to listen on 0.0.0.0 without a token: anyone who can reach it could load and unload models — set MLOPS_SERVE_TOKEN or --token-file, bind to 127.0.0.1, or pass --insecure-no-auth if a proxy in front authenticates\n',
    );
  });

  it('refuses a guessable token', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'serve-short-'));
    writeFileSync(join(workspace, 'token'), 'hunter2\n');
    const { cli, out } = captureIO(workspace);
    const code = await runCli(['serve', 'churn.onnx', '--name', 'churn', '--token-file', 'token'], cli);
    expect(code).toBe(2);
    expect(out.stderr).toMatch(
      /^mlops-actions serve: token: the token must be at least 16 characters without spaces — generate one with `openssl rand -hex 32`\./,
    );
  });

  it('listens on a network address with --token-file, and with --insecure-no-auth', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'serve-net-'));
    writeFileSync(join(workspace, 'churn.onnx'), churn);
    writeFileSync(join(workspace, 'token'), `${TOKEN}\n`);
    const withToken = await startServe(workspace, [
      'churn.onnx',
      '--name',
      'churn',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--token-file',
      'token',
    ]);
    expect(withToken.stderr()).toMatch(/\(bearer token required\)/);
    const port = withToken.base.port;
    const local = new URL(`http://127.0.0.1:${port}/`);
    expect((await send(local, 'GET', '/v2', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(
      200,
    );
    withToken.process.kill('SIGTERM');
    const open = await startServe(workspace, [
      'churn.onnx',
      '--name',
      'churn',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--insecure-no-auth',
    ]);
    open.process.kill('SIGTERM');
  }, 60_000);
});

describe('a model with external data, opted in with --external-data-dir', () => {
  let workspace: string;
  let serve: Awaited<ReturnType<typeof startServe>>;

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'serve-external-'));
    mkdirSync(join(workspace, 'weights'));
    const { model, weights } = withExternalWeights(churn, 'churn.weights');
    writeFileSync(join(workspace, 'churn.onnx'), model);
    writeFileSync(join(workspace, 'weights', 'churn.weights'), weights);
    serve = await startServe(
      workspace,
      ['churn.onnx', '--name', 'churn', '--port', '0', '--external-data-dir', 'weights'],
      {
        MLOPS_SERVE_TOKEN: TOKEN,
      },
    );
  }, 60_000);
  afterAll(() => {
    serve?.process.kill('SIGTERM');
  });

  it('serves the weights from the named folder, and nothing outside it', async () => {
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    for (let i = 0; i < 200 && (await send(serve.base, 'GET', '/v2/health/ready')).status !== 200; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const served = await send(serve.base, 'POST', '/v2/models/churn/infer', { headers, body: inferBody });
    expect(served.status).toBe(200);
    // The same numbers as the model with its weights inside.
    const ort = createRequire(import.meta.url)('onnxruntime-node') as OnnxRuntime;
    const local = await scoreModel(churn, { age: [25, 61], spend: [20, 300] }, { ort });
    const probabilities = (served.body['outputs'] as { name: string; data: number[] }[])[1]!;
    expect(probabilities.data).toEqual(Array.from((local as { probabilities: Float64Array }).probabilities));
    const outside = withExternalWeights(churn, '../churn.onnx').model;
    const load = await send(serve.base, 'POST', '/v2/repository/models/churn/load', {
      headers,
      body: { parameters: { 'file:2/model.onnx': Buffer.from(outside).toString('base64') } },
    });
    expect(load.status).toBe(400);
    expect(load.body['error']).toMatch(
      /^churn v2: tensor "[^"]+": external data "\.\.\/churn\.onnx" is outside the external-data directory — keep the data files inside it$/,
    );
  });

  it('is refused by every command that loads a model unless opted in', async () => {
    writeFileSync(join(workspace, 'test.csv'), 'age,spend,y\n25,20,stay\n61,300,churn\n40,100,stay\n');
    const { cli, out } = captureIO(workspace);
    const args = [
      'evaluate',
      '--model',
      'churn.onnx',
      '--data',
      'test.csv',
      '--target',
      'y',
      '--bootstrap',
      '0',
    ];
    expect(await runCli(args, cli)).toBe(1);
    expect(out.stderr).toMatch(
      new RegExp(
        `^mlops-actions evaluate: ${workspace}/churn\\.onnx: tensor "[^"]+" keeps its data outside the model file`,
      ),
    );
    const optedIn = captureIO(workspace);
    expect(await runCli([...args, '--external-data-dir', 'weights'], optedIn.cli), optedIn.out.stderr).toBe(
      0,
    );
  });
});
