import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadModel, type LoadModelOptions } from '../scoring/scoring-model';
import { ScoringError } from '../scoring/scoring-error';
import {
  ProtocolError,
  inputMetadata,
  outputMetadata,
  requestColumns,
  responseOutputs,
  type ModelMetadata,
} from './protocol';
import { ServedModel } from './served-model';

export interface ModelServerOptions {
  /** The onnxruntime to score with (`LoadModelOptions` without a name). */
  runtime: Omit<LoadModelOptions, 'name'>;
  /** Largest request body (a model upload is base64 JSON); default 512 MiB. */
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export interface ModelServer {
  /** Loads (or replaces) a model version; the old version serves until the new one is ready. */
  load(name: string, model: string | Uint8Array, version: string): Promise<void>;
  listen(port: number, host?: string): Promise<URL>;
  close(): Promise<void>;
}

const FILE_PARAMETER = /^file:([^/]+)\/model\.onnx$/;

/**
 * An Open Inference Protocol v2 server (KServe v2, Triton's HTTP API) over node:http: health,
 * server and model metadata, readiness, `infer`, and the model repository extension (`index`,
 * `load`, `unload`). A load sends the model in the request as Triton does —
 * `{ "parameters": { "file:<version>/model.onnx": "<base64 bytes>" } }` — so a deploy job can
 * hand a verified model to a server that shares no file system with it.
 */
export function createModelServer(options: ModelServerOptions): ModelServer {
  const models = new Map<string, ServedModel>();
  const log = options.log ?? (() => undefined);
  const maxBodyBytes = options.maxBodyBytes ?? 512 * 1024 * 1024;

  async function load(name: string, source: string | Uint8Array, version: string): Promise<void> {
    const model = await loadModel(source, { ...options.runtime, name: `${name} v${version}` });
    const previous = models.get(name);
    models.set(name, new ServedModel(name, version, model));
    log(`loaded ${name} version ${version}${previous ? ` (replaces version ${previous.version})` : ''}`);
    await previous?.retire();
  }

  function served(name: string, version: string | undefined): ServedModel {
    const model = models.get(name);
    if (!model) throw new ProtocolError(404, `no model "${name}" is loaded`);
    if (version !== undefined && version !== model.version) {
      throw new ProtocolError(404, `model "${name}" serves version ${model.version}, not ${version}`);
    }
    return model;
  }

  function metadata(model: ServedModel): ModelMetadata {
    return {
      name: model.name,
      versions: [model.version],
      platform: 'onnxruntime_onnx',
      inputs: inputMetadata(model.model.signature),
      outputs: outputMetadata(model.model.outputs),
    };
  }

  async function route(method: string, path: string, request: IncomingMessage): Promise<[number, unknown]> {
    if (method === 'GET' && path === '/v2') {
      return [200, { name: 'mlops-actions', extensions: ['model_repository'] }];
    }
    if (method === 'GET' && path === '/v2/health/live') return [200, { live: true }];
    if (method === 'GET' && path === '/v2/health/ready') {
      return models.size > 0 ? [200, { ready: true }] : [503, { ready: false }];
    }
    if (method === 'POST' && path === '/v2/repository/index') {
      return [200, [...models.values()].map((m) => ({ name: m.name, version: m.version, state: 'READY' }))];
    }
    const repository = /^\/v2\/repository\/models\/([^/]+)\/(load|unload)$/.exec(path);
    if (method === 'POST' && repository) {
      const name = decodeURIComponent(repository[1]!);
      if (repository[2] === 'unload') {
        await served(name, undefined).retire();
        models.delete(name);
        return [200, {}];
      }
      const { version, bytes } = uploadedModel(await readJson(request, maxBodyBytes));
      await load(name, bytes, version);
      return [200, {}];
    }
    const model = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/ready|\/infer)?$/.exec(path);
    if (model) {
      const name = decodeURIComponent(model[1]!);
      const version = model[2] === undefined ? undefined : decodeURIComponent(model[2]);
      if (method === 'GET' && model[3] === '/ready') {
        const loaded = models.get(name);
        return [
          200,
          { name, ready: loaded !== undefined && (version === undefined || version === loaded.version) },
        ];
      }
      if (method === 'GET' && model[3] === undefined) return [200, metadata(served(name, version))];
      if (method === 'POST' && model[3] === '/infer') {
        const body = await readJson(request, maxBodyBytes);
        const target = served(name, version);
        const outputs = await target.use(async (scoring) => {
          const { columns, featureOrder } = requestColumns(scoring.signature, body);
          return responseOutputs(await scoring.score(columns, featureOrder ? { featureOrder } : {}));
        });
        const id = (body as { id?: unknown }).id;
        return [
          200,
          {
            model_name: name,
            model_version: target.version,
            ...(typeof id === 'string' ? { id } : {}),
            outputs,
          },
        ];
      }
    }
    throw new ProtocolError(404, `no route ${method} ${path}`);
  }

  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
    route(request.method ?? 'GET', path, request).then(
      ([status, body]) => reply(response, status, body),
      (error: unknown) => {
        // Scoring errors are the request's fault (wrong values for the model); anything else is ours.
        const status =
          error instanceof ProtocolError ? error.status : error instanceof ScoringError ? 400 : 500;
        if (status === 500)
          log(`error on ${request.method} ${path}: ${(error as Error).stack ?? String(error)}`);
        reply(response, status, { error: (error as Error).message });
      },
    );
  });

  return {
    load,
    listen: (port, host = '127.0.0.1') =>
      new Promise<URL>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(new URL(`http://${hostname}:${address.port}/`));
        });
      }),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const model of models.values()) await model.retire();
      models.clear();
    },
  };
}

function uploadedModel(body: unknown): { version: string; bytes: Buffer } {
  const parameters = (body as { parameters?: unknown } | null)?.parameters;
  const entries = Object.entries(typeof parameters === 'object' && parameters !== null ? parameters : {});
  for (const [key, value] of entries) {
    const match = FILE_PARAMETER.exec(key);
    if (match && typeof value === 'string')
      return { version: match[1]!, bytes: Buffer.from(value, 'base64') };
  }
  throw new ProtocolError(
    400,
    'send the model in the request: { "parameters": { "file:<version>/model.onnx": "<base64 of the ONNX bytes>" } }',
  );
}

async function readJson(request: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ProtocolError(413, `the request body is over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (error) {
    throw new ProtocolError(400, `the request body is not JSON: ${(error as Error).message}`);
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
