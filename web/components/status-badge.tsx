/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** An assignment's status as a coloured badge in the reader's language. */
import { statusLabel, type Lang } from '../i18n';

export function StatusBadge(props: { lang: Lang; status: string }) {
  return <span class={`st st-${props.status}`}>{statusLabel(props.lang, props.status)}</span>;
}
