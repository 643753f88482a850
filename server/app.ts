/**
 * The one HTTP app: the shared middleware (request id and logging, metrics) in one place, then the web
 * dashboard at /web and the API beside it. Neither adapter knows of the other.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { createApi } from '../api/app';
import { declaredMethods, notFoundOrNotAllowed } from '../api/method-not-allowed';
import { bodyLimit } from 'hono/body-limit';
import { redactUrlSecrets } from '../api/middleware/log-redaction';
import { limitByClient } from '../api/middleware/rate-limit';
import { rejectBadUrlText, rejectNul } from '../api/middleware/reject-nul';
import { rejectTrace, securityHeaders } from '../api/middleware/security-headers';
import { problemResponse, toProblemResponse } from '../api/problems';
import type { AppDeps } from '../services/deps';
import { createWebApp } from '../web/app';
import { isWebUploadPath, uploadTooLargePage, WEB_UPLOAD_MAX_BYTES } from '../web/uploads';
import { registerBackchannelLogout } from './backchannel-logout';
import { createApiMetrics, scrapeHandler } from './metrics';

type ServerEnv = { Variables: { requestId: string } };

export function createServerApp(deps: AppDeps, metrics = createApiMetrics({ sql: deps.sql, units: deps.units })): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();

  app.use('*', metrics.observeRequests);
  app.use('*', securityHeaders(deps.oidc ? [new URL(deps.oidc.settings.issuer).origin] : []));
  // On the API's port only where configured (docs/deploy.md: METRICS_PORT, METRICS_TOKEN, production's default).
  if (deps.metrics?.onApiPort ?? true) app.get('/metrics', scrapeHandler(metrics, deps.metrics?.token ?? null));
  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 100) || randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    deps.logger.info(
      {
        requestId,
        method: c.req.method,
        path: redactUrlSecrets(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });

  // Refused before any router or adapter: unserved methods, and NUL or ill-formed Unicode in the path or query.
  app.use('*', rejectTrace());
  app.use('*', rejectBadUrlText());
  // The dashboard's forms: text Postgres cannot store refused (as the API's bodies are), sign-in attempts limited.
  const webBodyBytes = 256 * 1024;
  const webFormLimit = bodyLimit({
    maxSize: webBodyBytes,
    onError: (c) => problemResponse(c, 413, 'too-large', `the form exceeds ${webBodyBytes} bytes`),
  });
  // A file upload is bounded as the API bounds one, and past that the reader gets a page saying so.
  const webUploadLimit = bodyLimit({ maxSize: WEB_UPLOAD_MAX_BYTES, onError: uploadTooLargePage });
  app.use('/web/*', (c, next) => (isWebUpload(c.req.path, c.req.header('content-type')) ? webUploadLimit : webFormLimit)(c, next));
  // Except a file upload (a task table, a notice's DOCX or PDF, an EDXML package): XLSX, DOCX and PDF are binary (NUL
  // bytes are normal), so its bytes are read first, intact; the web app checks the form's text fields and the service
  // reads and checks the file itself.
  const webTextBodies = rejectNul();
  app.use('/web/*', (c, next) =>
    isWebUpload(c.req.path, c.req.header('content-type')) ? c.req.arrayBuffer().then(next) : webTextBodies(c, next),
  );
  const signInLimit = limitByClient(deps.webSignInPerMinute ?? 20, { trustedProxies: deps.trustedProxies ?? [] });
  for (const path of ['/web/signin', '/web/signin/link', '/web/magic/*'])
    app.use(path, (c, next) => (c.req.method === 'POST' ? signInLimit(c, next) : next()));
  // Starting a sign-in at the provider writes its state: limited like the forms, though it is a GET (a callback needs
  // a state made here, so it is bounded by these).
  app.use('/web/oidc/login', signInLimit);
  app.onError((err, c) =>
    toProblemResponse(c, err, (e) => deps.logger.error({ err: e, requestId: c.get('requestId') }, 'unhandled error')),
  );
  registerBackchannelLogout(app, deps);
  app.route('/web', createWebApp(deps));
  app.get('/', (c) => c.redirect('/web/', 302));
  const api = createApi(deps);
  app.route('/', api);
  // A declared API path asked with a method it does not serve is 405 (with Allow), as the API alone answers.
  app.notFound(notFoundOrNotAllowed(declaredMethods(api)));
  return app;
}

const isWebUpload = (path: string, type: string | undefined) => isWebUploadPath(path) && /^multipart\/form-data/i.test(type ?? '');
