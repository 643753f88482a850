/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * An assignment's levels below it: the k-of-N of its direct units and of its whole subtree with the late units named,
 * the sub-assignments themselves, and the holder's form to pass the assignment on to its own units.
 */
import type { AssignmentView } from '../../services/assignments';
import type { SubtreeCounts, SubtreeView } from '../../services/rollups';
import type { Unit } from '../../domain/units';
import { assignmentHref, type UnitLookup } from './assignment-facts';
import { DueDate } from './due-date';
import { ActionHidden } from './forms';
import { StatusBadge } from './status-badge';
import { Table } from './table';
import { DICTS, unitName, type Lang } from '../i18n';

function CountsLine(props: { lang: Lang; label: string; counts: SubtreeCounts; name: (code: string) => string; testid: string }) {
  const t = DICTS[props.lang];
  const late = props.counts.laggards;
  return (
    <p style="margin:.25rem 0" data-testid={props.testid} data-done={props.counts.done} data-total={props.counts.total}>
      <strong>{props.label}:</strong> {t.rateOf(props.counts.done, props.counts.total)}
      {late.length ? ` · ${t.laggards}: ${late.map((l) => `${props.name(l.unitCode)} (${t.lateBy(l.daysLate)})`).join(', ')}` : ''}
    </p>
  );
}

export function SubAssignments(props: { lang: Lang; view: SubtreeView; unit: UnitLookup; taskId: string }) {
  const { lang, view } = props;
  const t = DICTS[lang];
  const name = (code: string) => unitName(lang, props.unit(code), code);
  if (view.children.length === 0) return null;
  return (
    <section aria-labelledby="below" data-testid="below">
      <h2 id="below">{t.below}</h2>
      <CountsLine lang={lang} label={t.belowDirect} counts={view.direct} name={name} testid="below-direct" />
      <CountsLine lang={lang} label={t.belowSubtree} counts={view.subtree} name={name} testid="below-subtree" />
      <Table
        testid="sub-assignments"
        rows={view.children}
        rowAttrs={(c) => ({ 'data-unit': c.unitCode, 'data-status': c.status, 'data-depth': String(c.depth) })}
        columns={[
          {
            head: t.unit,
            cell: (c) => (
              <span style={`padding-left:${(c.depth - 1) * 1.25}rem`}>
                <a href={assignmentHref({ taskId: props.taskId, unitCode: c.unitCode })}>{name(c.unitCode)}</a>
              </span>
            ),
          },
          { head: t.answersTo, cell: (c) => (c.parentUnit ? name(c.parentUnit) : '') },
          { head: t.status, cell: (c) => <StatusBadge lang={lang} status={c.status} /> },
          { head: t.dueOn, cell: (c) => <DueDate lang={lang} dueOn={c.dueOn} provisional={false} /> },
          { head: t.note, cell: (c) => c.note ?? '' },
        ]}
      />
    </section>
  );
}

/** The holder's form: choose units from the directory below it, give an internal due date no later than its own. */
export function PassOnForm(props: { lang: Lang; csrf: string; a: AssignmentView; candidates: Unit[]; back: string; search: string }) {
  const { lang, a } = props;
  const t = DICTS[lang];
  const id = (field: string) => `${field}-${a.taskId}-${a.unitCode}`;
  return (
    <section aria-labelledby="pass-on">
      <h2 id="pass-on">{t.passOn}</h2>
      <form method="get" action={`${assignmentHref(a)}#pass-on`} role="search" class="inline" data-testid="pass-on-search">
        <label for={id('unitsearch')}>{t.passOnSearch}</label>{' '}
        <input id={id('unitsearch')} name="unitSearch" type="search" value={props.search} maxlength={100} />{' '}
        <button type="submit" class="secondary">
          {t.search}
        </button>
      </form>
      {props.candidates.length === 0 ? (
        <p class="muted">{props.search ? t.noUnitsFound : t.noUnitsBelow}</p>
      ) : (
        <form method="post" action={`${assignmentHref(a)}/pass-on`} class="grid-form card" aria-label={t.passOn} data-action="pass-on">
          <ActionHidden csrf={props.csrf} back={props.back} />
          <fieldset style="max-height:16rem;overflow:auto">
            <legend>
              {t.passOnUnits} ({props.candidates.length})
            </legend>
            {props.candidates.map((u) => (
              <label style="display:block">
                <input type="checkbox" name="units" value={u.code} /> {unitName(lang, u, u.code)}
              </label>
            ))}
          </fieldset>
          <div class="field">
            <label for={id('subdue')}>{t.passOnDue}</label>
            <input id={id('subdue')} name="dueOn" type="date" required max={a.dueOn} value={a.dueOn} />
          </div>
          <div class="field">
            <label for={id('subnote')}>{t.note}</label>
            <textarea id={id('subnote')} name="note" rows={2} maxlength={2000} />
          </div>
          <label>
            <input type="checkbox" name="confirmationRequired" value="true" /> {t.passOnConfirm}
          </label>
          <button type="submit">{t.passOn}</button>
        </form>
      )}
    </section>
  );
}
