import { HttpError } from '../http/errors';

/** GitHub's error answers, with the messages api.github.com gives. */

export const DOCS_URL = 'https://docs.github.com/rest';
export const PRIMARY_RATE_LIMIT_DOCS =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit';
export const SECONDARY_RATE_LIMIT_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

export function notFound(message = 'Not Found'): HttpError {
  return new HttpError(404, message);
}

export function badCredentials(): HttpError {
  return new HttpError(401, 'Bad credentials');
}

export function requiresAuthentication(): HttpError {
  return new HttpError(401, 'Requires authentication');
}

/** What an installation token (GITHUB_TOKEN) gets for anything its permissions do not cover. */
export function notAccessibleByIntegration(): HttpError {
  return new HttpError(403, 'Resource not accessible by integration');
}

export interface FieldError {
  resource: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom';
  field?: string;
  message?: string;
}

/** 422 "Validation Failed" with GitHub's `errors: [{ resource, field, code }]`. */
export function validationFailed(...errors: FieldError[]): HttpError {
  return new HttpError(422, 'Validation Failed', { errors });
}

/** 422 for a body that does not fit the endpoint's schema, e.g. `"title" wasn't supplied.` */
export function invalidRequest(detail: string): HttpError {
  return new HttpError(422, `Invalid request.\n\n${detail}`);
}

export function unprocessable(message: string): HttpError {
  return new HttpError(422, message);
}

export function conflict(message: string): HttpError {
  return new HttpError(409, message);
}
