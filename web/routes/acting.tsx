/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** One's acting officers: the grants page, naming who acts for oneself, and revoking a grant (services/acting.ts). */
import { createActingGrant, listActingGrants, revokeActingGrant } from '../../services/acting';
import { DomainError } from '../../services/errors';
import { isIsoDate } from '../../domain/dates';
import { ActingPage } from '../pages/acting';
import { csrfOf, me, page, setFlash, type WebApp, type WebDeps } from './context';

const field = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

export function actingRoutes(web: WebApp, { deps, today }: WebDeps) {
  web.get('/acting', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    // The bootstrap admin is no stored person and has no grants of its own.
    const grants = await listActingGrants(deps.sql, p, p.id).catch((err) => {
      if (err instanceof DomainError && err.kind === 'not-found') return [];
      throw err;
    });
    return page(
      c,
      lang === 'vi' ? 'Ủy quyền' : 'Acting officers',
      <ActingPage lang={lang} csrf={csrfOf(c)} grants={grants} today={today()} />,
    );
  });

  web.post('/acting', async (c) => {
    const p = me(c);
    const vi = c.get('lang') === 'vi';
    const form = await c.req.parseBody();
    const input = {
      actingPersonId: field(form.actingPersonId, 80),
      fromOn: field(form.fromOn, 10),
      toOn: field(form.toOn, 10),
      reason: field(form.reason, 500),
    };
    const bad = !input.actingPersonId ? 'actingPersonId' : !isIsoDate(input.fromOn) ? 'fromOn' : !isIsoDate(input.toOn) ? 'toOn' : null;
    if (bad) setFlash(c, 'err', `${bad}: ${vi ? 'bắt buộc, ngày dạng YYYY-MM-DD' : 'required; dates as YYYY-MM-DD'}`);
    else {
      try {
        const { grant } = await createActingGrant(deps.sql, p, p.id, input);
        setFlash(
          c,
          'ok',
          vi
            ? `${grant.actingName} thay mặt bạn từ ${grant.fromOn} đến ${grant.toOn}.`
            : `${grant.actingName} acts for you ${grant.fromOn} to ${grant.toOn}.`,
        );
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        setFlash(c, 'err', err.message);
      }
    }
    return c.redirect('/web/acting', 303);
  });

  web.post('/acting/:grantId/revoke', async (c) => {
    const p = me(c);
    try {
      await revokeActingGrant(deps.sql, p, p.id, c.req.param('grantId').slice(0, 80));
      setFlash(c, 'ok', c.get('lang') === 'vi' ? 'Đã thu hồi ủy quyền.' : 'Grant revoked.');
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      setFlash(c, 'err', err.message);
    }
    return c.redirect('/web/acting', 303);
  });
}
