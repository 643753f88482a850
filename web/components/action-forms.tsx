/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The action forms on one assignment, derived from the action table: a form for each action the principal's role
 * may send on it (actionRefusal) that the assignment's state allows now (the domain's own rule, rejectionOf). Each form's fields
 * are the ones web/form-input.ts reads for that action.
 */
import type { Child } from 'hono/jsx';
import type { Principal } from '../../services/access';
import { ACTION_NAMES, ACTIONS, actionRefusal, type ActionName } from '../../services/actions';
import type { AssignmentView } from '../../services/assignments';
import { rejectionOf, type AssignmentState } from '../../domain/assignment-state';
import { LATEST_DATE } from '../../domain/dates';
import type { Unit } from '../../domain/units';
import { assignmentHref } from './assignment-facts';
import { ActionHidden } from './forms';
import { DICTS, fmtDate, fmtInstant, unitName, type Lang } from '../i18n';

/**
 * Inputs that pass the payload checks of rejectionOf, so that only the state decides: the page cannot know what will
 * be typed, and the real input is checked again when the form is sent.
 */
const PROBE: Partial<Record<ActionName, Record<string, unknown>>> = {
  progress: { percent: 0 },
  requestExtension: { newDueOn: LATEST_DATE },
  reassign: { toUnit: '(another unit)' },
};

/** Does the assignment's state allow this action now (whatever its input)? */
export function stateAllows(a: AssignmentView, name: ActionName): boolean {
  // The view carries every field of the state the rule reads (status, due date, unit, completion, extension, refusal).
  const state = a as unknown as AssignmentState;
  return rejectionOf(state, ACTIONS[name].update.name, PROBE[name] ?? {}) === null;
}

/** The actions a principal may take on an assignment now, in the table's order (the same rule the service applies). */
export function availableActions(principal: Principal, a: AssignmentView): ActionName[] {
  return ACTION_NAMES.filter((name) => actionRefusal(principal, name, a) === null && stateAllows(a, name));
}

interface FormContext {
  lang: Lang;
  a: AssignmentView;
  id: (field: string) => string;
  units?: Unit[];
}

interface FormSpec {
  /** The form's accessible name, and its heading when it has fields. */
  label: (t: (typeof DICTS)['vi']) => string;
  fields?: (f: FormContext) => Child;
  /** Buttons other than one submit named by the label. */
  buttons?: (f: FormContext) => Child;
  secondary?: boolean;
  /** Shown only where the page can offer it (e.g. the unit list for reassigning), or only when useful. */
  when?: (f: FormContext) => boolean;
}

const field = (id: string, label: string, input: Child) => (
  <div class="field">
    <label for={id}>{label}</label>
    {input}
  </div>
);

const FORMS: Record<ActionName, FormSpec> = {
  acknowledge: { label: (t) => t.acknowledge, when: ({ a }) => !a.acknowledged },
  progress: {
    label: (t) => t.reportProgress,
    fields: ({ lang, a, id }) => {
      const t = DICTS[lang];
      return (
        <>
          {field(
            id('pct'),
            t.percent,
            <input id={id('pct')} name="percent" type="number" min={0} max={100} required value={String(a.progressPercent ?? 0)} />,
          )}
          {field(id('pnote'), t.note, <textarea id={id('pnote')} name="note" rows={2} maxlength={2000} />)}
        </>
      );
    },
    buttons: ({ lang }) => <button type="submit">{DICTS[lang].send}</button>,
  },
  requestExtension: {
    label: (t) => t.requestExtension,
    fields: ({ lang, id }) => {
      const t = DICTS[lang];
      return (
        <>
          {field(id('newdue'), t.newDueOn, <input id={id('newdue')} name="newDueOn" type="date" required />)}
          {field(id('xreason'), t.reason, <textarea id={id('xreason')} name="reason" rows={2} required maxlength={2000} />)}
        </>
      );
    },
    buttons: ({ lang }) => <button type="submit">{DICTS[lang].send}</button>,
  },
  complete: {
    label: (t) => t.complete,
    fields: ({ lang, id }) => {
      const t = DICTS[lang];
      return (
        <>
          {field(id('ev'), t.evidenceUrl, <input id={id('ev')} name="evidenceUrl" type="url" placeholder="https://" />)}
          {field(id('docno'), t.documentNumber, <input id={id('docno')} name="documentNumber" type="text" maxlength={100} />)}
          {field(id('docdate'), t.documentDate, <input id={id('docdate')} name="documentDate" type="date" />)}
          {field(id('cnote'), t.note, <textarea id={id('cnote')} name="note" rows={2} maxlength={5000} />)}
        </>
      );
    },
  },
  decline: {
    label: (t) => t.decline,
    fields: ({ lang, id }) =>
      field(id('dcreason'), DICTS[lang].reason, <textarea id={id('dcreason')} name="reason" rows={2} required maxlength={2000} />),
    secondary: true,
  },
  decideExtension: {
    label: (t) => t.decision,
    fields: ({ lang, a, id }) => {
      const t = DICTS[lang];
      const pe = a.pendingExtension as { newDueOn?: string; reason?: string } | null;
      return (
        <>
          <p>
            {t.pendingExtension}: {fmtDate(lang, pe?.newDueOn)} — {pe?.reason}
          </p>
          {field(id('dnote'), t.note, <input id={id('dnote')} name="note" type="text" maxlength={2000} />)}
        </>
      );
    },
    buttons: ({ lang }) => {
      const t = DICTS[lang];
      return (
        <>
          <button type="submit" name="approve" value="true">
            {t.approve}
          </button>{' '}
          <button type="submit" name="approve" value="false" class="secondary">
            {t.reject}
          </button>
        </>
      );
    },
  },
  confirm: { label: (t) => t.confirm },
  return: {
    label: (t) => t.returnIt,
    fields: ({ lang, id }) =>
      field(id('rreason'), DICTS[lang].reason, <input id={id('rreason')} name="reason" type="text" required maxlength={2000} />),
    secondary: true,
  },
  insist: {
    label: (t) => t.insist,
    fields: ({ lang, a, id }) => {
      const t = DICTS[lang];
      const reason = (a.refusal as { reason?: string } | null)?.reason;
      return (
        <>
          <p>
            {t.declined}: {reason ?? ''}
          </p>
          {field(id('inote'), t.note, <input id={id('inote')} name="note" type="text" maxlength={2000} />)}
        </>
      );
    },
  },
  acknowledgeEscalation: {
    label: (t) => t.acknowledgeEscalation,
    when: ({ a }) => a.awaitingAck !== null,
  },
  pause: {
    label: (t) => t.pauseDeadline,
    fields: ({ lang, id }) =>
      field(id('preason'), DICTS[lang].reason, <input id={id('preason')} name="reason" type="text" required maxlength={2000} />),
    secondary: true,
  },
  resume: {
    label: (t) => t.resumeDeadline,
    fields: ({ lang, a, id }) => {
      const t = DICTS[lang];
      const p = a.paused as { at?: number; reason?: string } | null;
      return (
        <>
          <p>
            {t.pausedSince}: {p?.at ? fmtInstant(lang, new Date(p.at).toISOString()) : ''} — {p?.reason ?? ''}
          </p>
          {field(id('rsnote'), t.note, <input id={id('rsnote')} name="note" type="text" maxlength={2000} />)}
        </>
      );
    },
  },
  cancel: {
    label: (t) => t.cancel,
    fields: ({ lang, id }) =>
      field(id('creason'), DICTS[lang].reason, <input id={id('creason')} name="reason" type="text" required maxlength={2000} />),
    secondary: true,
    when: ({ units }) => !!units,
  },
  reassign: {
    label: (t) => t.reassign,
    fields: ({ lang, id, units }) => {
      const t = DICTS[lang];
      return (
        <>
          {field(
            id('to'),
            t.toUnit,
            <select id={id('to')} name="toUnit" required>
              {(units ?? []).map((u) => (
                <option value={u.code}>{unitName(lang, u, u.code)}</option>
              ))}
            </select>,
          )}
          {field(id('rareason'), t.reason, <input id={id('rareason')} name="reason" type="text" maxlength={2000} />)}
        </>
      );
    },
    secondary: true,
    when: ({ units }) => !!units,
  },
};

/** The order forms appear in: the unit's work first, then the assigner's decisions, then the coordinator's. */
const ORDER: ActionName[] = [
  'acknowledgeEscalation',
  'acknowledge',
  'progress',
  'requestExtension',
  'complete',
  'decline',
  'decideExtension',
  'confirm',
  'return',
  'insist',
  'resume',
  'pause',
  'cancel',
  'reassign',
];

/** The forms a principal may use on one assignment now. */
export function ActionForms(props: { lang: Lang; principal: Principal; csrf: string; a: AssignmentView; back: string; units?: Unit[] }) {
  const { lang, a } = props;
  const t = DICTS[lang];
  const base = assignmentHref(a);
  const ctx: FormContext = { lang, a, units: props.units, id: (name) => `${name}-${a.taskId}-${a.unitCode}` };
  const group = `actions-${a.taskId}-${a.unitCode}`;
  const allowed = new Set(availableActions(props.principal, a));
  // The question the assignment waits on (an extension to decide) is open from the start.
  const opensFirst = allowed.has('decideExtension') ? 'decideExtension' : null;
  const forms = ORDER.filter((name) => allowed.has(name) && (FORMS[name].when?.(ctx) ?? true)).map((name) => {
    const spec = FORMS[name];
    const label = spec.label(t);
    const form = (
      <form method="post" action={`${base}/${name}`} class="grid-form" aria-label={label} data-action={name}>
        <ActionHidden csrf={props.csrf} back={props.back} />
        {spec.fields?.(ctx)}
        {spec.buttons ? (
          spec.buttons(ctx)
        ) : (
          <button type="submit" class={spec.secondary ? 'secondary' : undefined}>
            {label}
          </button>
        )}
      </form>
    );
    // A form with fields opens under its name, one of the assignment's at a time (details sharing a name are
    // exclusive); a one-button action is just its button.
    return spec.fields ? (
      <details name={group} class="action" data-action-toggle={name} open={name === opensFirst}>
        <summary>{label}</summary>
        {form}
      </details>
    ) : (
      form
    );
  });
  if (forms.length === 0) return null;
  return <div class="actions">{forms}</div>;
}
