/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** One assignment: its facts, the actions the reader may take now, and its timeline in words. */
import type { ActingToday } from '../../services/acting';
import { Absences } from '../components/absences';
import { DueDate } from '../components/due-date';
import type { Principal } from '../../services/access';
import type { AssignmentView } from '../../services/assignments';
import type { AssignmentEventView } from '../../services/types';
import type { SubtreeView } from '../../services/rollups';
import type { Unit } from '../../domain/units';
import { ActionForms } from '../components/action-forms';
import { daysLate, evidenceOf, temporalUrl, type UnitLookup } from '../components/assignment-facts';
import { StatusBadge } from '../components/status-badge';
import { PassOnForm, SubAssignments } from '../components/sub-assignments';
import { Table } from '../components/table';
import { DICTS, eventLabel, fmtDate, fmtInstant, statusLabel, unitName, type Lang } from '../i18n';
import { actorText, escalationText, timelineSentence } from '../timeline-text';
import { inLanguage } from '../../domain/titles';
import { mayRun } from '../../services/use-cases';

export function AssignmentPage(props: {
  lang: Lang;
  temporalUiUrl?: string | null;
  principal: Principal;
  csrf: string;
  a: AssignmentView & { timeline: Pick<AssignmentEventView, 'seq' | 'workflowId' | 'kind' | 'at' | 'actor' | 'status' | 'data'>[] };
  below: SubtreeView;
  /** The units the reader may pass the assignment on to, or null when it may not pass it on. */
  candidates: Unit[] | null;
  /** The holder's search among the units below it, if any. */
  unitSearch?: string;
  unit: UnitLookup;
  units: Unit[];
  back: string;
  today: string;
  /** Who of the unit is away today and who acts for them. */
  absences?: ActingToday[];
}) {
  const { lang, a } = props;
  const t = DICTS[lang];
  const ev = evidenceOf(a);
  return (
    <>
      <Absences lang={lang} absences={props.absences ?? []} />
      <dl class="card" style="display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0">
        <dt>{t.task}</dt>
        <dd style="margin:0">
          <a href={`/web/tasks/${encodeURIComponent(a.taskId)}`}>{inLanguage(lang, a.taskTitle, a.taskTitleEn)}</a>
        </dd>
        <dt>{t.unit}</dt>
        <dd style="margin:0" data-testid="unit">
          {unitName(lang, props.unit(a.unitCode), a.unitCode)} ({a.role === 'lead' ? t.roleLead : t.roleCooperating})
          {a.answersTo ? ` · ${t.answersTo}: ${unitName(lang, props.unit(a.answersTo), a.answersTo)}` : ''}
        </dd>
        <dt>{t.status}</dt>
        <dd style="margin:0" data-testid="status">
          <StatusBadge lang={lang} status={a.status} />
        </dd>
        <dt>{t.dueOn}</dt>
        <dd style="margin:0" data-testid="due">
          <DueDate lang={lang} dueOn={a.dueOn} provisional={a.provisional} />
          {a.originalDueOn !== a.dueOn ? ` (${fmtDate(lang, a.originalDueOn)})` : ''}
        </dd>
        {a.paused ? (
          <>
            <dt>{t.pausedSince}</dt>
            <dd style="margin:0" data-testid="paused">
              {fmtInstant(lang, new Date(Number(a.paused.at)).toISOString())} — {String(a.paused.reason ?? '')}
            </dd>
          </>
        ) : null}
        <dt>{t.daysLate}</dt>
        <dd style="margin:0">{daysLate(a, props.today)}</dd>
        <dt>{t.escalation}</dt>
        <dd style="margin:0">{escalationText(lang, a.escalationLevel, a.escalationRung)}</dd>
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
        {/* The workflow is the operators' concern: units and leaders see the assignment, not its machinery. */}
        {mayRun(props.principal, 'seeWorkflows') ? (
          <>
            <dt>Workflow</dt>
            <dd style="margin:0">
              {props.temporalUiUrl ? (
                <a href={temporalUrl(props.temporalUiUrl, a.workflowId)!} rel="noopener" data-testid="temporal-link">
                  {t.temporalLink}
                </a>
              ) : null}{' '}
              <code>{a.workflowId}</code>
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t.action}</h2>
      <ActionForms lang={lang} principal={props.principal} csrf={props.csrf} a={a} back={props.back} units={props.units} />
      <SubAssignments lang={lang} view={props.below} unit={props.unit} taskId={a.taskId} />
      {props.candidates ? (
        <PassOnForm lang={lang} csrf={props.csrf} a={a} candidates={props.candidates} back={props.back} search={props.unitSearch ?? ''} />
      ) : null}
      <h2>{t.timeline}</h2>
      <Table
        testid="timeline"
        rows={a.timeline}
        columns={[
          { head: t.when, cell: (e) => fmtInstant(lang, e.at) },
          { head: t.event, cell: (e) => eventLabel(lang, e.kind), attrs: (e) => ({ 'data-kind': e.kind }) },
          { head: t.status, cell: (e) => statusLabel(lang, e.status) },
          { head: t.by, cell: (e) => actorText(lang, e.actor) },
          { head: t.details, cell: (e) => timelineSentence(lang, e, (code) => unitName(lang, props.unit(code), code)) },
        ]}
      />
    </>
  );
}
