import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadModel, type LoadModelOptions } from '../scoring/scoring-model';
import { ScoringError } from '../scoring/scoring-error';
import { BearerToken, HostAllowList, isLoopbackHost } from './access';
import { BodyBudget, readJsonBody } from './request-body';
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
  /** The onnxruntime to score with, and where external data may come from (`LoadModelOptions` without a name). */
  runtime: Omit<LoadModelOptions, 'name'>;
  /**
   * The bearer token every request but the health probes must carry (`Authorization: Bearer …`).
   * Without one the server only listens on loopback addresses, unless `insecureNoAuth`.
   */
  token?: string;
  /** Listen on a non-loopback address without a token: anyone who can reach it can load models. */
  insecureNoAuth?: boolean;
  /** Host names the server answers besides loopback names and IP addresses (see `HostAllowList`). */
  allowedHosts?: readonly string[];
  /** Largest `infer` body; default 64 MiB. */
  maxInferBytes?: number;
  /** Largest model upload (base64 JSON, a third larger than the model); default 512 MiB. */
  maxLoadBytes?: number;
  /** Request-body bytes all requests together may hold at once (503 beyond); default 1 GiB. */
  maxBufferedBytes?: number;
  log?: (line: string) => void;
}

export interface ModelServer {
  /** Loads (or replaces) a model version; the old version serves until the new one is ready. */
  load(name: string, model: string | Uint8Array, version: string): Promise<void>;
  /** Refuses a non-loopback `host` when there is no token (see `ModelServerOptions.token`). */
  listen(port: number, host?: string): Promise<URL>;
  close(): Promise<void>;
}

/** The refusal to listen on the network without a token. */
export class UnprotectedServerError extends Error {}

export const DEFAULT_MAX_INFER_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_LOAD_BYTES = 512 * 1024 * 1024;
/** Room for one model upload and a few infer bodies at once. */
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024 * 1024;
/** Open connections beyond this are refused by the socket layer, not queued without end. */
export const MAX_CONNECTIONS = 1024;
/** A client that has not sent its whole request by then is cut off (slow-body clients hold memory). */
const REQUEST_TIMEOUT_MS = 120_000;
/** A request id is a correlation label, echoed back; a longer one is no label. */
export const MAX_REQUEST_ID_LENGTH = 256;

/** Bodies of requests that carry no tensors or models (`index`, `unload`). */
const SMALL_BODY_BYTES = 64 * 1024;

/** The routes a load balancer or kubelet probes without credentials; they reveal only liveness. */
const OPEN_ROUTES = new Set(['/v2/health/live', '/v2/health/ready']);

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
  const token = options.token === undefined ? undefined : new BearerToken(options.token);
  const hosts = new HostAllowList(options.allowedHosts);
  const maxInferBytes = options.maxInferBytes ?? DEFAULT_MAX_INFER_BYTES;
  const maxLoadBytes = options.maxLoadBytes ?? DEFAULT_MAX_LOAD_BYTES;
  const bodies = new BodyBudget(options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES);

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
      await readJsonBody(request, SMALL_BODY_BYTES, bodies); // JSON only, like every POST (see readJsonBody)
      return [200, [...models.values()].map((m) => ({ name: m.name, version: m.version, state: 'READY' }))];
    }
    const repository = /^\/v2\/repository\/models\/([^/]+)\/(load|unload)$/.exec(path);
    if (method === 'POST' && repository) {
      const name = decodeSegment(repository[1]!);
      if (repository[2] === 'unload') {
        await readJsonBody(request, SMALL_BODY_BYTES, bodies);
        await served(name, undefined).retire();
        models.delete(name);
        return [200, {}];
      }
      const { version, bytes } = uploadedModel(await readJsonBody(request, maxLoadBytes, bodies));
      await load(name, bytes, version);
      return [200, {}];
    }
    const model = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/ready|\/infer)?$/.exec(path);
    if (model) {
      const name = decodeSegment(model[1]!);
      const version = model[2] === undefined ? undefined : decodeSegment(model[2]);
      if (method === 'GET' && model[3] === '/ready') {
        const loaded = models.get(name);
        return [
          200,
          { name, ready: loaded !== undefined && (version === undefined || version === loaded.version) },
        ];
      }
      if (method === 'GET' && model[3] === undefined) return [200, metadata(served(name, version))];
      if (method === 'POST' && model[3] === '/infer') {
        const body = await readJsonBody(request, maxInferBytes, bodies);
        const id = requestId(body);
        const target = served(name, version);
        const outputs = await target.use(async (scoring) => {
          const { columns, featureOrder } = requestColumns(scoring.signature, body);
          return responseOutputs(await scoring.score(columns, featureOrder ? { featureOrder } : {}));
        });
        return [
          200,
          {
            model_name: name,
            model_version: target.version,
            ...(id === undefined ? {} : { id }),
            outputs,
          },
        ];
      }
    }
    throw new ProtocolError(404, `no route ${method} ${path}`);
  }

  /** Refuses what is not for this server before any route runs: foreign hosts, missing tokens, paths that are no URL. */
  function admit(request: IncomingMessage): string {
    if (!hosts.admits(request.headers.host)) {
      throw new ProtocolError(
        403,
        `this server does not answer to the host "${String(request.headers.host).slice(0, 100)}" — allow it with --allowed-host`,
      );
    }
    const path = requestPath(request.url);
    if (token && !OPEN_ROUTES.has(path) && !token.admits(request.headers.authorization)) {
      throw new ProtocolError(401, 'send the server\'s token: "Authorization: Bearer <token>"');
    }
    return path;
  }

  const server: Server = createServer((request, response) => {
    let path = '';
    Promise.resolve()
      .then(() => {
        path = admit(request);
        return route(request.method ?? 'GET', path, request);
      })
      .finally(() => bodies.release(request))
      .then(
        ([status, body]) => reply(response, status, body),
        (error: unknown) => {
          // Scoring errors are the request's fault (wrong values for the model); anything else is ours.
          const status =
            error instanceof ProtocolError ? error.status : error instanceof ScoringError ? 400 : 500;
          if (status === 500) {
            log(`error on ${request.method} ${path}: ${(error as Error).stack ?? String(error)}`);
            // The details (paths, stack) stay in the server's log.
            reply(response, 500, { error: 'the server failed on this request — see its log' });
            return;
          }
          reply(response, status, { error: (error as Error).message }, !request.complete);
        },
      );
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;

  return {
    load,
    listen: (port, host = '127.0.0.1') =>
      new Promise<URL>((resolve, reject) => {
        if (!token && !options.insecureNoAuth && !isLoopbackHost(host)) {
          throw new UnprotectedServerError(
            `refusing to listen on ${host} without a token: anyone who can reach it could load and unload models — set MLOPS_SERVE_TOKEN or --token-file, bind to 127.0.0.1, or pass --insecure-no-auth if a proxy in front authenticates`,
          );
        }
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

/** The path of a request target, or 400 when it is no URL path. */
function requestPath(target: string | undefined): string {
  if (!target?.startsWith('/')) throw new ProtocolError(400, 'the request target is not a path');
  let url: URL;
  try {
    url = new URL(target, 'http://localhost');
  } catch {
    throw new ProtocolError(400, 'the request target is not a URL path');
  }
  return url.pathname.replace(/\/+$/, '');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ProtocolError(400, `the URL segment "${segment.slice(0, 100)}" is not valid percent-encoding`);
  }
}

/** The request's `id` to echo back, when it sends one. */
function requestId(body: unknown): string | undefined {
  const id = (body as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') return undefined;
  if (id.length > MAX_REQUEST_ID_LENGTH) {
    throw new ProtocolError(400, `"id" is ${id.length} characters; send at most ${MAX_REQUEST_ID_LENGTH}`);
  }
  return id;
}

function reply(response: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    // The client should not believe a JSON answer is anything else.
    'x-content-type-options': 'nosniff',
    ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
    ...(status === 503 ? { 'retry-after': '1' } : {}),
    // An unread body (too large, or never authorized) must not be parsed as the next request.
    ...(close ? { connection: 'close' } : {}),
  });
  response.end(text);
}
