/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** One's acting officers ("ủy quyền"): the grants for and by the signed-in person, and a form to name who acts for them. */
import type { ActingGrantView } from '../../services/acting';
import { Csrf } from '../components/forms';
import { fmtDate, type Lang } from '../i18n';

const TEXT = {
  vi: {
    intro: 'Khi vắng mặt, người được ủy quyền nhận nhắc việc, báo cáo vượt cấp và bản tin thay bạn, và xử lý nhiệm vụ thay mặt bạn.',
    rule: 'Người được ủy quyền phải cùng vai trò (cán bộ cùng đơn vị; lãnh đạo có phạm vi bao trùm).',
    acting: 'Mã người được ủy quyền',
    from: 'Từ ngày',
    to: 'Đến ngày (tính cả ngày này)',
    reason: 'Lý do',
    submit: 'Ủy quyền',
    grants: 'Các ủy quyền',
    none: 'Chưa có ủy quyền.',
    actsFor: (g: ActingGrantView) => `${g.actingName} thay mặt ${g.absentName}`,
    inForce: 'đang hiệu lực',
    revoked: 'đã thu hồi',
    revoke: 'Thu hồi',
  },
  en: {
    intro: 'While you are away the acting person receives your reminders, escalations and digests, and acts on your behalf.',
    rule: 'The acting person must hold the same role (an officer of the same unit; a leader whose scope covers yours).',
    acting: 'Acting person (id)',
    from: 'From',
    to: 'To (inclusive)',
    reason: 'Reason',
    submit: 'Name acting officer',
    grants: 'Grants',
    none: 'No grants yet.',
    actsFor: (g: ActingGrantView) => `${g.actingName} acts for ${g.absentName}`,
    inForce: 'in force',
    revoked: 'revoked',
    revoke: 'Revoke',
  },
} as const;

export function ActingPage(props: { lang: Lang; csrf: string; grants: ActingGrantView[]; today: string }) {
  const { lang } = props;
  const t = TEXT[lang];
  return (
    <>
      <p>{t.intro}</p>
      <form method="post" action="/web/acting" class="card filters" aria-label={t.submit}>
        <Csrf token={props.csrf} />
        <label>
          {t.acting}
          <input type="text" name="actingPersonId" required maxlength={80} />
        </label>
        <label>
          {t.from}
          <input type="date" name="fromOn" required value={props.today} />
        </label>
        <label>
          {t.to}
          <input type="date" name="toOn" required />
        </label>
        <label>
          {t.reason}
          <input type="text" name="reason" maxlength={500} />
        </label>
        <button type="submit">{t.submit}</button>
        <p class="muted" style="margin:0">
          {t.rule}
        </p>
      </form>
      <h2>{t.grants}</h2>
      {props.grants.length === 0 ? <p class="muted">{t.none}</p> : null}
      {props.grants.map((g) => (
        <article class="card" data-grant={g.id}>
          <p style="margin:0">
            <strong>{t.actsFor(g)}</strong> — {fmtDate(lang, g.fromOn)} → {fmtDate(lang, g.toOn)}
            {g.reason ? ` · ${g.reason}` : ''} <span class="muted">{g.revokedAt ? t.revoked : g.inForce ? t.inForce : ''}</span>
          </p>
          {g.revokedAt ? null : (
            <form method="post" action={`/web/acting/${encodeURIComponent(g.id)}/revoke`} style="margin:.25rem 0 0">
              <Csrf token={props.csrf} />
              <button type="submit">{t.revoke}</button>
            </form>
          )}
        </article>
      ))}
    </>
  );
}
