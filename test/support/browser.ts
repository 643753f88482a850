/** Headless Debian Chromium (playwright-core) for the dashboard's browser tests: launch, sign in, screenshot. */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const ARTIFACTS = fileURLToPath(new URL('../browser/artifacts/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags keep Chromium off the network this machine does not have. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** A fresh browser context signed in with a bearer token through the sign-in form (in English unless told; null: the default). */
export async function signedInPage(browser: Browser, apiUrl: string, token: string, lang: 'vi' | 'en' | null = 'en'): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${apiUrl}/web/signin${lang ? `?lang=${lang}` : ''}`);
  await page.fill('#token', token);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/signin')), page.click('button[type=submit]')]);
  return page;
}

/** A full-page screenshot saved to test/browser/artifacts/<name>.png. */
export const screenshot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
