/**
 * Signing in to the dashboard at a real Keycloak, in Chromium: its own login page, landing on the person's scoped
 * dashboard; sign-out there too (RP-initiated logout); a back-channel logout and a person disabled at Keycloak each
 * ending the dondoc session; a person the groups do not place, a replayed or missing state, each a clear page, audited,
 * never a session.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from '../support/browser';
import { eventually } from '../support/eventually';
import { oidcSettingsFor, startTestKeycloak, type TestKeycloak } from '../support/keycloak';
import { ADMIN_TOKEN, startTestSystem, type TestSystem } from '../support/system';

let keycloak: TestKeycloak;
let system: TestSystem;
let browser: Browser;
/** Access tokens live this long in the test realm, so a disabled person's session is checked within seconds. */
const ACCESS_TOKEN_SECONDS = 10;

beforeAll(async () => {
  keycloak = await startTestKeycloak();
  [system, browser] = await Promise.all([startTestSystem({ oidc: oidcSettingsFor(keycloak), localSignIn: false }), launchChromium()]);
  // As an operator registers dondoc at the provider: its callback, where logouts return, where back-channel logouts go.
  await keycloak.updateClient('dondoc', 'dondoc', {
    redirectUris: [`${system.apiUrl}/web/oidc/callback`],
    attributes: {
      'post.logout.redirect.uris': `${system.apiUrl}/web/signin`,
      'backchannel.logout.url': `${system.apiUrl}/oidc/backchannel-logout`,
    },
  });
  const realm = await keycloak.adminApi('/realms/dondoc', {
    method: 'PUT',
    body: JSON.stringify({ accessTokenLifespan: ACCESS_TOKEN_SECONDS }),
  });
  expect(realm.status).toBe(204);
  expect(
    (
      await system.api('/v1/directives', {
        body: { id: 'sso-web', number: '21/TB-VPCP', issuer: 'Văn phòng Chính phủ', issuedOn: '2026-11-20', title: 'SSO web test notice' },
      })
    ).status,
  ).toBe(201);
  const task = await system.api('/v1/directives/sso-web/tasks', {
    body: {
      id: 'sso-web-report',
      title: 'Báo cáo kết quả chuyển đổi số',
      dueOn: '2099-05-31',
      assignees: { units: ['an-giang', 'bo-ca'] },
    },
  });
  expect(task.status).toBe(202);
});

afterAll(async () => {
  await browser?.close();
  await system?.shutdown();
  await keycloak?.stop();
});

/** Through dondoc's sign-in button and Keycloak's own login page; the page ends where dondoc sent it. */
async function signInAtKeycloak(username: string): Promise<{ context: BrowserContext; page: Page; callback: string }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${system.apiUrl}/web/signin?lang=en`);
  await page.click('[data-testid=provider-sign-in]');
  await page.waitForURL((u) => u.href.startsWith(keycloak.url));
  await page.fill('#username', username);
  await page.fill('#password', `${username}-pass`);
  const callback = page.waitForRequest((r) => r.url().startsWith(`${system.apiUrl}/web/oidc/callback`));
  await Promise.all([page.waitForURL((u) => u.href.startsWith(system.apiUrl)), page.click('#kc-login')]);
  await page.waitForLoadState();
  return { context, page, callback: (await callback).url() };
}

/** Whether the browser still has a dondoc session: the inbox answers, or sends it to sign in. */
async function signedIn(page: Page): Promise<boolean> {
  await page.goto(`${system.apiUrl}/web/inbox`);
  return !new URL(page.url()).pathname.endsWith('/web/signin');
}

const auditedRefusals = async () =>
  ((await system.api('/v1/audit?limit=100')).body.items as { path: string; status: number; body: { refused?: string } }[])
    .filter((e) => e.path.startsWith('/web/oidc/') || e.path === '/oidc/backchannel-logout')
    .map((e) => e.body.refused ?? `ok ${e.status}`);

describe('signing in at Keycloak', () => {
  it('is the only way in when local sign-in is off', async () => {
    const page = await browser.newPage();
    await page.goto(`${system.apiUrl}/web/signin`);
    expect(await page.isVisible('[data-testid=provider-sign-in]')).toBe(true);
    expect(await page.locator('#token').count()).toBe(0);
    expect(await page.locator('form[action="/web/signin/link"]').count()).toBe(0);
    // The token form's route is gone too, whatever a caller posts (and dondoc's API tokens still work).
    const posted = await fetch(`${system.apiUrl}/web/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: system.apiUrl },
      body: new URLSearchParams({ token: ADMIN_TOKEN }),
    });
    expect(posted.status).toBe(404);
    expect((await system.api('/v1/me')).status).toBe(200);
    await page.close();
  });

  it("lands a unit officer on their own unit's inbox, and signs out at Keycloak too", async () => {
    const { context, page } = await signInAtKeycloak('an-giang');
    expect(new URL(page.url()).pathname).toBe('/web/inbox');
    await expect.poll(() => page.textContent('header')).toMatch(/An Giang/);
    const body = (await page.textContent('main')) ?? '';
    expect(body).toContain('Báo cáo kết quả chuyển đổi số');
    await screenshot(page, 'sso-inbox');
    // The other unit's assignment is not theirs to see.
    expect((await page.goto(`${system.apiUrl}/web/assignments/sso-web-report/an-giang`))?.status()).toBe(200);
    expect((await page.goto(`${system.apiUrl}/web/assignments/sso-web-report/bo-ca`))?.status()).toBe(404);

    await page.goto(`${system.apiUrl}/web/inbox`);
    await Promise.all([page.waitForURL((u) => u.pathname === '/web/signin'), page.click('form[action="/web/signout"] button')]);
    expect(await signedIn(page)).toBe(false);
    // Keycloak's session ended too: signing in again asks for the password.
    await page.goto(`${system.apiUrl}/web/signin`);
    await page.click('[data-testid=provider-sign-in]');
    await page.waitForURL((u) => u.href.startsWith(keycloak.url));
    expect(await page.isVisible('#password')).toBe(true);
    await context.close();
  });

  it('shows a person the groups do not place why, and gives them no session', async () => {
    const { context, page } = await signInAtKeycloak('ma');
    expect(await page.textContent('[data-testid=refusal]')).toMatch(/khong-ton-tai/);
    await screenshot(page, 'sso-not-placed');
    expect(await signedIn(page)).toBe(false);
    expect(await auditedRefusals()).toContain('unknown-unit');
    await context.close();
  });

  it('refuses a used state and a missing one', async () => {
    const { context, page, callback } = await signInAtKeycloak('dieu-phoi');
    expect(new URL(page.url()).pathname).toBe('/web/directives');
    const again = await page.goto(callback);
    expect(again?.status()).toBe(400);
    expect(await page.textContent('[data-testid=refusal]')).toMatch(/this browser|already used/);
    const missing = await page.goto(`${system.apiUrl}/web/oidc/callback?code=abc`);
    expect(missing?.status()).toBe(400);
    expect(await auditedRefusals()).toEqual(expect.arrayContaining(['missing-state']));
    await context.close();
  });
});

describe('access ended at Keycloak', () => {
  it('ends the dondoc session when Keycloak logs the person out (back-channel logout)', async () => {
    const { context, page } = await signInAtKeycloak('an-giang');
    expect(await signedIn(page)).toBe(true);
    // A forged logout token ends nothing.
    const forged = await fetch(`${system.apiUrl}/oidc/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' }),
    });
    expect(forged.status).toBe(400);
    expect(await signedIn(page)).toBe(true);
    await keycloak.logoutUser('dondoc', 'an-giang');
    await eventually(async () => expect(await signedIn(page)).toBe(false), 20_000, 250);
    expect(await auditedRefusals()).toContain('ok 200');
    await context.close();
  });

  it('ends the session of a person disabled at Keycloak at its next refresh', async () => {
    const { context, page } = await signInAtKeycloak('lanh-dao');
    expect(new URL(page.url()).pathname).toBe('/web/board');
    await keycloak.setUserEnabled('dondoc', 'lanh-dao', false);
    try {
      await eventually(async () => expect(await signedIn(page)).toBe(false), (ACCESS_TOKEN_SECONDS + 30) * 1000, 1000);
      // And they cannot sign in again.
      await page.goto(`${system.apiUrl}/web/signin`);
      await page.click('[data-testid=provider-sign-in]');
      await page.waitForURL((u) => u.href.startsWith(keycloak.url));
      await page.fill('#username', 'lanh-dao');
      await page.fill('#password', 'lanh-dao-pass');
      await page.click('#kc-login');
      await page.waitForLoadState();
      expect(page.url().startsWith(keycloak.url)).toBe(true);
    } finally {
      await keycloak.setUserEnabled('dondoc', 'lanh-dao', true);
      await context.close();
    }
  });
});
