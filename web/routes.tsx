/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The web dashboard under /web: server-rendered pages over the same service functions the API uses, called
 * with the signed-in principal, so a person sees exactly what the API lets them see. Its own cookie session
 * (web/session.ts) and synchronizer CSRF tokens; not under /v1, so the API's bearer auth, audit and idempotency
 * middlewares do not apply (writes still go through actOnAssignment and the workflows' updates, which record
 * every event).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf as originCheck } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { Principal } from '../services/access';
import { canSeeUnit } from '../services/access';
import type { AppDeps } from '../services/deps';
import { ACTIONS, isActionName, type ActionCommand } from '../services/actions';
import { actOnAssignment, getAssignment, listAssignments } from '../services/assignments';
import { recordAudit } from '../services/audit';
import { DomainError } from '../services/errors';
import { taskProgress } from '../services/progress';
import { toVnDate } from '../domain/dates';
import { STATUSES, type Status } from '../domain/status';
import { isValidOn } from '../domain/units';
import { reportCsv, reportXlsx } from './exports';
import { DICTS, pickLang, type Lang } from './i18n';
import { CSS, Layout } from './layout';
import { AssignmentPage, Board, Directives, Inbox, ReportList, ReportPage, SignIn, TaskPage, type InboxSection } from './pages';
import { directivePage, directiveReport, issuers, onTimeByUnit, overdueGroups, taskHeading, taskSummaries } from '../services/dashboard';
import {
  PRESESSION_COOKIE,
  SESSION_COOKIE,
  createSession,
  endSession,
  loadSession,
  emailMagicLink,
  makeMagicLink,
  magicLinkUrl,
  randomToken,
  redeemMagicLink,
  sameToken,
  type WebSession,
} from '../services/web-sessions';

type Env = { Variables: { requestId: string; lang: Lang; session: WebSession | null; auditStatus?: number } };
type C = Context<Env>;

const FLASH_COOKIE = 'dd_flash';
const PAGE = 10;
const GRID_PAGE = 200;
const INBOX_PAGE = 50;
const BOARD_PAGE = 50;

const secure = (c: C) => new URL(c.req.url).protocol === 'https:';

function cookieOptions(c: C, maxAge?: number) {
  return { httpOnly: true, sameSite: 'Lax' as const, path: '/', secure: secure(c), ...(maxAge !== undefined ? { maxAge } : {}) };
}

function safeReturn(value: unknown, fallback: string): string {
  const s = typeof value === 'string' ? value : '';
  return /^\/web(\/|$|\?)/.test(s) && !s.startsWith('//') && !/[\r\n\\]/.test(s) ? s : fallback;
}

function setFlash(c: C, kind: 'ok' | 'err', text: string) {
  setCookie(c, FLASH_COOKIE, Buffer.from(JSON.stringify({ kind, text: text.slice(0, 500) })).toString('base64url'), cookieOptions(c, 60));
}

function takeFlash(c: C): { kind: 'ok' | 'err'; text: string } | null {
  const raw = getCookie(c, FLASH_COOKIE);
  if (!raw) return null;
  deleteCookie(c, FLASH_COOKIE, { path: '/' });
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if ((v.kind === 'ok' || v.kind === 'err') && typeof v.text === 'string') return v;
  } catch {
    // ignore a malformed flash
  }
  return null;
}

/** Refusals shown to the person on the page (the rest are logged as failures). */
const REFUSALS: ReadonlySet<DomainError['kind']> = new Set(['forbidden', 'invalid', 'conflict', 'unprocessable']);

const landingOf = (p: Principal) => (p.role === 'unit' ? '/web/inbox' : p.role === 'leader' ? '/web/board' : '/web/directives');

const today = (deps: AppDeps) => toVnDate(new Date(deps.now?.() ?? Date.now()));

/** The dashboard as its own Hono app; the server mounts it at /web. */
export function createWebApp(deps: AppDeps): Hono<Env> {
  const web = new Hono<Env>();
  const unit = (code: string) => deps.units.get(code);
  const unitsNow = () => deps.units.all().filter((u) => isValidOn(u, today(deps)) && u.kind !== 'government_office');

  const page = (c: C, title: string, body: unknown, status: 200 | 404 | 403 | 400 = 200) => {
    const s = c.get('session');
    return c.html(
      <Layout lang={c.get('lang')} title={title} principal={s?.principal} csrf={s?.csrf} path={c.req.path + (new URL(c.req.url).search || '')} flash={takeFlash(c)}>
        {body as never}
      </Layout>,
      status,
    );
  };
  const notFoundPage = (c: C) => page(c, DICTS[c.get('lang')].notFound, <p>{DICTS[c.get('lang')].notFoundText}</p>, 404);

  web.onError((err, c) => {
    const ctx = c as unknown as C;
    if (err instanceof DomainError && err.kind === 'not-found') return notFoundPage(ctx);
    if (err instanceof DomainError && REFUSALS.has(err.kind)) {
      return page(ctx, DICTS[ctx.get('lang') ?? 'vi'].failed, <p role="alert">{err.message}</p>, err.kind === 'forbidden' ? 403 : 400);
    }
    // The origin check's refusal of a cross-origin form post.
    if (err instanceof HTTPException && err.status === 403) return page(ctx, DICTS[ctx.get('lang') ?? 'vi'].failed, <p role="alert">{err.message}</p>, 403);
    deps.logger.error({ err, path: c.req.path }, 'web page failed');
    return c.text('Internal Server Error', 500);
  });

  web.use('*', bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.text('Payload Too Large', 413) }));
  // Defence in depth besides the synchronizer tokens: a form post must come from this origin.
  web.use('*', originCheck());
  // Postgres text cannot hold NUL: refuse it in the query or a form before it reaches a workflow or a query.
  web.use('*', async (c, next) => {
    const hasNul = (v: unknown): boolean => (typeof v === 'string' ? v.includes('\u0000') : Array.isArray(v) ? v.some(hasNul) : false);
    if (Object.values(c.req.queries()).some(hasNul)) return c.text('Bad Request', 400);
    if (c.req.method === 'POST' && Object.values(await c.req.parseBody({ all: true })).some(hasNul)) return c.text('Bad Request', 400);
    await next();
  });
  web.use('*', async (c, next) => {
    const q = c.req.query('lang');
    const lang = pickLang(q, getCookie(c, 'lang'));
    if (q === 'vi' || q === 'en') setCookie(c, 'lang', q, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400, secure: secure(c) });
    c.set('lang', lang);
    c.set('session', await loadSession(deps, getCookie(c, SESSION_COOKIE)));
    c.header('cache-control', 'no-store');
    c.header('x-frame-options', 'DENY');
    c.header('referrer-policy', 'same-origin');
    await next();
  });

  web.get('/style.css', (c) => {
    c.header('cache-control', 'public, max-age=3600');
    return c.body(CSS, 200, { 'content-type': 'text/css; charset=utf-8' });
  });

  // ------------------------------------------------------------ sign in / out (no session needed)
  const signInPage = (c: C, error: string | null, status: 200 | 400 = 200, notice: string | null = null) => {
    const pre = randomToken(24);
    setCookie(c, PRESESSION_COOKIE, pre, cookieOptions(c, 3600));
    const next = safeReturn(c.req.query('next'), '/web/');
    return page(c, DICTS[c.get('lang')].signIn, <SignIn lang={c.get('lang')} pre={pre} error={error} notice={notice} next={next} />, status);
  };
  web.get('/signin', (c) => signInPage(c, null));
  web.post('/signin', async (c) => {
    const form = await c.req.parseBody();
    const t = DICTS[c.get('lang')];
    if (!sameToken(String(form._csrf ?? ''), getCookie(c, PRESESSION_COOKIE))) return signInPage(c, t.csrf, 400);
    const token = String(form.token ?? '').trim();
    const principal = token && token.length <= 300 ? await deps.authenticate(token) : null;
    if (!principal) return signInPage(c, t.badToken, 400);
    const { cookie } = await createSession(deps, principal);
    deleteCookie(c, PRESESSION_COOKIE, { path: '/' });
    setCookie(c, SESSION_COOKIE, cookie, cookieOptions(c));
    const next = safeReturn(form.next, '/web/');
    return c.redirect(next === '/web/' || next === '/web' ? landingOf(principal) : next, 303);
  });
  web.post('/signin/link', async (c) => {
    const form = await c.req.parseBody();
    const t = DICTS[c.get('lang')];
    if (!sameToken(String(form._csrf ?? ''), getCookie(c, PRESESSION_COOKIE))) return signInPage(c, t.csrf, 400);
    const email = String(form.email ?? '').trim();
    if (!/^[^\s@]{1,64}@[^\s@]{1,189}$/.test(email)) return signInPage(c, t.badEmail, 400);
    await emailMagicLink(deps, email);
    return signInPage(c, null, 200, t.linkSent);
  });
  // Opening a link only shows a button: mail scanners that fetch links must not use them up. The button posts.
  web.get('/magic/:token', (c) => {
    const pre = randomToken(24);
    setCookie(c, PRESESSION_COOKIE, pre, cookieOptions(c, 3600));
    const lang = c.get('lang');
    return page(
      c,
      DICTS[lang].signIn,
      <form method="post" action={`/web/magic/${encodeURIComponent(c.req.param('token'))}`} class="card" style="max-width:34rem">
        <input type="hidden" name="_csrf" value={pre} />
        <p>{lang === 'vi' ? 'Bấm để đăng nhập bằng liên kết dùng một lần này.' : 'Press to sign in with this one-time link.'}</p>
        <button type="submit" data-testid="redeem">{DICTS[lang].signIn}</button>
      </form>,
    );
  });
  web.post('/magic/:token', async (c) => {
    const form = await c.req.parseBody();
    if (!sameToken(String(form._csrf ?? ''), getCookie(c, PRESESSION_COOKIE))) return signInPage(c, DICTS[c.get('lang')].csrf, 400);
    const principal = await redeemMagicLink(deps, c.req.param('token'));
    if (!principal) return signInPage(c, DICTS[c.get('lang')].linkInvalid, 400);
    deleteCookie(c, PRESESSION_COOKIE, { path: '/' });
    const { cookie } = await createSession(deps, principal, 'link');
    setCookie(c, SESSION_COOKIE, cookie, cookieOptions(c));
    return c.redirect(landingOf(principal), 303);
  });

  // ------------------------------------------------------------ everything else needs a session; posts a CSRF token
  web.use('*', async (c, next) => {
    const s = c.get('session');
    if (!s) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const url = new URL(c.req.url);
        return c.redirect(`/web/signin?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
      }
      return c.text('Unauthorized', 401);
    }
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody({ all: true });
      if (!sameToken(typeof form._csrf === 'string' ? form._csrf : '', s.csrf)) {
        return page(c, DICTS[c.get('lang')].forbidden, <p role="alert">{DICTS[c.get('lang')].csrf}</p>, 403);
      }
    }
    await next();
  });
  const me = (c: C): Principal => c.get('session')!.principal;

  // Every web write goes to the same audit log as the API's (who, which token, what, when, the outcome); the
  // CSRF token and form keys are left out. The outcome is the action's status (303 redirects carry a flash).
  web.use('*', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const form = await c.req.parseBody({ all: true });
    const body = Object.fromEntries(Object.entries(form).filter(([k]) => !k.startsWith('_') && !/token|password|secret/i.test(k)).map(([k, v]) => [k, typeof v === 'string' || Array.isArray(v) ? v : '[file]']));
    try {
      await next();
    } finally {
      const p = me(c);
      await recordAudit(deps.sql, {
        requestId: c.get('requestId') ?? randomToken(8),
        principalId: p.id,
        tokenId: p.tokenId,
        role: p.role,
        method: 'POST',
        path: c.req.path,
        status: c.get('auditStatus') ?? c.res.status,
        idempotencyKey: typeof form._key === 'string' ? `web/${form._key}` : null,
        body,
      }).catch((err) => deps.logger.error({ err }, 'web audit write failed'));
    }
  });

  web.post('/signout', async (c) => {
    await endSession(deps, c.get('session')!.idHash);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/web/signin', 303);
  });

  const landing = (c: C) => c.redirect(landingOf(me(c)), 303);
  web.get('/', landing);

  // ------------------------------------------------------------ directives
  web.get('/directives', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    const q = (c.req.query('q') ?? '').slice(0, 200);
    const issuer = (c.req.query('issuer') ?? '').slice(0, 300);
    const overdue = c.req.query('overdue') === '1';
    const pageNo = Math.min(10_000, Math.max(0, Number.parseInt(c.req.query('page') ?? '0', 10) || 0));
    const [{ rows, more }, issuerList] = await Promise.all([
      directivePage(deps, p, { q, issuer, overdue, offset: pageNo * PAGE, limit: PAGE }),
      issuers(deps.sql),
    ]);
    const tasks = await taskSummaries(deps, p, rows.map((d) => d.id));
    return page(
      c,
      DICTS[lang].directives,
      <Directives lang={lang} directives={rows} tasks={tasks} issuers={issuerList} filters={{ q, issuer, overdue }} page={pageNo} more={more} />,
    );
  });

  // ------------------------------------------------------------ task grid and bulk actions
  web.get('/tasks/:taskId', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    const taskId = c.req.param('taskId');
    const task = await taskHeading(deps, p, taskId);
    if (!task) return notFoundPage(c);
    const statusQ = c.req.query('status') ?? '';
    const status = (STATUSES as readonly string[]).includes(statusQ) ? (statusQ as Status) : undefined;
    const cursor = c.req.query('cursor')?.slice(0, 500);
    const [progress, list] = await Promise.all([
      taskProgress(deps, p, taskId, 30),
      listAssignments(deps.sql, p, { task: taskId, status, limit: GRID_PAGE, cursor }),
    ]);
    return page(
      c,
      task.title,
      <TaskPage
        lang={lang}
        principal={p}
        csrf={c.get('session')!.csrf}
        task={task}
        progress={progress}
        items={list.items}
        nextCursor={list.nextCursor}
        status={status ?? ''}
        statuses={STATUSES}
        units={unitsNow()}
        unit={unit}
        today={today(deps)}
      />,
    );
  });

  web.post('/tasks/:taskId/bulk', async (c) => {
    const p = me(c);
    const t = DICTS[c.get('lang')];
    const taskId = c.req.param('taskId');
    const back = `/web/tasks/${encodeURIComponent(taskId)}`;
    const form = await c.req.parseBody({ all: true });
    const selected = ([] as unknown[]).concat(form.units ?? []).map(String).slice(0, 500);
    const action = String(form.action ?? '');
    const reason = String(form.reason ?? '').trim();
    // Validate the inputs once, with the API's schemas, before acting on each selected unit.
    const input =
      action === 'extend'
        ? ACTIONS.requestExtension.input.safeParse({ newDueOn: String(form.newDueOn ?? ''), reason: reason || '—' })
        : action === 'cancel'
          ? ACTIONS.cancel.input.safeParse({ reason })
          : action === 'reassign'
            ? ACTIONS.reassign.input.safeParse({ toUnit: String(form.toUnit ?? ''), reason })
            : null;
    if (!input || !input.success || selected.length === 0) {
      const why = !input
        ? `action: ${action || '—'}`
        : !input.success
          ? input.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')
          : `${t.select}: 0`;
      setFlash(c, 'err', `${t.failed}: ${why}`);
      c.set('auditStatus', 400);
      return c.redirect(back, 303);
    }
    // The input was parsed with the schema of the action it is sent as.
    const command = { action: action === 'extend' ? 'requestExtension' : action, input: input.data } as ActionCommand;
    const results: string[] = [];
    let ok = 0;
    for (const code of selected) {
      try {
        if (action === 'extend') {
          try {
            await actOnAssignment(deps, p, taskId, code, command, undefined);
          } catch (err) {
            // An extension already requested by the unit is decided below.
            if (!(err instanceof DomainError && err.kind === 'conflict')) throw err;
          }
          await actOnAssignment(deps, p, taskId, code, { action: 'decideExtension', input: { approve: true, note: reason } }, undefined);
        } else {
          await actOnAssignment(deps, p, taskId, code, command, undefined);
        }
        ok += 1;
      } catch (err) {
        if (!(err instanceof DomainError)) deps.logger.error({ err, taskId, unitCode: code }, 'web bulk action failed');
        results.push(`${code}: ${err instanceof DomainError ? err.message : 'internal error'}`);
      }
    }
    c.set('auditStatus', results.length ? 207 : 200);
    setFlash(c, results.length ? 'err' : 'ok', `${t.done} ${ok}/${selected.length}${results.length ? ` — ${results.join('; ')}` : ''}`);
    return c.redirect(back, 303);
  });

  // ------------------------------------------------------------ unit inbox
  web.get('/inbox', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    const t = DICTS[lang];
    const unitCode = p.role === 'unit' ? p.unitCode! : (c.req.query('unit') ?? p.unitCode ?? '').slice(0, 80);
    const picker = p.role !== 'unit';
    if (unitCode && !canSeeUnit(p, unitCode)) return notFoundPage(c);
    const only = c.req.query('section');
    const cursor = c.req.query('cursor')?.slice(0, 500);
    const defs: { key: string; heading: string; status: Status }[] = [
      { key: 'overdue', heading: t.overdueSection, status: 'overdue' },
      { key: 'due_soon', heading: `${t.dueSection} — ${lang === 'vi' ? 'sắp đến hạn' : 'due soon'}`, status: 'due_soon' },
      { key: 'not_due', heading: t.dueSection, status: 'not_due' },
      { key: 'awaiting_confirmation', heading: t.awaitingSection, status: 'awaiting_confirmation' },
      { key: 'completed_on_time', heading: `${t.doneSection} — ${lang === 'vi' ? 'đúng hạn' : 'on time'}`, status: 'completed_on_time' },
      { key: 'completed_late', heading: `${t.doneSection} — ${lang === 'vi' ? 'trễ hạn' : 'late'}`, status: 'completed_late' },
    ];
    const back = c.req.path + (new URL(c.req.url).search || '');
    const sections: InboxSection[] = unitCode
      ? await Promise.all(
          defs
            .filter((d) => !only || d.key === only)
            .map(async (d) => {
              const list = await listAssignments(deps.sql, p, { unit: unitCode, status: d.status, limit: INBOX_PAGE, cursor: only ? cursor : undefined });
              const more = list.nextCursor
                ? `/web/inbox?${new URLSearchParams({ ...(picker ? { unit: unitCode } : {}), section: d.key, cursor: list.nextCursor })}`
                : null;
              return { key: d.key, heading: d.heading, items: list.items, more };
            }),
        )
      : [];
    return page(
      c,
      `${t.inbox}${unitCode ? ` — ${unit(unitCode)?.[lang === 'en' ? 'nameEn' : 'nameVi'] ?? unitCode}` : ''}`,
      <Inbox lang={lang} principal={p} csrf={c.get('session')!.csrf} unitCode={unitCode} sections={sections} back={back} today={today(deps)} unitPicker={picker} />,
    );
  });

  // ------------------------------------------------------------ one assignment, and acting on it
  web.get('/assignments/:taskId/:unitCode', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    const a = await getAssignment(deps.sql, p, c.req.param('taskId'), c.req.param('unitCode'));
    return page(
      c,
      `${DICTS[lang].assignment}: ${a.taskTitle}`,
      <AssignmentPage lang={lang} temporalUiUrl={deps.temporalUiUrl} principal={p} csrf={c.get('session')!.csrf} a={a} unit={unit} units={unitsNow()} back={c.req.path} today={today(deps)} />,
    );
  });

  web.post('/assignments/:taskId/:unitCode/:action', async (c) => {
    const p = me(c);
    const t = DICTS[c.get('lang')];
    const taskId = c.req.param('taskId');
    const unitCode = c.req.param('unitCode');
    const action = c.req.param('action');
    if (!isActionName(action)) return notFoundPage(c);
    const form = await c.req.parseBody();
    const back = safeReturn(form._return, `/web/assignments/${encodeURIComponent(taskId)}/${encodeURIComponent(unitCode)}`);
    const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const opt = (k: string) => str(k) || undefined;
    const raw: Record<string, unknown> = {
      acknowledge: {},
      progress: { percent: Number(str('percent')), note: str('note') },
      complete: { note: str('note'), evidenceUrl: opt('evidenceUrl'), documentNumber: opt('documentNumber'), documentDate: opt('documentDate') },
      requestExtension: { newDueOn: str('newDueOn'), reason: str('reason') },
      decideExtension: { approve: str('approve') === 'true', note: str('note') },
      reassign: { toUnit: str('toUnit'), reason: str('reason') },
      cancel: { reason: str('reason') },
      confirm: { note: opt('note') },
      return: { reason: str('reason') },
      decline: { reason: str('reason') },
      insist: { note: str('note') },
    }[action];
    const parsed = ACTIONS[action].input.safeParse(raw);
    if (!parsed.success) {
      // A unit that may not see the assignment learns nothing from a validation message: check visibility first.
      await getAssignment(deps.sql, p, taskId, unitCode);
      c.set('auditStatus', 400);
      setFlash(c, 'err', `${t.failed}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
      return c.redirect(back, 303);
    }
    const key = str('_key').slice(0, 100) || undefined;
    try {
      // Parsed with this action's own schema above.
      const command = { action, input: parsed.data } as ActionCommand;
      await actOnAssignment(deps, p, taskId, unitCode, command, key ? `web/${key}` : undefined);
      c.set('auditStatus', 200);
      setFlash(c, 'ok', t.done);
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'not-found') return notFoundPage(c);
      if (!(err instanceof DomainError)) throw err;
      c.set('auditStatus', err.kind === 'forbidden' ? 403 : err.kind === 'conflict' ? 409 : err.kind === 'unavailable' ? 503 : 400);
      setFlash(c, 'err', `${t.failed}: ${err.message}`);
    }
    return c.redirect(back, 303);
  });

  // ------------------------------------------------------------ leader board
  web.get('/board', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    const pageNo = Math.min(10_000, Math.max(0, Number.parseInt(c.req.query('page') ?? '0', 10) || 0));
    const [groups, rates] = await Promise.all([overdueGroups(deps, p, BOARD_PAGE + 1, pageNo * BOARD_PAGE), onTimeByUnit(deps, p, 40)]);
    return page(
      c,
      DICTS[lang].board,
      <Board lang={lang} groups={groups.slice(0, BOARD_PAGE)} rates={rates} unit={unit} today={today(deps)} page={pageNo} more={groups.length > BOARD_PAGE} />,
    );
  });

  // ------------------------------------------------------------ reports
  web.get('/reports', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    const pageNo = Math.min(10_000, Math.max(0, Number.parseInt(c.req.query('page') ?? '0', 10) || 0));
    const { rows, more } = await directivePage(deps, p, { offset: pageNo * 50, limit: 50 });
    return page(
      c,
      DICTS[lang].reports,
      <>
        <ReportList lang={lang} directives={rows} />
        {more ? <a href={`/web/reports?page=${pageNo + 1}`}>{DICTS[lang].next}</a> : null}
      </>,
    );
  });

  const reportData = (c: C, directiveId: string, overdueLimit: number) => directiveReport(deps, me(c), directiveId, overdueLimit);

  web.get('/reports/:id', async (c) => {
    const lang = c.get('lang');
    const r = await reportData(c, c.req.param('id'), 200);
    if (!r) return notFoundPage(c);
    return page(c, `${DICTS[lang].report}: ${r.directive.number}`, <ReportPage lang={lang} r={r} unit={unit} today={today(deps)} />);
  });
  web.get('/reports/:id/report.csv', async (c) => {
    const r = await reportData(c, c.req.param('id'), 20_000);
    if (!r) return notFoundPage(c);
    const name = `${r.directive.id}-${c.get('lang')}.csv`;
    return c.body(reportCsv(c.get('lang'), r, unit, today(deps)), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
    });
  });
  web.get('/reports/:id/report.xlsx', async (c) => {
    const r = await reportData(c, c.req.param('id'), 20_000);
    if (!r) return notFoundPage(c);
    const name = `${r.directive.id}-${c.get('lang')}.xlsx`;
    const buf = await reportXlsx(c.get('lang'), r, unit, today(deps));
    return c.body(new Uint8Array(buf), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${name}"`,
    });
  });

  // ------------------------------------------------------------ admin: one-time sign-in links
  web.get('/magic-links', (c) => {
    const p = me(c);
    const t = DICTS[c.get('lang')];
    if (p.role !== 'admin') return notFoundPage(c);
    return page(
      c,
      t.magicLinks,
      <form method="post" action="/web/magic-links" class="card filters">
        <input type="hidden" name="_csrf" value={c.get('session')!.csrf} />
        <label>
          {t.person}
          <input type="text" name="personId" required maxlength={100} />
        </label>
        <button type="submit">{t.makeLink}</button>
      </form>,
    );
  });
  web.post('/magic-links', async (c) => {
    const p = me(c);
    const t = DICTS[c.get('lang')];
    if (p.role !== 'admin') return notFoundPage(c);
    const form = await c.req.parseBody();
    const token = await makeMagicLink(deps, String(form.personId ?? '').slice(0, 100), p.id);
    if (!token) return notFoundPage(c);
    const link = magicLinkUrl(deps, token);
    return page(
      c,
      t.magicLinks,
      <p>
        {t.linkMade} <code data-testid="magic-link">{link}</code>
      </p>,
    );
  });

  // '/web/' (with the slash) is the landing page too; anything else unknown is 404.
  web.all('*', (c) => (c.req.path === '/web/' && c.req.method === 'GET' ? landing(c) : notFoundPage(c)));

  return web;
}
