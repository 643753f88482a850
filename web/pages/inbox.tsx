/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** A unit's inbox: its assignments by section (overdue, due, awaiting confirmation, done), each with its actions. */
import type { Principal } from '../../services/access';
import type { AssignmentView } from '../../services/assignments';
import type { ActingToday } from '../../services/acting';
import { Absences } from '../components/absences';
import { ActionForms } from '../components/action-forms';
import { assignmentHref, daysLate, OPEN_STATUSES as OPEN } from '../components/assignment-facts';
import { DueDate } from '../components/due-date';
import { StatusBadge } from '../components/status-badge';
import { DICTS, fmtDate, type Lang } from '../i18n';
import { inLanguage } from '../../domain/titles';

export interface InboxSection {
  key: string;
  heading: string;
  items: AssignmentView[];
  more: string | null;
}

export function Inbox(props: {
  lang: Lang;
  principal: Principal;
  csrf: string;
  unitCode: string;
  sections: InboxSection[];
  back: string;
  today: string;
  unitPicker: boolean;
  unitLabel: (code: string) => string;
  /** Who of the unit is away today and who acts for them. */
  absences?: ActingToday[];
}) {
  const { lang } = props;
  const t = DICTS[lang];
  return (
    <>
      <Absences lang={lang} absences={props.absences ?? []} />
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
                <a href={assignmentHref(a)}>
                  <strong>{inLanguage(lang, a.taskTitle, a.taskTitleEn)}</strong>
                </a>{' '}
                {a.unitCode !== props.unitCode ? <span class="muted">— {props.unitLabel(a.unitCode)} </span> : null}
                <StatusBadge lang={lang} status={a.status} />
              </p>
              <p class="muted" style="margin:.25rem 0">
                {t.dueOn}: <DueDate lang={lang} dueOn={a.dueOn} provisional={a.provisional} />
                {daysLate(a, props.today) ? ` · ${t.daysLate}: ${daysLate(a, props.today)}` : ''}
                {a.acknowledged ? ` · ${t.acknowledged}` : ''}
                {a.progressPercent !== null ? ` · ${a.progressPercent}%` : ''}
                {a.progressNote ? ` · ${a.progressNote}` : ''}
                {a.pendingExtension
                  ? ` · ${t.pendingExtension}: ${fmtDate(lang, (a.pendingExtension as { newDueOn?: string }).newDueOn)}`
                  : ''}
              </p>
              {s.key === 'decisions' || OPEN.has(a.status) ? (
                <details open={s.key === 'decisions'}>
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
