/**
 * The HTTP status each kind of refusal answers with, in one table for both adapters: the API's problem documents
 * and the web's audit rows (its pages answer forms with redirects). services/errors.ts stays free of HTTP.
 */
import type { ErrorKind } from './errors';

export const HTTP_STATUS_OF = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  unprocessable: 422,
  'too-many': 429,
  unavailable: 503,
} as const satisfies Record<ErrorKind, number>;
