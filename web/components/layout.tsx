/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The page frame: skip link, header with navigation and language switch, one small stylesheet. */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Principal } from '../../services/access';
import { DICTS, type Lang } from '../i18n';
import { mayRun } from '../../services/use-cases';

export const CSS = `
:root{--fg:#1a1a1a;--muted:#4a4a4a;--bg:#fff;--line:#c8c8c8;--accent:#0b4f9c;--ok:#17663a;--warn:#8a5a00;--bad:#a4161a;--info:#2b4c7e;--soft:#f3f5f8}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #f0b400;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:9}
header{background:var(--accent);color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center}
header a{color:#fff}header a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}header nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header .who{margin-left:auto;display:flex;gap:.75rem;align-items:center;flex-wrap:wrap}
header button{background:transparent;color:#fff;border:1px solid #fff;border-radius:4px;padding:.15rem .6rem;cursor:pointer}
main{padding:1rem;max-width:1200px;margin:0 auto}
h1{font-size:1.5rem;margin:.25rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:var(--soft)}
.table-wrap{overflow-x:auto}
.muted{color:var(--muted)}
.card{border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}
.bar{background:#e3e6ea;border-radius:4px;height:.9rem;display:flex;overflow:hidden;min-width:8rem}
.bar span{display:block;height:100%}
.b-ok{background:var(--ok)}.b-late{background:var(--warn)}.b-wait{background:var(--info)}.b-bad{background:var(--bad)}
.st{display:inline-block;padding:0 .4rem;border-radius:4px;font-size:.875rem;color:#fff;white-space:nowrap}
.st-completed_on_time{background:var(--ok)}.st-completed_late{background:var(--warn)}.st-overdue{background:var(--bad)}
.st-awaiting_confirmation{background:var(--info)}.st-due_soon{background:#6b4e00}.st-not_due{background:#555}.st-cancelled,.st-reassigned{background:#767676}
form.inline{display:inline}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}
.filters label,.field{display:flex;flex-direction:column;font-size:.9rem}
.field{margin:.35rem 0}
input,select,textarea,button{font:inherit}
input,select,textarea{border:1px solid #767676;border-radius:4px;padding:.3rem .4rem}
button{background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.35rem .8rem;cursor:pointer}
a.button{display:inline-block;background:var(--accent);color:#fff;border-radius:4px;padding:.35rem .8rem;text-decoration:none}
button.secondary{background:#fff;color:var(--accent);border:1px solid var(--accent)}
.flash{padding:.5rem .75rem;border-radius:4px;margin:.5rem 0}.flash.ok{background:#e5f4ea}.flash.err{background:#fbe9e9}
details{margin:.25rem 0}summary{cursor:pointer;color:var(--accent)}
.actions{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.5rem 1rem}
.grid-form{border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem}
ol.timeline{padding-left:1.25rem}
@media (max-width:640px){main{padding:.5rem}th,td{padding:.25rem}header .who{margin-left:0}}
`;

export interface PageProps {
  lang: Lang;
  title: string;
  principal?: Principal | null;
  /** The signed-in unit officer's unit by name (the header says it instead of its code). */
  unitName?: string;
  csrf?: string;
  path: string;
  flash?: { kind: 'ok' | 'err'; text: string } | null;
  children?: Child;
}

function langHref(path: string, lang: Lang): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', lang);
  return url.pathname + url.search;
}

export function Layout(props: PageProps) {
  const t = DICTS[props.lang];
  const p = props.principal;
  const other: Lang = props.lang === 'vi' ? 'en' : 'vi';
  const here = (href: string) => (props.path.split('?')[0]!.startsWith(href) ? 'page' : undefined);
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={props.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · dondoc`}</title>
          <link rel="stylesheet" href="/web/style.css" />
        </head>
        <body>
          <a class="skip" href="#main">
            {t.skip}
          </a>
          <header>
            <strong>dondoc</strong>
            {p ? (
              <nav aria-label="main">
                <a href="/web/directives" aria-current={here('/web/directives')}>
                  {t.directives}
                </a>
                {p.role === 'unit' || p.unitCode ? (
                  <a href="/web/inbox" aria-current={here('/web/inbox')}>
                    {t.inbox}
                  </a>
                ) : null}
                {p.role !== 'unit' ? (
                  <a href="/web/board" aria-current={here('/web/board')}>
                    {t.board}
                  </a>
                ) : null}
                <a href="/web/reports" aria-current={here('/web/reports')}>
                  {t.reports}
                </a>
                {mayRun(p, 'watchBatchRuns') ? (
                  <a href="/web/batches" aria-current={here('/web/batches')}>
                    {t.batchRuns}
                  </a>
                ) : null}
                <a href="/web/acting" aria-current={here('/web/acting')}>
                  {props.lang === 'vi' ? 'Ủy quyền' : 'Acting officers'}
                </a>
                {mayRun(p, 'makeMagicLinks') ? (
                  <a href="/web/magic-links" aria-current={here('/web/magic-links')}>
                    {t.magicLinks}
                  </a>
                ) : null}
              </nav>
            ) : null}
            <div class="who">
              <a href={langHref(props.path, other)} lang={other} hreflang={other}>
                {other === 'en' ? 'English' : 'Tiếng Việt'}
              </a>
              {p ? (
                <>
                  <span>
                    {t.signedInAs} <strong data-testid="who">{p.id}</strong> ({t.roleNames[p.role] ?? p.role}
                    {p.unitCode ? ` · ${props.unitName ?? p.unitCode}` : ''})
                  </span>
                  <form method="post" action="/web/signout" class="inline">
                    <input type="hidden" name="_csrf" value={props.csrf ?? ''} />
                    <button type="submit">{t.signOut}</button>
                  </form>
                </>
              ) : null}
            </div>
          </header>
          <main id="main">
            <h1>{props.title}</h1>
            {props.flash ? (
              <p class={`flash ${props.flash.kind}`} role={props.flash.kind === 'err' ? 'alert' : 'status'}>
                {props.flash.text}
              </p>
            ) : null}
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}
