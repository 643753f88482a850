/**
 * OpenID Connect back-channel logout: the provider posts a signed logout token (a form field `logout_token`) when a
 * person's session there ends (they signed out elsewhere, an administrator logged them out); the dondoc sessions it
 * names end at once. Answered as the specification asks (200, or 400 with an OAuth error), and audited either way.
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../services/deps';
import { auditProviderEvent } from '../services/oidc-people';
import { endSessionsByLogoutToken } from '../services/oidc-sessions';
import { TokenRefused } from '../services/oidc-provider';

export const BACKCHANNEL_LOGOUT_PATH = '/oidc/backchannel-logout';
const MAX_BODY_BYTES = 32 * 1024;

export function registerBackchannelLogout(app: Hono<{ Variables: { requestId: string } }>, deps: AppDeps): void {
  if (!deps.oidc) return;
  const audit = (requestId: string, status: number, body: unknown) =>
    auditProviderEvent(deps, { requestId, method: 'POST', path: BACKCHANNEL_LOGOUT_PATH, status, body });
  app.post(
    BACKCHANNEL_LOGOUT_PATH,
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error: 'invalid_request', error_description: 'the body is too large' }, 413),
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      const refuse = async (description: string, reason: string) => {
        await audit(c.get('requestId'), 400, { refused: reason, detail: description });
        return c.json({ error: 'invalid_request', error_description: description }, 400);
      };
      if (!/^application\/x-www-form-urlencoded\b/i.test(c.req.header('content-type') ?? '')) {
        return refuse('send the logout token as application/x-www-form-urlencoded', 'media-type');
      }
      const form = await c.req.parseBody();
      const token = typeof form.logout_token === 'string' ? form.logout_token : '';
      if (!token) return refuse('logout_token is missing', 'missing-token');
      try {
        const ended = await endSessionsByLogoutToken(deps, token);
        await audit(c.get('requestId'), 200, { loggedOut: ended });
        return c.body(null, 200);
      } catch (err) {
        if (err instanceof TokenRefused) return refuse(err.message, err.reason);
        throw err;
      }
    },
  );
}
