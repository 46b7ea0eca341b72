import { resolve } from 'node:path';
import { createModelServer } from '@mlops-actions/model';
import { UsageError, type CliIO, type Command, type CommandArgs } from '../command';
import { loadOnnxRuntime } from '../onnxruntime';

const HELP = `Usage: mlops-actions serve <model.onnx> --name churn [--port 8080] [--host 127.0.0.1] [--model-version 1]

Serves an ONNX model with onnxruntime-node over the Open Inference Protocol v2 (KServe v2):

  GET  /v2/health/live, /v2/health/ready     liveness, readiness
  GET  /v2/models/<name>                     metadata: inputs and outputs with datatype and shape
  POST /v2/models/<name>/infer               named tensors in, named tensors out
  POST /v2/repository/models/<name>/load     load a new version, sent in the request as
                                             {"parameters": {"file:<version>/model.onnx": "<base64>"}}

Outputs are the scorer's: "label" and "probabilities" [N, K] for a classifier, "predictions" for
a regressor. The deploy-model action (target: http) loads versions and smoke-tests them here.
There is no authentication: bind to loopback or put it behind your own proxy.

  --name NAME            the model's name in URLs (required)
  --port N               port (default 8080; 0 picks a free one)
  --host ADDRESS         address to bind (default 127.0.0.1)
  --model-version V      version reported for the first model (default 1)
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
    const server = createModelServer({
      runtime: await loadOnnxRuntime(io),
      log: (line) => io.stderr(`${line}\n`),
    });
    await server.load(name, resolve(io.cwd, model), version);
    const url = await server.listen(port, (args.flags['host'] as string | undefined) ?? '127.0.0.1');
    io.stderr(`serving ${name} version ${version} at ${url.href}v2/models/${name}\n`);
    // Serve until the process is told to stop, then close cleanly.
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await server.close();
    return 0;
  },
};
