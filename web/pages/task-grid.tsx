/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** One task's units in a grid with their status, and the coordinator's bulk actions over the selected units. */
import type { Principal } from '../../services/access';
import type { AssignmentView } from '../../services/assignments';
import type { TaskProgress, TaskUnitRow } from '../../services/progress';
import type { Unit } from '../../domain/units';
import { assignmentHref, daysLate, evidenceOf, type UnitLookup } from '../components/assignment-facts';
import { Csrf } from '../components/forms';
import { RollupBar } from '../components/progress-bar';
import { DueDate } from '../components/due-date';
import { StatusBadge } from '../components/status-badge';
import { Table } from '../components/table';
import { nestLevels, type Nested } from '../levels';
import { DICTS, groupText, progressText, statusLabel, unitName, type Lang } from '../i18n';
import { inLanguage } from '../../domain/titles';
import { mayRun } from '../../services/use-cases';

const noteText = (a: AssignmentView) =>
  a.progressNote
    ? `${a.progressPercent ?? ''}${a.progressPercent !== null ? '% · ' : ''}${a.progressNote}`
    : a.progressPercent !== null
      ? `${a.progressPercent}%`
      : '';

export function TaskPage(props: {
  lang: Lang;
  principal: Principal;
  csrf: string;
  task: { id: string; title: string; titleEn: string | null; directiveId: string; number: string };
  progress: Pick<
    TaskProgress,
    'completed' | 'total' | 'completedLate' | 'overdue' | 'completedOnTime' | 'awaitingConfirmation' | 'byGroup' | 'units'
  >;
  items: AssignmentView[];
  /** The sub-assignments the reader may see, nested under the rows they were passed on from. */
  below: AssignmentView[];
  nextCursor: string | null;
  status: string;
  statuses: readonly string[];
  units: Unit[];
  unit: UnitLookup;
  today: string;
}) {
  const { lang, principal } = props;
  const t = DICTS[lang];
  const canBulk = mayRun(principal, 'actInBulk');
  const text = progressText(lang, inLanguage(lang, props.task.title, props.task.titleEn), props.progress);
  const nameOf = (code: string) => unitName(lang, props.unit(code), code);
  const name = (a: AssignmentView) => nameOf(a.unitCode);
  const nested = nestLevels(props.items, props.below);
  const unitRows = new Map(props.progress.units.map((u) => [u.unitCode, u]));
  const grid = (
    <Table
      testid="unit-grid"
      caption={groupText(lang, props.progress.byGroup)}
      rows={nested}
      rowAttrs={({ row: a }) => ({ 'data-unit': a.unitCode, 'data-status': a.status })}
      columns={[
        canBulk && {
          head: t.select,
          cell: ({ row: a }) => (
            <input type="checkbox" name="units" value={a.unitCode} id={`u-${a.unitCode}`} aria-label={`${t.select} ${name(a)}`} />
          ),
        },
        {
          head: t.unit,
          cell: ({ row: a }) => (
            <>
              <a href={assignmentHref(a)}>{name(a)}</a>
              {a.role === 'cooperating' ? <span class="muted"> ({t.roleCooperating})</span> : null}
            </>
          ),
        },
        {
          head: t.status,
          cell: ({ row: a }) => (
            <>
              <StatusBadge lang={lang} status={a.status} />
              {a.pendingExtension ? <span class="muted"> · {t.pendingExtension}</span> : null}
            </>
          ),
        },
        { head: t.dueOn, cell: ({ row: a }) => <DueDate lang={lang} dueOn={a.dueOn} provisional={a.provisional} /> },
        { head: t.daysLate, cell: ({ row: a }) => daysLate(a, props.today) || '' },
        { head: t.lastNote, cell: ({ row: a }) => noteText(a) },
        { head: t.below, cell: (n) => <BelowCell lang={lang} n={n} unitRow={unitRows.get(n.row.unitCode)} name={nameOf} /> },
        {
          head: t.evidence,
          cell: ({ row: a }) => {
            const ev = evidenceOf(a);
            return ev ? (
              <a href={ev} rel="noopener noreferrer">
                {t.evidence}
              </a>
            ) : (
              ''
            );
          },
        },
      ]}
    />
  );
  return (
    <>
      <p>
        <a href={`/web/directives?q=${encodeURIComponent(props.task.directiveId)}`}>{props.task.number}</a>
      </p>
      <p data-testid="task-progress">
        <strong>{text}</strong>
      </p>
      <RollupBar r={props.progress} label={text} />
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
          <BulkActions lang={lang} units={props.units} />
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

function BulkActions(props: { lang: Lang; units: Unit[] }) {
  const { lang } = props;
  const t = DICTS[lang];
  return (
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
  );
}

/** A row's levels below it: the subtree's k-of-N with the late units, expanding into the departments and communes. */
function BelowCell(props: { lang: Lang; n: Nested<AssignmentView>; unitRow: TaskUnitRow | undefined; name: (code: string) => string }) {
  const { lang, n } = props;
  const t = DICTS[lang];
  if (n.below.length === 0) return null;
  const counts = props.unitRow?.subAssignments.subtree;
  return (
    <details data-testid="below" data-done={counts?.done} data-total={counts?.total}>
      <summary>
        {counts ? t.rateOf(counts.done, counts.total) : n.below.length}
        {counts?.laggards.length ? ` · ${t.laggards}: ${counts.laggards.map((l) => props.name(l.unitCode)).join(', ')}` : ''}
      </summary>
      <ul style="list-style:none;padding:0;margin:.25rem 0">
        {n.below.map(({ item, depth }) => (
          <li style={`padding-left:${(depth - 1) * 1.25}rem`} data-unit={item.unitCode} data-status={item.status}>
            <a href={assignmentHref(item)}>{props.name(item.unitCode)}</a> <StatusBadge lang={lang} status={item.status} />{' '}
            <DueDate lang={lang} dueOn={item.dueOn} provisional={item.provisional} />
          </li>
        ))}
      </ul>
    </details>
  );
}
