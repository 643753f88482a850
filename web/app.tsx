/**
 * The web dashboard under /web: server-rendered pages over the same service functions the API uses, called
 * with the signed-in principal, so a person sees exactly what the API lets them see. Its own cookie session
 * (services/web-sessions.ts) and synchronizer CSRF tokens; not under /v1, so the API's bearer auth, audit and
 * idempotency middlewares do not apply (writes still go through actOnAssignment and the workflows' updates,
 * which record every event). Each screen's routes live in web/routes/<screen>.tsx; the order here matters:
 * sign-in first, then the session gate, then the screens.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../services/deps';
import { CSS } from './components/layout';
import { ackLinkRoutes } from './routes/ack-links';
import { actingRoutes } from './routes/acting';
import { assignmentRoutes } from './routes/assignments';
import { batchRunRoutes } from './routes/batch-runs';
import { boardRoutes } from './routes/board';
import { landingOf, me, notFoundPage, webDeps, type WebApp, type WebContext, type WebEnv } from './routes/context';
import { directiveRoutes } from './routes/directives';
import { importRoutes } from './routes/imports';
import { inboundRoutes } from './routes/inbound';
import { inboxRoutes } from './routes/inbox';
import { magicLinkRoutes } from './routes/magic-links';
import { auditWrites, handleErrors, requireSession, useRequestBasics } from './routes/middleware';
import { providerSignInRoutes } from './routes/provider-sign-in';
import { reportRoutes } from './routes/reports';
import { signInRoutes, signOutRoutes } from './routes/sign-in';
import { taskRoutes } from './routes/tasks';

/** The dashboard as its own Hono app; the server mounts it at /web. */
export function createWebApp(deps: AppDeps): WebApp {
  const web = new Hono<WebEnv>();
  const wd = webDeps(deps);
  handleErrors(web, wd);
  useRequestBasics(web, wd);
  web.get('/style.css', (c) => {
    c.header('cache-control', 'public, max-age=3600');
    return c.body(CSS, 200, { 'content-type': 'text/css; charset=utf-8' });
  });
  signInRoutes(web, wd);
  providerSignInRoutes(web, wd);
  // The signed one-click link of an escalation email is its own credential.
  ackLinkRoutes(web, wd);

  requireSession(web);
  auditWrites(web, wd);
  signOutRoutes(web, wd);
  const landing = (c: WebContext) => c.redirect(landingOf(me(c)), 303);
  web.get('/', landing);
  for (const screen of [
    directiveRoutes,
    taskRoutes,
    inboxRoutes,
    assignmentRoutes,
    boardRoutes,
    reportRoutes,
    magicLinkRoutes,
    batchRunRoutes,
    actingRoutes,
    inboundRoutes,
  ]) {
    screen(web, wd);
  }
  importRoutes(web, wd);
  // '/web/' (with the slash) is the landing page too; anything else unknown is 404.
  web.all('*', (c) => (c.req.path === '/web/' && c.req.method === 'GET' ? landing(c) : notFoundPage(c)));
  return web;
}
