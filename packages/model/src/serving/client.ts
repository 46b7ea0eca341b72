import type { InferRequest, InferResponse, ModelMetadata } from './protocol';

export interface InferenceClientOptions {
  /** Sent as `Authorization: Bearer <token>` on every call (`mlops-actions serve`'s token). */
  token?: string;
  /** More headers on every call, e.g. a gateway's API key. */
  headers?: Readonly<Record<string, string>>;
}

/** Calls to an Open Inference Protocol v2 endpoint; every failure says which call and why. */
export class InferenceClient {
  private readonly base: URL;
  private readonly headers: Record<string, string>;

  constructor(endpoint: URL | string, options: InferenceClientOptions = {}) {
    const url = new URL(endpoint);
    // A base path (`https://host/serving`) keeps its segments when the /v2 paths are joined on.
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    this.base = url;
    this.headers = {
      ...options.headers,
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    };
  }

  /** Loads `bytes` as `version` of `name` (repository extension, model sent in the request). */
  async load(name: string, bytes: Uint8Array, version: string): Promise<void> {
    await this.call('POST', `v2/repository/models/${encodeURIComponent(name)}/load`, {
      parameters: { [`file:${version}/model.onnx`]: Buffer.from(bytes).toString('base64') },
    });
  }

  metadata(name: string): Promise<ModelMetadata> {
    return this.call('GET', `v2/models/${encodeURIComponent(name)}`) as Promise<ModelMetadata>;
  }

  infer(name: string, request: InferRequest): Promise<InferResponse> {
    return this.call(
      'POST',
      `v2/models/${encodeURIComponent(name)}/infer`,
      request,
    ) as Promise<InferResponse>;
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = new URL(path, this.base);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { ...this.headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        // A redirect could carry the token to another host: the endpoint must be the final URL.
        redirect: 'error',
      });
    } catch (error) {
      // fetch says only "fetch failed"; the reason (ECONNREFUSED, DNS, TLS) is in its cause.
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new Error(`${method} ${url.href}: the endpoint is not reachable (${cause})`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? (JSON.parse(text) as unknown) : {};
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const message = (parsed as { error?: unknown } | undefined)?.error;
      throw new Error(
        `${method} ${url.href} answered ${response.status}: ${typeof message === 'string' ? message : text.slice(0, 200)}`,
      );
    }
    if (parsed === undefined) throw new Error(`${method} ${url.href} answered with a body that is not JSON`);
    return parsed;
  }
}
