/**
 * The /docs page (Scalar) with its script served from the installed package (@scalar/api-reference's browser
 * bundle at /docs/assets/…), never from a CDN, under a policy that allows that script and the page's one inline
 * start-up script (by its hash), and nothing else.
 */
import type { ApiApp } from '../env';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Scalar } from '@scalar/hono-api-reference';
import type { Context } from 'hono';

export const DOCS_SCRIPT_PATH = '/docs/assets/api-reference.js';

const require = createRequire(import.meta.url);
let script: Promise<Buffer> | null = null;
// The package exports no path to its browser bundle: find it beside the main entry (dist/index.js).
const standaloneScript = () => (script ??= readFile(join(dirname(require.resolve('@scalar/api-reference')), 'browser', 'standalone.js')));

function docsPolicy(html: string): string {
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `script-src 'self' ${inline.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function registerDocsPage(app: ApiApp, options: { openApiUrl: string; title: string }): void {
  // The reference's options type lags the options it accepts (`cdn`, `withDefaultFonts`, both documented).
  const page = Scalar({ url: options.openApiUrl, pageTitle: options.title, cdn: DOCS_SCRIPT_PATH, withDefaultFonts: false } as never);
  app.get('/docs', async (c: Context) => {
    const res = (await page(c, async () => {})) as Response;
    const html = await res.text();
    return c.html(html, 200, { 'content-security-policy': docsPolicy(html) });
  });
  app.get(DOCS_SCRIPT_PATH, async (c: Context) =>
    c.body(new Uint8Array(await standaloneScript()), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    }),
  );
}
