import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  createModelServer,
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_INFER_BYTES,
  DEFAULT_MAX_LOAD_BYTES,
  MIN_TOKEN_LENGTH,
} from '@mlops-actions/model';
import { UsageError, type CliIO, type Command, type CommandArgs } from '../command';
import { EXTERNAL_DATA_HELP, EXTERNAL_DATA_OPTION, modelLoadOptions } from '../onnxruntime';

const MIB = 1024 * 1024;

const HELP = `Usage: mlops-actions serve <model.onnx> --name churn [--port 8080] [--host 127.0.0.1] [--model-version 1]

Serves an ONNX model with onnxruntime-node over the Open Inference Protocol v2 (KServe v2):

  GET  /v2/health/live, /v2/health/ready     liveness, readiness (no token needed)
  GET  /v2/models/<name>                     metadata: inputs and outputs with datatype and shape
  POST /v2/models/<name>/infer               named tensors in, named tensors out
  POST /v2/repository/models/<name>/load     load a new version, sent in the request as
                                             {"parameters": {"file:<version>/model.onnx": "<base64>"}}
  POST /v2/repository/models/<name>/unload   stop serving it

Outputs are the scorer's: "label" and "probabilities" [N, K] for a classifier, "predictions" for
a regressor. The deploy-model action (target: http) loads versions and smoke-tests them here.

Safe to expose: with a token (MLOPS_SERVE_TOKEN, or --token-file) every route but the health
probes needs "Authorization: Bearer <token>"; without one the server only listens on loopback.
POST bodies must be application/json; the Host header must be an IP address, a loopback name or
an --allowed-host (a web page cannot reach the server through a name it controls).

  --name NAME            the model's name in URLs (required)
  --port N               port (default 8080; 0 picks a free one)
  --host ADDRESS         address to bind (default 127.0.0.1)
  --model-version V      version reported for the first model (default 1)
  --token-file FILE      a file holding the bearer token (instead of MLOPS_SERVE_TOKEN)
  --allowed-host NAME    a host name clients use, e.g. models.example.com, or .example.com for a
                         domain and its subdomains (repeatable)
  --insecure-no-auth     listen on a non-loopback address without a token (only behind a proxy
                         that authenticates)
  --max-infer-mib N      largest infer request (default ${DEFAULT_MAX_INFER_BYTES / MIB})
  --max-load-mib N       largest model upload, base64 JSON (default ${DEFAULT_MAX_LOAD_BYTES / MIB})
  --max-buffered-mib N   request bodies all clients together may have in memory; beyond it the
                         server answers 503 with Retry-After (default ${DEFAULT_MAX_BUFFERED_BYTES / MIB})
${EXTERNAL_DATA_HELP}
`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve m.onnx --name churn: an Open Inference Protocol v2 model server',
  help: HELP,
  options: {
    name: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'model-version': { type: 'string' },
    'token-file': { type: 'string' },
    'allowed-host': { type: 'string', multiple: true },
    'insecure-no-auth': { type: 'boolean' },
    'max-infer-mib': { type: 'string' },
    'max-load-mib': { type: 'string' },
    'max-buffered-mib': { type: 'string' },
    ...EXTERNAL_DATA_OPTION,
  },
  async run(args: CommandArgs, io: CliIO): Promise<number> {
    const [model, ...extra] = args.positionals;
    const name = args.flags['name'] as string | undefined;
    if (!model || extra.length > 0) throw new UsageError('give exactly one ONNX model file.');
    if (!name) throw new UsageError('--name is required: the model is served at /v2/models/<name>.');
    const port = Number(args.flags['port'] ?? 8080);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError('--port must be a port number.');
    const version = (args.flags['model-version'] as string | undefined) ?? '1';
    const host = (args.flags['host'] as string | undefined) ?? '127.0.0.1';
    const token = await readToken(args, io);
    const server = createModelServer({
      runtime: await modelLoadOptions(io, args.flags),
      ...(token === undefined ? {} : { token }),
      insecureNoAuth: args.flags['insecure-no-auth'] === true,
      allowedHosts: (args.flags['allowed-host'] as string[] | undefined) ?? [],
      maxInferBytes: mebibytes(args, 'max-infer-mib', DEFAULT_MAX_INFER_BYTES),
      maxLoadBytes: mebibytes(args, 'max-load-mib', DEFAULT_MAX_LOAD_BYTES),
      maxBufferedBytes: mebibytes(args, 'max-buffered-mib', DEFAULT_MAX_BUFFERED_BYTES),
      log: (line) => io.stderr(`${line}\n`),
    });
    try {
      // Listen first: a refusal to listen comes before the model is read; /v2/health/ready says when it is loaded.
      const url = await server.listen(port, host);
      await server.load(name, await readFile(resolve(io.cwd, model)), version);
      io.stderr(
        `serving ${name} version ${version} at ${url.href}v2/models/${name} (${token ? 'bearer token required' : 'no token: loopback only'})\n`,
      );
    } catch (error) {
      await server.close();
      throw error;
    }
    // Serve until the process is told to stop, then close cleanly.
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await server.close();
    return 0;
  },
};

/** The bearer token from `--token-file` or MLOPS_SERVE_TOKEN (one of them), without a trailing newline. */
async function readToken(args: CommandArgs, io: CliIO): Promise<string | undefined> {
  const file = args.flags['token-file'] as string | undefined;
  const fromEnv = io.env['MLOPS_SERVE_TOKEN'];
  if (file !== undefined && fromEnv) {
    throw new UsageError('give the token once: MLOPS_SERVE_TOKEN or --token-file, not both.');
  }
  const token = file === undefined ? fromEnv : await readTokenFile(resolve(io.cwd, file), file);
  if (token === undefined || token === '') return undefined;
  const trimmed = token.replace(/\r?\n$/, '');
  if (trimmed.length < MIN_TOKEN_LENGTH || /\s/.test(trimmed)) {
    throw new UsageError(
      `${file ?? 'MLOPS_SERVE_TOKEN'}: the token must be at least ${MIN_TOKEN_LENGTH} characters without spaces — generate one with \`openssl rand -hex 32\`.`,
    );
  }
  return trimmed;
}

async function readTokenFile(path: string, given: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--token-file ${given}: cannot read it — ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

function mebibytes(args: CommandArgs, flag: string, fallback: number): number {
  const text = args.flags[flag] as string | undefined;
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value))
    throw new UsageError(`--${flag} must be a positive number of MiB.`);
  return Math.floor(value * MIB);
}
