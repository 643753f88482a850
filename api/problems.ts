/**
 * Errors as RFC 9457 problem documents. Handlers throw `ApiProblem`; validation failures list each field and
 * its reason; anything unexpected becomes a 500 with no internals leaked (and is logged).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

import { HTTP_STATUS_OF } from '../services/error-status';
import { DomainError, type ErrorKind, type FieldError } from '../services/errors';

export type { FieldError };
export { conflict, invalid, notFound } from '../services/errors';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  requestId?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class ApiProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly slug: string,
    detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

/** The HTTP status of each kind of refusal the core can give (the table both adapters share). */
export const STATUS_OF: Record<ErrorKind, ContentfulStatusCode> = HTTP_STATUS_OF;

export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({ field: issue.path.length ? issue.path.join('.') : '(body)', reason: issue.message }));
}

export function problemResponse(
  c: Context,
  status: ContentfulStatusCode,
  slug: string,
  detail: string,
  errors?: FieldError[],
  headers: Record<string, string> = {},
): Response {
  const body: Problem = {
    type: `https://dondoc.gov.vn/problems/${slug}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(errors ? { errors } : {}),
    requestId: (c.get as (key: string) => unknown)('requestId') as string | undefined,
  };
  // Headers go in with the body: set on the Response afterwards, @hono/node-server's cached responses can drop them.
  return c.body(JSON.stringify(body), status, { ...headers, 'content-type': 'application/problem+json' });
}

/** Turns any thrown value into a problem response. */
export function toProblemResponse(c: Context, err: unknown, log: (err: unknown) => void): Response {
  if (err instanceof ApiProblem) {
    return problemResponse(c, err.status, err.slug, err.message, err.errors, err.headers);
  }
  if (err instanceof DomainError) {
    const retryAfter = err.retryAfterSeconds !== undefined ? { 'retry-after': String(err.retryAfterSeconds) } : undefined;
    return problemResponse(c, STATUS_OF[err.kind], err.slug, err.message, err.errors, retryAfter);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const detail = status === 400 ? 'the request body is not valid JSON' : err.message || TITLES[status] || 'error';
    return problemResponse(c, status, status === 400 ? 'malformed' : 'http', detail);
  }
  log(err);
  return problemResponse(c, 500, 'internal', 'an unexpected error occurred; it has been logged');
}
