/** The API's Hono environment and its router factory: typed context variables, one validation hook. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Principal } from '../services/access';
import { fieldErrors, problemResponse } from './problems';

export interface ApiVariables {
  /** Set by the server's first middleware for every request. */
  requestId: string;
  /** The authenticated caller; absent on public reference routes. */
  principal?: Principal;
  /** The caller's Idempotency-Key, scoped to the caller (api/middleware/idempotency.ts). */
  idempotencyScope?: string;
}
export type ApiEnv = { Variables: ApiVariables };
export type ApiApp = OpenAPIHono<ApiEnv>;

/** A router whose validation failures are problem documents naming each field and its reason. */
export function createRouter(): ApiApp {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const errors = fieldErrors(result.error);
        return problemResponse(c, 400, 'validation', errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors);
      }
    },
  });
}

/** A JSON content block for a route's request or response. */
export function jsonContent<S>(schema: S, description: string) {
  return { description, content: jsonBody(schema) };
}

/** The `content` of a JSON request body or response. */
export function jsonBody<S>(schema: S) {
  return { 'application/json': { schema } };
}
