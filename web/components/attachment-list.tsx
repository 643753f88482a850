/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** A directive's attachments (from its EDXML package) as download links, each with its type and size. */
import type { InboundAttachment } from '../../services/inbound';
import type { Lang } from '../i18n';

const BYTES: Record<Lang, string> = { vi: 'byte', en: 'bytes' };

export const attachmentHref = (directiveId: string, sha256: string) =>
  `/web/directives/${encodeURIComponent(directiveId)}/attachments/${sha256}`;

export function AttachmentList(props: { lang: Lang; directiveId: string; attachments: InboundAttachment[] }) {
  return (
    <ul data-testid="attachments">
      {props.attachments.map((a) => (
        <li>
          <a href={attachmentHref(props.directiveId, a.sha256)} download={a.name}>
            {a.name}
          </a>{' '}
          <span class="muted">
            {a.contentType}, {a.size} {BYTES[props.lang]}
          </span>
        </li>
      ))}
    </ul>
  );
}
