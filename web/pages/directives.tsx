/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The directives with their tasks' progress, searchable by text, issuer and overdue. */
import type { DirectiveRow, TaskSummary } from '../../services/dashboard';
import { RollupBar } from '../components/progress-bar';
import { DICTS, fmtDate, groupText, progressText, type Lang } from '../i18n';
import { IMPORT_TEXT } from '../import-text';
import { INBOUND_TEXT } from '../inbound-text';
import { inLanguage } from '../../domain/titles';

export function Directives(props: {
  lang: Lang;
  directives: DirectiveRow[];
  tasks: TaskSummary[];
  issuers: string[];
  filters: { q: string; issuer: string; overdue: boolean };
  /** The page shown, from 1. */
  page: number;
  more: boolean;
  /** Coordinators and admins see the import and draft links. */
  canImport?: boolean;
  /** Coordinators and admins see the EDXML package upload. */
  canReceive?: boolean;
}) {
  const { lang } = props;
  const t = DICTS[lang];
  const qs = (page: number) => {
    const u = new URLSearchParams();
    if (props.filters.q) u.set('q', props.filters.q);
    if (props.filters.issuer) u.set('issuer', props.filters.issuer);
    if (props.filters.overdue) u.set('overdue', '1');
    if (page > 1) u.set('page', String(page));
    return `/web/directives?${u}`;
  };
  return (
    <>
      {props.canReceive ? (
        <p>
          <a href="/web/inbound" data-testid="inbound-link">
            {INBOUND_TEXT[lang].link}
          </a>
        </p>
      ) : null}
      <form method="get" action="/web/directives" class="filters card" role="search" aria-label={t.filters}>
        <label>
          {t.search}
          <input type="search" name="q" value={props.filters.q} />
        </label>
        <label>
          {t.issuer}
          <select name="issuer">
            <option value="">{t.anyIssuer}</option>
            {props.issuers.map((i) => (
              <option value={i} selected={i === props.filters.issuer}>
                {i}
              </option>
            ))}
          </select>
        </label>
        <label style="flex-direction:row;gap:.4rem;align-items:center">
          <input type="checkbox" name="overdue" value="1" checked={props.filters.overdue} />
          {t.onlyOverdue}
        </label>
        <button type="submit">{t.apply}</button>
      </form>
      {props.directives.length === 0 ? <p>{t.none}</p> : null}
      {props.directives.map((d) => {
        const tasks = props.tasks.filter((x) => x.directiveId === d.id);
        return (
          <section class="card" aria-labelledby={`d-${d.id}`} data-directive={d.id}>
            <h2 id={`d-${d.id}`} style="margin-top:0">
              {d.number} — {inLanguage(lang, d.title, d.title_en)}
            </h2>
            <p class="muted">
              {t.source}: {d.issuer}, {t.issuedOn.toLowerCase()} {fmtDate(lang, d.issued_on)}
              {d.url ? (
                <>
                  {' · '}
                  <a href={d.url} rel="noopener noreferrer">
                    {d.url}
                  </a>
                </>
              ) : null}
              {' · '}
              <a href={`/web/reports/${encodeURIComponent(d.id)}`}>{t.report}</a>
              {props.canImport ? (
                <>
                  {' · '}
                  <a href={`/web/directives/${encodeURIComponent(d.id)}/import`}>{IMPORT_TEXT[lang].importLink}</a>
                  {' · '}
                  <a href={`/web/directives/${encodeURIComponent(d.id)}/draft`}>{IMPORT_TEXT[lang].draftLink}</a>
                </>
              ) : null}
            </p>
            {tasks.length === 0 ? <p>{t.noTasks}</p> : null}
            <ul style="list-style:none;padding:0;margin:0">
              {tasks.map((x) => {
                const text = progressText(lang, inLanguage(lang, x.title, x.titleEn), x);
                return (
                  <li style="margin:.5rem 0" data-task={x.taskId}>
                    <a href={`/web/tasks/${encodeURIComponent(x.taskId)}`}>{text}</a>
                    <span class="muted">
                      {' '}
                      · {t.due} {fmtDate(lang, x.dueOn)}
                      {groupText(lang, x.byGroup) ? ` · ${groupText(lang, x.byGroup)}` : ''}
                    </span>
                    <RollupBar r={x} label={text} />
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      <nav aria-label="pages">
        {props.page > 1 ? <a href={qs(props.page - 1)}>{t.prev}</a> : null} {props.more ? <a href={qs(props.page + 1)}>{t.next}</a> : null}
      </nav>
    </>
  );
}
