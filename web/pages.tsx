/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The dashboard's pages as server-rendered components; the handlers in routes.tsx fetch and pass the data. */
import type { Principal } from '../services/access';
import type { AssignmentView } from '../services/assignments';
import type { Unit } from '../domain/units';
import { daysBetween, toVnDate } from '../domain/dates';
import { DICTS, eventLabel, fmtDate, fmtInstant, groupText, progressText, statusLabel, unitName, type Lang } from './i18n';
import { Csrf, ProgressBar, StatusBadge } from './layout';
import { actorText, escalationText, timelineSentence } from './timeline-text';
import type { DirectiveReport, DirectiveRow, TaskSummary } from '../services/dashboard';

/** A workflow's page in the Temporal UI (TEMPORAL_UI_URL), or null when no UI is configured. */
export const temporalUrl = (uiUrl: string | null | undefined, workflowId: string) =>
  uiUrl ? `${uiUrl.replace(/\/$/, '')}/namespaces/default/workflows/${encodeURIComponent(workflowId)}` : null;

export function daysLate(a: Pick<AssignmentView, 'status' | 'dueOn' | 'completion'>, today: string): number {
  if (a.status === 'overdue') return Math.max(0, daysBetween(a.dueOn, today));
  if (a.status === 'completed_late' && a.completion) {
    const c = a.completion as { documentDate?: string | null; reportedAt?: number };
    const on = c.documentDate ?? (c.reportedAt ? toVnDate(new Date(c.reportedAt)) : null);
    return on ? Math.max(0, daysBetween(a.dueOn, on)) : 0;
  }
  return 0;
}

export function evidenceOf(a: Pick<AssignmentView, 'completion'>): string | null {
  const url = (a.completion as { evidenceUrl?: string | null } | null)?.evidenceUrl;
  return url && /^https?:\/\//i.test(url) ? url : null;
}

const OPEN = new Set(['not_due', 'due_soon', 'overdue']);

type UnitLookup = (code: string) => Unit | undefined;

// ---------------------------------------------------------------- sign in

export function SignIn(props: { lang: Lang; pre: string; error?: string | null; notice?: string | null; next: string }) {
  const t = DICTS[props.lang];
  return (
    <>
    {props.notice ? (
      <p class="flash ok" role="status">
        {props.notice}
      </p>
    ) : null}
    <form method="post" action="/web/signin" class="card" style="max-width:34rem">
      <input type="hidden" name="_csrf" value={props.pre} />
      <input type="hidden" name="next" value={props.next} />
      {props.error ? (
        <p class="flash err" role="alert">
          {props.error}
        </p>
      ) : null}
      <div class="field">
        <label for="token">{t.token}</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required aria-describedby="token-help" />
        <small id="token-help" class="muted">
          {t.tokenHelp}
        </small>
      </div>
      <button type="submit">{t.signIn}</button>
    </form>
    <form method="post" action="/web/signin/link" class="card" style="max-width:34rem">
      <input type="hidden" name="_csrf" value={props.pre} />
      <h2 style="font-size:1rem">{t.orEmail}</h2>
      <div class="field">
        <label for="email">{t.email}</label>
        <input id="email" name="email" type="email" autocomplete="email" required />
      </div>
      <button type="submit">{t.sendLink}</button>
    </form>
    </>
  );
}

// ---------------------------------------------------------------- directives

export function Directives(props: {
  lang: Lang;
  directives: DirectiveRow[];
  tasks: TaskSummary[];
  issuers: string[];
  filters: { q: string; issuer: string; overdue: boolean };
  page: number;
  more: boolean;
}) {
  const { lang } = props;
  const t = DICTS[lang];
  const qs = (page: number) => {
    const u = new URLSearchParams();
    if (props.filters.q) u.set('q', props.filters.q);
    if (props.filters.issuer) u.set('issuer', props.filters.issuer);
    if (props.filters.overdue) u.set('overdue', '1');
    if (page) u.set('page', String(page));
    return `/web/directives?${u}`;
  };
  return (
    <>
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
              {d.number} — {d.title}
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
            </p>
            {tasks.length === 0 ? <p>{t.noTasks}</p> : null}
            <ul style="list-style:none;padding:0;margin:0">
              {tasks.map((x) => {
                const text = progressText(lang, x.title, x);
                return (
                  <li style="margin:.5rem 0" data-task={x.taskId}>
                    <a href={`/web/tasks/${encodeURIComponent(x.taskId)}`}>{text}</a>
                    <span class="muted">
                      {' '}
                      · {t.due} {fmtDate(lang, x.dueOn)}
                      {groupText(lang, x.byGroup) ? ` · ${groupText(lang, x.byGroup)}` : ''}
                    </span>
                    <ProgressBar total={x.total} onTime={x.completedOnTime} late={x.completedLate} awaiting={x.awaitingConfirmation} overdue={x.overdue} label={text} />
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      <nav aria-label="pages">
        {props.page > 0 ? <a href={qs(props.page - 1)}>{t.prev}</a> : null} {props.more ? <a href={qs(props.page + 1)}>{t.next}</a> : null}
      </nav>
    </>
  );
}

// ---------------------------------------------------------------- task grid

export function TaskPage(props: {
  lang: Lang;
  principal: Principal;
  csrf: string;
  task: { id: string; title: string; directiveId: string; number: string };
  progress: { completed: number; total: number; completedLate: number; overdue: number; completedOnTime: number; awaitingConfirmation: number; byGroup: TaskSummary['byGroup'] };
  items: AssignmentView[];
  nextCursor: string | null;
  status: string;
  statuses: readonly string[];
  units: Unit[];
  unit: UnitLookup;
  today: string;
}) {
  const { lang, principal } = props;
  const t = DICTS[lang];
  const canBulk = principal.role === 'admin' || principal.role === 'coordinator';
  const text = progressText(lang, props.task.title, props.progress);
  const grid = (
    <div class="table-wrap">
      <table data-testid="unit-grid">
        <caption class="muted" style="text-align:left">
          {groupText(lang, props.progress.byGroup)}
        </caption>
        <thead>
          <tr>
            {canBulk ? <th scope="col">{t.select}</th> : null}
            <th scope="col">{t.unit}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.dueOn}</th>
            <th scope="col">{t.daysLate}</th>
            <th scope="col">{t.lastNote}</th>
            <th scope="col">{t.evidence}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((a) => {
            const name = unitName(lang, props.unit(a.unitCode), a.unitCode);
            const ev = evidenceOf(a);
            return (
              <tr data-unit={a.unitCode} data-status={a.status}>
                {canBulk ? (
                  <td>
                    <input type="checkbox" name="units" value={a.unitCode} id={`u-${a.unitCode}`} aria-label={`${t.select} ${name}`} />
                  </td>
                ) : null}
                <td>
                  <a href={`/web/assignments/${encodeURIComponent(a.taskId)}/${encodeURIComponent(a.unitCode)}`}>{name}</a>
                </td>
                <td>
                  <StatusBadge lang={lang} status={a.status} label={statusLabel(lang, a.status)} />
                  {a.pendingExtension ? <span class="muted"> · {t.pendingExtension}</span> : null}
                </td>
                <td>{fmtDate(lang, a.dueOn)}</td>
                <td>{daysLate(a, props.today) || ''}</td>
                <td>{a.progressNote ? `${a.progressPercent ?? ''}${a.progressPercent !== null ? '% · ' : ''}${a.progressNote}` : a.progressPercent !== null ? `${a.progressPercent}%` : ''}</td>
                <td>
                  {ev ? (
                    <a href={ev} rel="noopener noreferrer">
                      {t.evidence}
                    </a>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
  return (
    <>
      <p>
        <a href={`/web/directives?q=${encodeURIComponent(props.task.directiveId)}`}>{props.task.number}</a>
      </p>
      <p data-testid="task-progress">
        <strong>{text}</strong>
      </p>
      <ProgressBar
        total={props.progress.total}
        onTime={props.progress.completedOnTime}
        late={props.progress.completedLate}
        awaiting={props.progress.awaitingConfirmation}
        overdue={props.progress.overdue}
        label={text}
      />
      <form method="get" class="filters" style="margin:.75rem 0" aria-label={t.filters}>
        <label>
          {t.status}
          <select name="status">
            <option value="">{t.anyStatus}</option>
            {props.statuses.map((s) => (
              <option value={s} selected={s === props.status}>
                {statusLabel(lang, s)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t.apply}</button>
      </form>
      {canBulk ? (
        <form method="post" action={`/web/tasks/${encodeURIComponent(props.task.id)}/bulk`}>
          <Csrf token={props.csrf} />
          {grid}
          <fieldset class="card">
            <legend>{t.bulkActions}</legend>
            <p class="muted">{t.remindNote}</p>
            <div class="filters">
              <label>
                {t.action}
                <select name="action" required>
                  <option value="extend">{t.extend}</option>
                  <option value="cancel">{t.cancel}</option>
                  <option value="reassign">{t.reassign}</option>
                </select>
              </label>
              <label>
                {t.newDueOn}
                <input type="date" name="newDueOn" />
              </label>
              <label>
                {t.toUnit}
                <select name="toUnit">
                  <option value="">—</option>
                  {props.units.map((u) => (
                    <option value={u.code}>{unitName(lang, u, u.code)}</option>
                  ))}
                </select>
              </label>
              <label>
                {t.reason}
                <input type="text" name="reason" maxlength={2000} />
              </label>
              <button type="submit">{t.run}</button>
            </div>
          </fieldset>
        </form>
      ) : (
        grid
      )}
      {props.nextCursor ? (
        <nav aria-label="pages">
          <a href={`?${new URLSearchParams({ ...(props.status ? { status: props.status } : {}), cursor: props.nextCursor })}`}>{t.next}</a>
        </nav>
      ) : null}
    </>
  );
}

// ---------------------------------------------------------------- assignment action forms

function Hidden(props: { csrf: string; back: string }) {
  return (
    <>
      <Csrf token={props.csrf} />
      <input type="hidden" name="_return" value={props.back} />
      <input type="hidden" name="_key" value={crypto.randomUUID()} />
    </>
  );
}

/** The forms a principal may use on one assignment now. */
export function ActionForms(props: { lang: Lang; principal: Principal; csrf: string; a: AssignmentView; back: string; units?: Unit[] }) {
  const { lang, principal, a } = props;
  const t = DICTS[lang];
  const base = `/web/assignments/${encodeURIComponent(a.taskId)}/${encodeURIComponent(a.unitCode)}`;
  const id = (name: string) => `${name}-${a.taskId}-${a.unitCode}`;
  const role = principal.role;
  const actsAsUnit = role === 'unit' || role === 'coordinator' || role === 'admin';
  const decides = role === 'coordinator' || role === 'admin' || role === 'leader';
  const open = OPEN.has(a.status);
  const forms = [];
  if (actsAsUnit && open && !a.acknowledged) {
    forms.push(
      <form method="post" action={`${base}/acknowledge`} class="grid-form">
        <Hidden csrf={props.csrf} back={props.back} />
        <button type="submit">{t.acknowledge}</button>
      </form>,
    );
  }
  if (actsAsUnit && open) {
    forms.push(
      <form method="post" action={`${base}/progress`} class="grid-form" aria-label={t.reportProgress}>
        <Hidden csrf={props.csrf} back={props.back} />
        <strong>{t.reportProgress}</strong>
        <div class="field">
          <label for={id('pct')}>{t.percent}</label>
          <input id={id('pct')} name="percent" type="number" min={0} max={100} required value={String(a.progressPercent ?? 0)} />
        </div>
        <div class="field">
          <label for={id('pnote')}>{t.note}</label>
          <textarea id={id('pnote')} name="note" rows={2} maxlength={2000} />
        </div>
        <button type="submit">{t.send}</button>
      </form>,
    );
    if (!a.pendingExtension) {
      forms.push(
        <form method="post" action={`${base}/requestExtension`} class="grid-form" aria-label={t.requestExtension}>
          <Hidden csrf={props.csrf} back={props.back} />
          <strong>{t.requestExtension}</strong>
          <div class="field">
            <label for={id('newdue')}>{t.newDueOn}</label>
            <input id={id('newdue')} name="newDueOn" type="date" required />
          </div>
          <div class="field">
            <label for={id('xreason')}>{t.reason}</label>
            <textarea id={id('xreason')} name="reason" rows={2} required maxlength={2000} />
          </div>
          <button type="submit">{t.send}</button>
        </form>,
      );
    }
    forms.push(
      <form method="post" action={`${base}/complete`} class="grid-form" aria-label={t.complete}>
        <Hidden csrf={props.csrf} back={props.back} />
        <strong>{t.complete}</strong>
        <div class="field">
          <label for={id('ev')}>{t.evidenceUrl}</label>
          <input id={id('ev')} name="evidenceUrl" type="url" placeholder="https://" />
        </div>
        <div class="field">
          <label for={id('docno')}>{t.documentNumber}</label>
          <input id={id('docno')} name="documentNumber" type="text" maxlength={100} />
        </div>
        <div class="field">
          <label for={id('docdate')}>{t.documentDate}</label>
          <input id={id('docdate')} name="documentDate" type="date" />
        </div>
        <div class="field">
          <label for={id('cnote')}>{t.note}</label>
          <textarea id={id('cnote')} name="note" rows={2} maxlength={5000} />
        </div>
        <button type="submit">{t.complete}</button>
      </form>,
    );
  }
  if (decides && a.pendingExtension) {
    const pe = a.pendingExtension as { newDueOn?: string; reason?: string };
    forms.push(
      <form method="post" action={`${base}/decideExtension`} class="grid-form" aria-label={t.decision}>
        <Hidden csrf={props.csrf} back={props.back} />
        <strong>{t.decision}</strong>
        <p>
          {t.pendingExtension}: {fmtDate(lang, pe.newDueOn)} — {pe.reason}
        </p>
        <div class="field">
          <label for={id('dnote')}>{t.note}</label>
          <input id={id('dnote')} name="note" type="text" maxlength={2000} />
        </div>
        <button type="submit" name="approve" value="true">
          {t.approve}
        </button>{' '}
        <button type="submit" name="approve" value="false" class="secondary">
          {t.reject}
        </button>
      </form>,
    );
  }
  if (decides && a.status === 'awaiting_confirmation') {
    forms.push(
      <form method="post" action={`${base}/confirm`} class="grid-form">
        <Hidden csrf={props.csrf} back={props.back} />
        <button type="submit">{t.confirm}</button>
      </form>,
      <form method="post" action={`${base}/return`} class="grid-form" aria-label={t.returnIt}>
        <Hidden csrf={props.csrf} back={props.back} />
        <div class="field">
          <label for={id('rreason')}>{t.reason}</label>
          <input id={id('rreason')} name="reason" type="text" required maxlength={2000} />
        </div>
        <button type="submit" class="secondary">
          {t.returnIt}
        </button>
      </form>,
    );
  }
  if ((role === 'coordinator' || role === 'admin') && (open || a.status === 'awaiting_confirmation') && props.units) {
    forms.push(
      <form method="post" action={`${base}/cancel`} class="grid-form" aria-label={t.cancel}>
        <Hidden csrf={props.csrf} back={props.back} />
        <strong>{t.cancel}</strong>
        <div class="field">
          <label for={id('creason')}>{t.reason}</label>
          <input id={id('creason')} name="reason" type="text" required maxlength={2000} />
        </div>
        <button type="submit" class="secondary">
          {t.cancel}
        </button>
      </form>,
      <form method="post" action={`${base}/reassign`} class="grid-form" aria-label={t.reassign}>
        <Hidden csrf={props.csrf} back={props.back} />
        <strong>{t.reassign}</strong>
        <div class="field">
          <label for={id('to')}>{t.toUnit}</label>
          <select id={id('to')} name="toUnit" required>
            {props.units.map((u) => (
              <option value={u.code}>{unitName(lang, u, u.code)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={id('rareason')}>{t.reason}</label>
          <input id={id('rareason')} name="reason" type="text" maxlength={2000} />
        </div>
        <button type="submit" class="secondary">
          {t.reassign}
        </button>
      </form>,
    );
  }
  if (forms.length === 0) return null;
  return <div class="actions">{forms}</div>;
}

// ---------------------------------------------------------------- unit inbox

export interface InboxSection {
  key: string;
  heading: string;
  items: AssignmentView[];
  more: string | null;
}

export function Inbox(props: { lang: Lang; principal: Principal; csrf: string; unitCode: string; sections: InboxSection[]; back: string; today: string; unitPicker: boolean }) {
  const { lang } = props;
  const t = DICTS[lang];
  return (
    <>
      {props.unitPicker ? (
        <form method="get" class="filters card" aria-label={t.chooseUnit}>
          <label>
            {t.chooseUnit}
            <input type="text" name="unit" value={props.unitCode} required />
          </label>
          <button type="submit">{t.show}</button>
        </form>
      ) : null}
      {props.sections.map((s) => (
        <section aria-labelledby={`s-${s.key}`} data-section={s.key}>
          <h2 id={`s-${s.key}`}>
            {s.heading} ({s.items.length}
            {s.more ? '+' : ''})
          </h2>
          {s.items.length === 0 ? <p class="muted">{t.none}</p> : null}
          {s.items.map((a) => (
            <article class="card" data-assignment={`${a.taskId}/${a.unitCode}`}>
              <p style="margin:0">
                <a href={`/web/assignments/${encodeURIComponent(a.taskId)}/${encodeURIComponent(a.unitCode)}`}>
                  <strong>{a.taskTitle}</strong>
                </a>{' '}
                <StatusBadge lang={lang} status={a.status} label={statusLabel(lang, a.status)} />
              </p>
              <p class="muted" style="margin:.25rem 0">
                {t.dueOn}: {fmtDate(lang, a.dueOn)}
                {daysLate(a, props.today) ? ` · ${t.daysLate}: ${daysLate(a, props.today)}` : ''}
                {a.acknowledged ? ` · ${t.acknowledged}` : ''}
                {a.progressPercent !== null ? ` · ${a.progressPercent}%` : ''}
                {a.progressNote ? ` · ${a.progressNote}` : ''}
                {a.pendingExtension ? ` · ${t.pendingExtension}: ${fmtDate(lang, (a.pendingExtension as { newDueOn?: string }).newDueOn)}` : ''}
              </p>
              {OPEN.has(a.status) ? (
                <details>
                  <summary>{t.action}</summary>
                  <ActionForms lang={lang} principal={props.principal} csrf={props.csrf} a={a} back={props.back} />
                </details>
              ) : null}
            </article>
          ))}
          {s.more ? <a href={s.more}>{t.next}</a> : null}
        </section>
      ))}
    </>
  );
}

// ---------------------------------------------------------------- assignment

export function AssignmentPage(props: {
  lang: Lang;
  temporalUiUrl?: string | null;
  principal: Principal;
  csrf: string;
  a: AssignmentView & { timeline: { seq: number; workflowId: string; kind: string; at: string; actor: Record<string, unknown>; status: string; data: Record<string, unknown> }[] };
  unit: UnitLookup;
  units: Unit[];
  back: string;
  today: string;
}) {
  const { lang, a } = props;
  const t = DICTS[lang];
  const ev = evidenceOf(a);
  return (
    <>
      <dl class="card" style="display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0">
        <dt>{t.task}</dt>
        <dd style="margin:0">
          <a href={`/web/tasks/${encodeURIComponent(a.taskId)}`}>{a.taskTitle}</a>
        </dd>
        <dt>{t.unit}</dt>
        <dd style="margin:0">{unitName(lang, props.unit(a.unitCode), a.unitCode)}</dd>
        <dt>{t.status}</dt>
        <dd style="margin:0" data-testid="status">
          <StatusBadge lang={lang} status={a.status} label={statusLabel(lang, a.status)} />
        </dd>
        <dt>{t.dueOn}</dt>
        <dd style="margin:0" data-testid="due">
          {fmtDate(lang, a.dueOn)}
          {a.originalDueOn !== a.dueOn ? ` (${fmtDate(lang, a.originalDueOn)})` : ''}
        </dd>
        <dt>{t.daysLate}</dt>
        <dd style="margin:0">{daysLate(a, props.today)}</dd>
        <dt>{t.escalation}</dt>
        <dd style="margin:0">
          {escalationText(lang, a.escalationLevel, a.escalationRung)}
        </dd>
        <dt>{t.lastNote}</dt>
        <dd style="margin:0">
          {a.progressPercent !== null ? `${a.progressPercent}% ` : ''}
          {a.progressNote ?? ''}
        </dd>
        <dt>{t.evidence}</dt>
        <dd style="margin:0">
          {ev ? (
            <a href={ev} rel="noopener noreferrer">
              {ev}
            </a>
          ) : (
            '—'
          )}
        </dd>
        <dt>Workflow</dt>
        <dd style="margin:0">
          {props.temporalUiUrl ? (
            <a href={temporalUrl(props.temporalUiUrl, a.workflowId)!} rel="noopener" data-testid="temporal-link">
              {t.temporalLink}
            </a>
          ) : null}{' '}
          <code>{a.workflowId}</code>
        </dd>
      </dl>
      <h2>{t.action}</h2>
      <ActionForms lang={lang} principal={props.principal} csrf={props.csrf} a={a} back={props.back} units={props.units} />
      <h2>{t.timeline}</h2>
      <div class="table-wrap">
        <table data-testid="timeline">
          <thead>
            <tr>
              <th scope="col">{t.when}</th>
              <th scope="col">{t.event}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.by}</th>
              <th scope="col">{t.details}</th>
            </tr>
          </thead>
          <tbody>
            {a.timeline.map((e) => (
              <tr>
                <td>{fmtInstant(lang, e.at)}</td>
                <td data-kind={e.kind}>{eventLabel(lang, e.kind)}</td>
                <td>{statusLabel(lang, e.status)}</td>
                <td>{actorText(lang, e.actor)}</td>
                <td>{timelineSentence(lang, e, (code) => unitName(lang, props.unit(code), code))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

// ---------------------------------------------------------------- leader board

export function Board(props: {
  lang: Lang;
  groups: { unit_code: string; directive_id: string; number: string; count: number; max_level: number; oldest_due: string }[];
  rates: { unit_code: string; on_time: number; completed: number }[];
  unit: UnitLookup;
  today: string;
  page: number;
  more: boolean;
}) {
  const { lang } = props;
  const t = DICTS[lang];
  const rowH = 22;
  const labelW = 230;
  const chartW = 640;
  // Room on the right for "100% (123/456)".
  const barW = chartW - labelW - 110;
  const height = props.rates.length * rowH + 10;
  return (
    <>
      <h2 id="rate-h">{t.onTimeByUnit}</h2>
      {props.rates.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <svg
          role="img"
          aria-labelledby="rate-h rate-desc"
          viewBox={`0 0 ${chartW} ${height}`}
          width="100%"
          style={`max-width:${chartW}px`}
          data-testid="rate-chart"
        >
          <desc id="rate-desc">
            {props.rates.map((r) => `${unitName(lang, props.unit(r.unit_code), r.unit_code)}: ${Math.round((100 * r.on_time) / r.completed)}%`).join('; ')}
          </desc>
          {props.rates.map((r, i) => {
            const rate = r.completed ? r.on_time / r.completed : 0;
            const y = 5 + i * rowH;
            return (
              <g>
                <text x={labelW - 6} y={y + 14} text-anchor="end" font-size="12" fill="#1a1a1a">
                  {unitName(lang, props.unit(r.unit_code), r.unit_code).slice(0, 34)}
                </text>
                <rect x={labelW} y={y + 2} width={barW} height={rowH - 6} fill="#e3e6ea" />
                <rect x={labelW} y={y + 2} width={Math.round(barW * rate)} height={rowH - 6} fill={rate >= 0.8 ? '#17663a' : rate >= 0.5 ? '#8a5a00' : '#a4161a'} />
                <text x={labelW + barW + 6} y={y + 14} font-size="12" fill="#1a1a1a">
                  {`${Math.round(rate * 100)}% (${r.on_time}/${r.completed})`}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      <h2>{t.overdueByUnit}</h2>
      {props.groups.length === 0 ? <p>{t.none}</p> : null}
      <div class="table-wrap">
        <table data-testid="overdue-groups">
          <thead>
            <tr>
              <th scope="col">{t.unit}</th>
              <th scope="col">{t.directives}</th>
              <th scope="col">{t.count}</th>
              <th scope="col">{t.escalation}</th>
              <th scope="col">{t.maxDaysLate}</th>
            </tr>
          </thead>
          <tbody>
            {props.groups.map((g) => (
              <tr>
                <td>
                  <a href={`/web/inbox?unit=${encodeURIComponent(g.unit_code)}`}>{unitName(lang, props.unit(g.unit_code), g.unit_code)}</a>
                </td>
                <td>
                  <a href={`/web/reports/${encodeURIComponent(g.directive_id)}`}>{g.number}</a>
                </td>
                <td>{g.count}</td>
                <td>{g.max_level}</td>
                <td>{Math.max(0, daysBetween(g.oldest_due, props.today))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="pages">
        {props.page > 0 ? <a href={`/web/board?page=${props.page - 1}`}>{t.prev}</a> : null}{' '}
        {props.more ? <a href={`/web/board?page=${props.page + 1}`}>{t.next}</a> : null}
      </nav>
    </>
  );
}

// ---------------------------------------------------------------- reports

export type ReportData = DirectiveReport;

export function onTimeRate(x: { completed: number; completedOnTime: number }): string {
  return x.completed ? `${Math.round((100 * x.completedOnTime) / x.completed)}%` : '—';
}

export function ReportPage(props: { lang: Lang; r: ReportData; unit: UnitLookup; today: string }) {
  const { lang, r } = props;
  const t = DICTS[lang];
  const id = encodeURIComponent(r.directive.id);
  const statusCols: [string, (x: ReportData['totals']) => number][] = [
    ['completed_on_time', (x) => x.completedOnTime],
    ['completed_late', (x) => x.completedLate],
    ['awaiting_confirmation', (x) => x.awaitingConfirmation],
    ['not_due', (x) => x.notDue],
    ['overdue', (x) => x.overdue],
    ['cancelled', (x) => x.cancelled],
  ];
  return (
    <>
      <p class="muted">
        {t.source}: {r.directive.issuer}, {fmtDate(lang, r.directive.issued_on)}
      </p>
      <p>
        <a href={`/web/reports/${id}/report.csv?lang=${lang}`} download>
          {t.downloadCsv}
        </a>{' '}
        ·{' '}
        <a href={`/web/reports/${id}/report.xlsx?lang=${lang}`} download data-testid="xlsx">
          {t.downloadXlsx}
        </a>
      </p>
      <p data-testid="report-groups">
        <strong>{groupText(lang, r.totals.byGroup)}</strong> · {t.onTimeRate}: {onTimeRate(r.totals)}
      </p>
      <h2>{t.byStatus}</h2>
      <div class="table-wrap">
        <table data-testid="report-tasks">
          <thead>
            <tr>
              <th scope="col">{t.task}</th>
              <th scope="col">{t.total}</th>
              {statusCols.map(([s]) => (
                <th scope="col">{statusLabel(lang, s)}</th>
              ))}
              <th scope="col">{t.byKind}</th>
              <th scope="col">{t.onTimeRate}</th>
            </tr>
          </thead>
          <tbody>
            {r.tasks.map((x) => (
              <tr data-task={x.taskId}>
                <th scope="row">
                  <a href={`/web/tasks/${encodeURIComponent(x.taskId)}`}>{x.title}</a>
                </th>
                <td>{x.total}</td>
                {statusCols.map(([, f]) => (
                  <td>{f(x)}</td>
                ))}
                <td>{groupText(lang, x.byGroup)}</td>
                <td>{onTimeRate(x)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t.total}</th>
              <td>{r.totals.total}</td>
              {statusCols.map(([, f]) => (
                <td>{f(r.totals)}</td>
              ))}
              <td>{groupText(lang, r.totals.byGroup)}</td>
              <td>{onTimeRate(r.totals)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <h2>{t.overdueList}</h2>
      <div class="table-wrap">
        <table data-testid="report-overdue">
          <thead>
            <tr>
              <th scope="col">{t.unit}</th>
              <th scope="col">{t.task}</th>
              <th scope="col">{t.dueOn}</th>
              <th scope="col">{t.daysLate}</th>
              <th scope="col">{t.escalation}</th>
            </tr>
          </thead>
          <tbody>
            {r.overdue.map((a) => (
              <tr>
                <td>
                  <a href={`/web/assignments/${encodeURIComponent(a.taskId)}/${encodeURIComponent(a.unitCode)}`}>{unitName(lang, props.unit(a.unitCode), a.unitCode)}</a>
                </td>
                <td>{a.taskTitle}</td>
                <td>{fmtDate(lang, a.dueOn)}</td>
                <td>{daysLate(a, props.today)}</td>
                <td>{a.escalationLevel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.overdueMore ? <p class="muted">…</p> : null}
    </>
  );
}

export function ReportList(props: { lang: Lang; directives: DirectiveRow[] }) {
  const t = DICTS[props.lang];
  return (
    <ul>
      {props.directives.map((d) => (
        <li>
          <a href={`/web/reports/${encodeURIComponent(d.id)}`}>
            {d.number} — {d.title}
          </a>{' '}
          <span class="muted">
            ({t.source}: {d.issuer}, {fmtDate(props.lang, d.issued_on)})
          </span>
        </li>
      ))}
    </ul>
  );
}
