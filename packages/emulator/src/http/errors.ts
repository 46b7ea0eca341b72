/**
 * An error a handler throws to answer with a status; the server turns it into a JSON body.
 * `extra` is merged into the body (GitHub adds `errors` for validation failures).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}
