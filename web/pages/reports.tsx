/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** A directive's report (counts by task and status, the overdue list, downloads) and the list of directives to report on. */
import type { DirectiveReport, DirectiveRow } from '../../services/dashboard';
import type { InboundAttachment } from '../../services/inbound';
import { AttachmentList } from '../components/attachment-list';
import { assignmentHref, daysLate, onTimeRate, onTimeRateDefinition, type UnitLookup } from '../components/assignment-facts';
import { Table } from '../components/table';
import { DICTS, fmtDate, groupText, statusLabel, unitName, type Lang } from '../i18n';
import { inLanguage } from '../../domain/titles';

type ReportData = DirectiveReport;
/** A task's row, or the totals row at the foot. */
type TaskRow = ReportData['totals'] & { taskId: string; title: string; titleEn?: string | null; isTotal?: boolean };

export function ReportPage(props: { lang: Lang; r: ReportData; unit: UnitLookup; today: string; attachments?: InboundAttachment[] }) {
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
      {props.attachments?.length ? (
        <section aria-label={t.attachments}>
          <h2>{t.attachments}</h2>
          <AttachmentList lang={lang} directiveId={r.directive.id} attachments={props.attachments} />
        </section>
      ) : null}
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
        <strong>{groupText(lang, r.totals.byGroup)}</strong> · {t.onTimeRate}:{' '}
        <span data-testid="on-time-rate">{onTimeRate(r.totals)}</span>
      </p>
      <p class="muted" data-testid="on-time-rate-definition">
        {onTimeRateDefinition(lang)}
      </p>
      <h2>{t.byStatus}</h2>
      <Table
        testid="report-tasks"
        rows={r.tasks as TaskRow[]}
        footer={[{ ...r.totals, taskId: '', title: t.total, isTotal: true }]}
        rowAttrs={(x): Record<string, string> => (x.isTotal ? {} : { 'data-task': x.taskId })}
        columns={[
          {
            head: t.task,
            rowHeader: true,
            cell: (x) =>
              x.isTotal ? x.title : <a href={`/web/tasks/${encodeURIComponent(x.taskId)}`}>{inLanguage(lang, x.title, x.titleEn)}</a>,
          },
          { head: t.total, cell: (x) => x.total },
          ...statusCols.map(([s, f]) => ({ head: statusLabel(lang, s), cell: (x: TaskRow) => f(x) })),
          { head: t.byKind, cell: (x) => groupText(lang, x.byGroup) },
          { head: `${t.onTimeRate} (${onTimeRateDefinition(lang)})`, cell: (x) => onTimeRate(x) },
        ]}
      />
      <h2>{t.overdueList}</h2>
      <Table
        testid="report-overdue"
        rows={r.overdue}
        columns={[
          { head: t.unit, cell: (a) => <a href={assignmentHref(a)}>{unitName(lang, props.unit(a.unitCode), a.unitCode)}</a> },
          { head: t.task, cell: (a) => inLanguage(lang, a.taskTitle, a.taskTitleEn) },
          { head: t.dueOn, cell: (a) => fmtDate(lang, a.dueOn) },
          { head: t.daysLate, cell: (a) => daysLate(a, props.today) },
          { head: t.escalation, cell: (a) => a.escalationLevel },
        ]}
      />
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
            {d.number} — {inLanguage(props.lang, d.title, d.title_en)}
          </a>{' '}
          <span class="muted">
            ({t.source}: {d.issuer}, {fmtDate(props.lang, d.issued_on)})
          </span>
        </li>
      ))}
    </ul>
  );
}
