/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The EDXML package page: the upload form, then the directive the package made (or had made: "already
 * received"), its facts, recipients and attachments, and the draft tasks of its notice, committed as any draft is.
 */
import type { InboundOrgan, InboundView } from '../../services/inbound';
import { AttachmentList } from '../components/attachment-list';
import { DraftRowsForm, draftRowOf } from '../components/draft-rows';
import { Csrf } from '../components/forms';
import { fmtDate, type Lang } from '../i18n';
import { INBOUND_TEXT } from '../inbound-text';
import { directiveLink, RefusalNote, type Refusal } from './imports';

const ACCEPT = '.edxml,.xml,application/xml,text/xml';

export function InboundPage(props: {
  lang: Lang;
  csrf: string;
  received?: InboundView;
  /** Units by code, named in the reader's language. */
  unitNames?: Record<string, string>;
  refusal?: Refusal;
  status?: number;
}) {
  const { lang, received: r } = props;
  const t = INBOUND_TEXT[lang];
  const organ = (o: InboundOrgan) => (
    <>
      {props.unitNames?.[o.unitCode] ?? o.organName ?? o.organId} <span class="muted">({o.unitCode})</span>
    </>
  );
  return (
    <>
      <form
        method="post"
        action="/web/inbound"
        enctype="multipart/form-data"
        class="card"
        aria-label={t.receive}
        data-testid="inbound-form"
      >
        <Csrf token={props.csrf} />
        <label class="field">
          {t.file}
          <input type="file" name="file" accept={ACCEPT} required />
        </label>
        <button type="submit">{t.receive}</button>
      </form>
      {props.refusal ? <RefusalNote lang={lang} refusal={props.refusal} title={t.refused} status={props.status} /> : null}
      {r ? (
        <>
          <section class="card" aria-label={t.directive} data-testid="inbound-directive" data-directive={r.directiveId}>
            <p role="status" data-testid="inbound-status" data-created={String(r.created)}>
              <strong>{r.created ? t.received : t.already}</strong>
            </p>
            <dl>
              {(
                [
                  [t.number, r.number, 'number'],
                  [t.notation, r.codeNotation, 'notation'],
                  [t.issuer, organ(r.sender), 'issuer'],
                  [t.issuedOn, fmtDate(lang, r.issuedOn), 'issuedOn'],
                  [t.subject, r.subject, 'subject'],
                  [t.documentType, r.documentType ?? '—', 'documentType'],
                  [t.dueDate, r.dueDate ? fmtDate(lang, r.dueDate) : '—', 'dueDate'],
                  [t.signer, r.signer ?? '—', 'signer'],
                ] as const
              ).map(([label, value, key]) => (
                <>
                  <dt>{label}</dt>
                  <dd data-fact={key}>{value}</dd>
                </>
              ))}
              <dt>{t.recipients}</dt>
              <dd data-fact="recipients">
                <ul>
                  {r.recipients.map((o) => (
                    <li data-unit={o.unitCode}>{organ(o)}</li>
                  ))}
                </ul>
              </dd>
            </dl>
            <h2>{t.attachments}</h2>
            {r.attachments.length === 0 ? (
              <p>{t.noAttachments}</p>
            ) : (
              <AttachmentList lang={lang} directiveId={r.directiveId} attachments={r.attachments} />
            )}
            <p>
              <a href={directiveLink({ id: r.directiveId, number: r.number, title: r.subject })} data-testid="directive-link">
                {t.directive}: {r.number}
              </a>
            </p>
          </section>
          <section aria-label={t.drafts}>
            <h2>{t.drafts}</h2>
            {r.draft ? (
              <DraftRowsForm
                lang={lang}
                csrf={props.csrf}
                action={`/web/directives/${encodeURIComponent(r.directiveId)}/draft/commit`}
                rows={r.draft.tasks.map(draftRowOf)}
                text=""
                issuedOn={r.issuedOn}
              />
            ) : (
              <p>{t.noNotice}</p>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
