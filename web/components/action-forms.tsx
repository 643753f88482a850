/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The action forms on one assignment. */
import type { Principal } from '../../services/access';
import type { AssignmentView } from '../../services/assignments';
import type { Unit } from '../../domain/units';
import { OPEN_STATUSES as OPEN } from './assignment-facts';
import { ActionHidden as Hidden } from './forms';
import { DICTS, fmtDate, unitName, type Lang } from '../i18n';

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

