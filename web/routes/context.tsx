/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** What every web route module shares: the app's typed context, the page frame, flash messages, cookies, who is signed in. */
import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Principal } from '../../services/access';
import type { AppDeps } from '../../services/deps';
import type { WebSession } from '../../services/web-sessions';
import { toVnDate } from '../../domain/dates';
import { isValidOn } from '../../domain/units';
import { Layout } from '../components/layout';
import { DICTS, type Lang } from '../i18n';

export type WebEnv = {
  Variables: {
    requestId: string;
    lang: Lang;
    session: WebSession | null;
    auditStatus?: number;
    /** The signed-in unit officer's unit, by name in the reader's language (the page header shows it). */
    unitName?: string;
  };
};
export type WebContext = Context<WebEnv>;
export type WebApp = Hono<WebEnv>;

const FLASH_COOKIE = 'dd_flash';

const secure = (c: WebContext) => new URL(c.req.url).protocol === 'https:';

export function cookieOptions(c: WebContext, maxAge?: number) {
  return { httpOnly: true, sameSite: 'Lax' as const, path: '/', secure: secure(c), ...(maxAge !== undefined ? { maxAge } : {}) };
}

export function langCookie(c: WebContext, lang: Lang) {
  setCookie(c, 'lang', lang, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400, secure: secure(c) });
}

/** A same-site return path under /web, or the fallback. */
export function safeReturn(value: unknown, fallback: string): string {
  const s = typeof value === 'string' ? value : '';
  return /^\/web(\/|$|\?)/.test(s) && !s.startsWith('//') && !/[\r\n\\]/.test(s) ? s : fallback;
}

export function setFlash(c: WebContext, kind: 'ok' | 'err', text: string) {
  const value = Buffer.from(JSON.stringify({ kind, text: text.slice(0, 500) })).toString('base64url');
  setCookie(c, FLASH_COOKIE, value, cookieOptions(c, 60));
}

function takeFlash(c: WebContext): { kind: 'ok' | 'err'; text: string } | null {
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

/** A page in the frame, with the flash left by the previous redirect. */
/** The statuses a page answers with: a refused upload says its own (413 too large, 415 not the type, 422 unusable…). */
export type PageStatus = 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502 | 503;

export function page(c: WebContext, title: string, body: Child, status: PageStatus = 200) {
  const s = c.get('session');
  const path = c.req.path + (new URL(c.req.url).search || '');
  return c.html(
    <Layout
      lang={c.get('lang') ?? 'vi'}
      title={title}
      principal={s?.principal}
      unitName={c.get('unitName')}
      csrf={s?.csrf}
      path={path}
      flash={takeFlash(c)}
    >
      {body}
    </Layout>,
    status,
  );
}

export const notFoundPage = (c: WebContext) => {
  const t = DICTS[c.get('lang') ?? 'vi'];
  return page(c, t.notFound, <p>{t.notFoundText}</p>, 404);
};

/** The signed-in principal; only on routes behind the session check. */
export const me = (c: WebContext): Principal => c.get('session')!.principal;
export const csrfOf = (c: WebContext): string => c.get('session')!.csrf;

export const landingOf = (p: Principal) => (p.role === 'unit' ? '/web/inbox' : p.role === 'leader' ? '/web/board' : '/web/directives');

/** A page number from the query, bounded. */
export const pageNumber = (c: WebContext) => Math.min(10_000, Math.max(0, Number.parseInt(c.req.query('page') ?? '0', 10) || 0));

/** What route modules need from the dependencies, with the unit lookups and today's date in Vietnam. */
export interface WebDeps {
  deps: AppDeps;
  unit: (code: string) => ReturnType<AppDeps['units']['get']>;
  /** Units valid today that may be assigned work (the Government Office itself is not one). */
  unitsNow: () => ReturnType<AppDeps['units']['all']>;
  today: () => string;
}

export function webDeps(deps: AppDeps): WebDeps {
  const today = () => toVnDate(new Date(deps.now?.() ?? Date.now()));
  return {
    deps,
    unit: (code) => deps.units.get(code),
    unitsNow: () => deps.units.all().filter((u) => isValidOn(u, today()) && u.kind !== 'government_office'),
    today,
  };
}
