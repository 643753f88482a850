/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The dashboard's file uploads: which form posts carry a file (their bytes may be binary, so the server skips the
 * text forms' NUL check for them), how large one may be (as the API bounds an upload: IMPORT_MAX_UPLOAD_BYTES and
 * a form's overhead), and the page a larger one gets, in place of the forms' 256 KiB bound.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { MAX_IMPORT_BYTES, MULTIPART_OVERHEAD_BYTES } from '../services/imports';
import { Layout } from './components/layout';
import { pickLang, type Lang } from './i18n';

/** Each upload form's action, and the page that shows the form again. */
const UPLOADS: readonly { path: RegExp; form: (path: string) => string }[] = [
  { path: /^\/web\/directives\/[^/]+\/import$/, form: (p) => p },
  { path: /^\/web\/directives\/[^/]+\/draft\/file$/, form: (p) => p.replace(/\/file$/, '') },
  { path: /^\/web\/inbound$/, form: (p) => p },
];

export const isWebUploadPath = (path: string) => UPLOADS.some((u) => u.path.test(path));

/** A multipart upload's body: the file at most as the API takes it, plus the form around it. */
export const WEB_UPLOAD_MAX_BYTES = MAX_IMPORT_BYTES + MULTIPART_OVERHEAD_BYTES;

const TEXT: Record<Lang, { title: string; detail: (bytes: number) => string; back: string }> = {
  en: {
    title: 'The file is too large',
    detail: (bytes) => `at most ${bytes} bytes (${(bytes / 1024 / 1024).toFixed(1)} MiB) per upload (IMPORT_MAX_UPLOAD_BYTES)`,
    back: 'Back to the form',
  },
  vi: {
    title: 'Tệp quá lớn',
    detail: (bytes) => `tối đa ${bytes} byte (${(bytes / 1024 / 1024).toFixed(1)} MiB) mỗi lần tải lên (IMPORT_MAX_UPLOAD_BYTES)`,
    back: 'Về biểu mẫu',
  },
};

/**
 * An upload past the bound, answered before its body is read (so before the session is loaded): a page in the
 * reader's language saying the bound and the way back, with 413, rather than a bare status.
 */
export function uploadTooLargePage(c: Context) {
  const lang = pickLang(c.req.query('lang'), getCookie(c, 'lang'));
  const t = TEXT[lang];
  const form = UPLOADS.find((u) => u.path.test(c.req.path))?.form(c.req.path) ?? '/web/';
  return c.html(
    <Layout lang={lang} title={t.title} path={form}>
      <div role="alert" class="card" data-testid="upload-too-large" data-status="413">
        <strong>{t.title}</strong>: <span data-field="file">file</span>: {t.detail(MAX_IMPORT_BYTES)}
      </div>
      <p>
        <a href={form}>{t.back}</a>
      </p>
    </Layout>,
    413,
  );
}
