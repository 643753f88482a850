/**
 * The HTTP API adapter: JSON-only bodies, bearer auth, rate limits, audit and idempotency of writes, the /v1
 * routes, and the OpenAPI document (/openapi.json) with a page to try it (/docs). The server (server/app.ts)
 * mounts it beside the web dashboard and runs the shared middleware first.
 */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { etag } from 'hono/etag';
import type { AppDeps } from '../services/deps';
import { requireAuth, type OnTokenRefused } from './auth';
import { createRouter, type ApiApp } from './env';
import { auditWrites } from './middleware/audit';
import { idempotency } from './middleware/idempotency';
import { jsonEtag } from './middleware/json-etag';
import { registerDocsPage } from './middleware/docs-page';
import { requireDeclaredBodies } from './middleware/require-body';
import { failedSignIns, rateLimit } from './middleware/rate-limit';
import { rejectNul } from './middleware/reject-nul';
import { declaredMethods, notFoundOrNotAllowed } from './method-not-allowed';
import { ApiProblem, toProblemResponse } from './problems';
import { registerActingRoutes } from './routes/acting';
import { registerAdminRoutes } from './routes/admin';
import { registerAssignmentDocumentRoutes } from './routes/assignment-documents';
import { registerAssignmentRoutes } from './routes/assignments';
import { registerCalendarFeedRoutes } from './routes/calendar-feeds';
import { registerDeliveryRoutes } from './routes/delivery';
import { registerDirectiveRoutes } from './routes/directives';
import { registerHealthRoutes } from './routes/health';
import { registerNotificationRoutes } from './routes/notifications';
import { registerProgressRoutes } from './routes/progress';
import { registerReferenceRoutes } from './routes/reference';
import { registerReorganisationRoutes } from './routes/reorganisations';
import { registerReportRoutes } from './routes/reports';
import { documentIdempotencyKey, principalOf } from './routes/common';
import { registerWebSessionRoutes } from './routes/web-sessions';
import { registerImportRoutes } from './routes/imports';
import { registerInboundRoutes } from './routes/inbound';
import { registerSubAssignmentRoutes } from './routes/sub-assignments';
import { registerUnitRoutes } from './routes/units';
import { MAX_IMPORT_BYTES } from '../services/imports';
import { auditProviderEvent } from '../services/oidc-people';
import { authorize, type UseCase } from '../services/use-cases';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Task tables (XLSX, CSV, notice text) come as files, not JSON: their own media types and size limit. */
const UPLOAD_PATH = /^\/v1\/(?:directives\/(?:[^/]+\/imports|drafts)|inbound\/edxml|tasks\/[^/]+\/assignments\/[^/]+\/documents)$/;
/** The use case an upload serves, asked before its body is read (the service asks again). */
const uploadUseCaseOf = (path: string): UseCase =>
  path.endsWith('/drafts')
    ? 'draftTasks'
    : path.endsWith('/edxml')
      ? 'registerDirectives'
      : path.endsWith('/documents')
        ? 'uploadOutgoingDocuments'
        : 'importTasks';
/** An upload's bytes as sent (a spreadsheet, CSV or text), not JSON: read as bytes, checked by its own parser. */
const isRawUpload = (c: Context) => UPLOAD_PATH.test(c.req.path) && !/json/i.test(c.req.header('content-type') ?? '');

/** Reference data (deadline phrases, the official calendar, calendar feeds by token) reads nothing private. */
const PUBLIC_PATHS = [
  /^\/v1\/deadlines\/resolve$/,
  /^\/v1\/calendar\/[^/]+$/,
  /^\/v1\/calendar-feeds\/[^/]+\/calendar\.ics$/,
  /^\/v1\/units\/[^/]+\/calendar\.ics$/,
];
/** Public for reading only: the units directory (registering sub-units needs the admin). */
const PUBLIC_READS = [/^\/v1\/units$/];
const isPublic = (method: string, path: string) =>
  PUBLIC_PATHS.some((p) => p.test(path)) || ((method === 'GET' || method === 'HEAD') && PUBLIC_READS.some((p) => p.test(path)));

export function createApi(deps: AppDeps): ApiApp {
  const app = createRouter();
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiProblem(413, 'too-large', `the body exceeds ${maxSize} bytes`);
      },
    });
  const [jsonLimit, uploadLimit] = [limit(MAX_BODY_BYTES), limit(MAX_IMPORT_BYTES + 64 * 1024)];
  app.use('*', (c, next) => (UPLOAD_PATH.test(c.req.path) ? uploadLimit(c, next) : jsonLimit(c, next)));
  const clientAddress = { trustedProxies: deps.trustedProxies ?? [] };
  // Public routes never meet the failed sign-in limit: it is consulted only after a credential has failed.
  // A provider's token refused is audited with why (wrong audience, expired, a group naming no unit...).
  const auditRefusal: OnTokenRefused = (c, refusal) =>
    auditProviderEvent(deps, {
      requestId: c.get('requestId') ?? 'none',
      method: c.req.method,
      path: c.req.path,
      status: refusal.status,
      body: { refused: refusal.reason, detail: refusal.message },
    });
  const authenticate = requireAuth(deps.authenticate, failedSignIns(deps.failedAuthPerMinute ?? 120, clientAddress), auditRefusal);
  app.use('/v1/*', async (c, next) => (isPublic(c.req.method, c.req.path) ? next() : authenticate(c, next)));
  app.use('/v1/*', rateLimit(deps.rateLimitPerMinute ?? 600, clientAddress));
  // Before the checks of the body's type and text, so a write refused for them is audited like any other refusal.
  app.use(
    '/v1/*',
    auditWrites(deps.sql, (err) => deps.logger.error({ err }, 'audit write failed')),
  );
  // An upload is buffered only for whom may send it (unauthenticated callers were refused above, unread). Spreadsheets
  // are binary (NUL bytes are normal in XLSX): reading the bytes first keeps them intact, as later reads as text
  // (idempotency) are derived from them, not the reverse.
  app.use('/v1/*', async (c, next) => {
    if (UPLOAD_PATH.test(c.req.path) && c.req.method === 'POST') {
      authorize(principalOf(c), uploadUseCaseOf(c.req.path));
      if (isRawUpload(c)) await c.req.arrayBuffer();
    }
    await next();
  });
  app.use('*', async (c, next) => {
    const type = c.req.header('content-type');
    if (c.req.method === 'POST' && type !== undefined && !/^application\/(.+\+)?json\b/i.test(type) && !UPLOAD_PATH.test(c.req.path)) {
      throw new ApiProblem(415, 'media-type', 'send the body as application/json');
    }
    await next();
  });
  const textBodies = rejectNul();
  app.use('*', (c, next) => (isRawUpload(c) ? next() : textBodies(c, next)));
  const declaredBodies = requireDeclaredBodies(app);
  app.use('/v1/*', (c, next) => (UPLOAD_PATH.test(c.req.path) ? next() : declaredBodies(c, next)));
  // One middleware for the app (its purge clock is kept across requests), consulted only for authenticated callers.
  const idempotent = idempotency(deps.sql);
  app.use('/v1/*', async (c, next) => (c.get('principal') ? idempotent(c, next) : next()));
  app.use('/v1/*', etag({ weak: true }));
  // The ETag of a JSON answer from the text already serialised (etag() above then matches it, as before).
  app.use('/v1/*', jsonEtag());

  app.onError((err, c) =>
    toProblemResponse(c, err, (e) => deps.logger.error({ err: e, requestId: c.get('requestId') }, 'unhandled error')),
  );
  app.notFound(notFoundOrNotAllowed(declaredMethods(app)));

  registerHealthRoutes(app, deps);
  registerDirectiveRoutes(app, deps);
  registerAssignmentRoutes(app, deps);
  registerAssignmentDocumentRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerReferenceRoutes(app, deps);
  registerReorganisationRoutes(app, deps);
  registerProgressRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerAdminRoutes(app, deps);
  registerCalendarFeedRoutes(app, deps);
  registerWebSessionRoutes(app, deps);
  registerDeliveryRoutes(app, deps);
  registerActingRoutes(app, deps);
  registerImportRoutes(app, deps);
  registerInboundRoutes(app, deps);
  registerUnitRoutes(app, deps);
  registerSubAssignmentRoutes(app, deps);

  documentIdempotencyKey(app);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'dondoc API',
      version: '1.0.0',
      description: 'Deadline tracking for government directives: one durable workflow per assignment (task × unit).',
    },
  });
  registerDocsPage(app, { openApiUrl: '/openapi.json', title: 'dondoc API' });
  return app;
}
