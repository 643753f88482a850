/**
 * The web dashboard in a real browser (Debian Chromium driven by playwright-core) against the whole system on
 * the Temporal dev server with the seeded directives: sign-in per role, the unit inbox completing an assignment
 * and the coordinator's task progress moving, an extension requested and approved, the 404 for another unit's
 * assignment, CSRF, the Project 06 report (62/63 localities, 22/28 ministries) and its XLSX, the Notice 203
 * Steering Committee grid, the leader board and the language switch. Screenshots go to test/browser/artifacts/.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher, type MailCatcher } from '../../dev/mail-catcher';
import { launchChromium, screenshot, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { startTestSystem, ADMIN_TOKEN, type TestSystem } from '../support/system';

let system: TestSystem;
let browser: Browser;
let mail: MailCatcher;
const tokens: Record<string, string> = {};
let taskReady: Promise<unknown>;

async function person(id: string, role: string, extra: Record<string, unknown> = {}): Promise<string> {
  const made = await system.api('/v1/admin/people', { body: { id, name: id, role, ...extra } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const token = await system.api(`/v1/admin/people/${id}/tokens`, { body: { name: 'browser test', expiresInDays: 1 } });
  expect(token.status, JSON.stringify(token.body)).toBe(201);
  return token.body.token as string;
}

async function signedIn(token: string, lang?: 'vi' | 'en'): Promise<{ context: BrowserContext; page: Page }> {
  const page = await signedInPage(browser, system.apiUrl, token, lang ?? null);
  return { context: page.context(), page };
}

const shot = screenshot;

beforeAll(async () => {
  mail = await startMailCatcher();
  [system, browser] = await Promise.all([
    startTestSystem({ seed: true, delivery: { smtpUrl: mail.smtpUrl, pollMs: 200 } }),
    launchChromium(),
  ]);
  tokens.admin = ADMIN_TOKEN;
  tokens.coordinator = await person('web-coord', 'coordinator');
  tokens.leader = await person('web-leader', 'leader');
  tokens.angiang = await person('web-ag', 'unit', { unitCode: 'an-giang' });
  tokens.boca = await person('web-bca', 'unit', { unitCode: 'bo-ca' });
  // A fresh directive and task (the seeded ones are from 2024 and overdue).
  expect(
    (
      await system.api('/v1/directives', {
        body: { id: 'web-2026', number: '77/TB-VPCP', issuer: 'Văn phòng Chính phủ', issuedOn: '2026-11-20', title: 'Web test notice' },
      })
    ).status,
  ).toBe(201);
  const task = await system.api('/v1/directives/web-2026/tasks', {
    body: { id: 'web-report', title: 'Báo cáo sơ kết', dueOn: '2099-05-31', assignees: { units: ['an-giang', 'bo-ca', 'can-tho'] } },
  });
  expect(task.status).toBe(202);
  // The assignment workflows start behind the seeds' fan-outs; tests that act on them wait for this.
  taskReady = eventually(
    async () => {
      for (const unit of ['an-giang', 'bo-ca', 'can-tho']) {
        const res = await system.api(`/v1/tasks/web-report/assignments/${unit}`);
        expect(res.body.timeline?.length ?? 0).toBeGreaterThan(0);
      }
    },
    120_000,
    250,
  );
  taskReady.catch(() => {});
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await system?.shutdown();
  await mail?.stop();
});

describe('web dashboard in Chromium', () => {
  it('signs in as each role and lands on its page; signs out', async () => {
    const cases: [string, string, RegExp][] = [
      ['admin', tokens.admin!, /\/web\/directives$/],
      ['coordinator', tokens.coordinator!, /\/web\/directives$/],
      ['leader', tokens.leader!, /\/web\/board$/],
      ['unit', tokens.angiang!, /\/web\/inbox$/],
    ];
    for (const [role, token, landing] of cases) {
      const { context, page } = await signedIn(token);
      expect(page.url()).toMatch(landing);
      // The role by name in the reader's language (Vietnamese by default), never its code.
      const roleName = { admin: 'quản trị', coordinator: 'điều phối', leader: 'lãnh đạo', unit: 'cán bộ đơn vị' }[role];
      await expect(page.locator('header').innerText()).resolves.toContain(`(${roleName}`);
      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === 'dd_session')!;
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      await shot(page, `signed-in-${role}`);
      if (role === 'unit') {
        await page.click('header form button');
        await page.waitForURL(/\/web\/signin/);
        await page.goto(`${system.apiUrl}/web/inbox`);
        expect(page.url()).toMatch(/\/web\/signin/);
      }
      await context.close();
    }
    const bad = await browser.newPage();
    await bad.goto(`${system.apiUrl}/`);
    await shot(bad, 'signin');
    await bad.fill('#token', 'dd_not-a-token');
    await bad.click('button[type=submit]');
    await expect(bad.locator('[role=alert]').innerText()).resolves.toMatch(/không đúng/);
    await bad.close();
  });

  it('completes an assignment from the unit inbox and the coordinator sees the task progress change', async () => {
    await taskReady;
    const coord = await signedIn(tokens.coordinator!);
    await coord.page.goto(`${system.apiUrl}/web/tasks/web-report`);
    await expect(coord.page.getByTestId('task-progress').innerText()).resolves.toContain('0/3');

    const unit = await signedIn(tokens.angiang!);
    await shot(unit.page, 'unit-inbox');
    const card = unit.page.locator('[data-assignment="web-report/an-giang"]');
    await card.locator('summary').first().click();
    // One action's form open at a time: its fields show under its name.
    await card.locator('details[data-action-toggle=complete] > summary').click();
    await card.locator('form[aria-label="Báo cáo hoàn thành"] input[name=evidenceUrl]').fill('https://angiang.gov.vn/bc-77.pdf');
    await card.locator('form[aria-label="Báo cáo hoàn thành"] input[name=documentNumber]').fill('77/BC-UBND');
    await card.locator('form[aria-label="Báo cáo hoàn thành"] button[type=submit]').click();
    await unit.page.waitForLoadState();
    await expect(unit.page.locator('.flash').innerText()).resolves.toContain('Đã thực hiện');
    await expect(unit.page.locator('[data-section=completed_on_time] [data-assignment="web-report/an-giang"]').count()).resolves.toBe(1);

    await eventually(
      async () => {
        await coord.page.reload();
        await expect(coord.page.getByTestId('task-progress').innerText()).resolves.toContain('1/3');
      },
      15_000,
      500,
    );
    const [audit] = await system.deps.sql<{ principal_id: string; role: string; status: number; body: Record<string, unknown> }[]>`
      SELECT principal_id, role, status, body FROM audit_log WHERE path = '/web/assignments/web-report/an-giang/complete'`;
    expect(audit).toMatchObject({
      principal_id: 'web-ag',
      role: 'unit',
      status: 200,
      body: { evidenceUrl: 'https://angiang.gov.vn/bc-77.pdf' },
    });
    expect(JSON.stringify(audit!.body)).not.toContain('_csrf');
    const row = coord.page.locator('tr[data-unit=an-giang]');
    expect(await row.getAttribute('data-status')).toBe('completed_on_time');
    expect(await row.locator('a[href="https://angiang.gov.vn/bc-77.pdf"]').count()).toBe(1);
    await shot(coord.page, 'task-grid-web-report');
    await coord.context.close();
    await unit.context.close();
  });

  it('a unit requests an extension and the coordinator approves it', async () => {
    await taskReady;
    const unit = await signedIn(tokens.boca!);
    await unit.page.goto(`${system.apiUrl}/web/assignments/web-report/bo-ca`);
    const form = unit.page.locator('form[aria-label="Đề nghị gia hạn"]');
    await unit.page.locator('details[data-action-toggle=requestExtension] > summary').click();
    await expect(unit.page.locator('details[data-action-toggle=progress][open]').count()).resolves.toBe(0);
    await form.locator('input[name=newDueOn]').fill('2099-07-15');
    await form.locator('textarea[name=reason]').fill('Chờ ý kiến các bộ');
    await form.locator('button[type=submit]').click();
    await unit.page.waitForLoadState();
    await expect(unit.page.locator('.flash').innerText()).resolves.toContain('Đã thực hiện');
    await shot(unit.page, 'assignment-extension-requested');

    const coord = await signedIn(tokens.coordinator!);
    await coord.page.goto(`${system.apiUrl}/web/assignments/web-report/bo-ca`);
    await expect(coord.page.locator('form[aria-label="Quyết định gia hạn"]').innerText()).resolves.toContain('15/07/2099');
    await coord.page.locator('form[aria-label="Quyết định gia hạn"] button[value=true]').click();
    await coord.page.waitForLoadState();
    await expect(coord.page.getByTestId('due').innerText()).resolves.toContain('15/07/2099');
    const link = await coord.page.getByTestId('temporal-link').getAttribute('href');
    expect(link).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/${encodeURIComponent('assignment/web-report/bo-ca')}`);
    await expect(coord.page.getByTestId('timeline').innerText()).resolves.toContain('Đồng ý gia hạn');
    expect(
      await coord.page.locator('[data-testid=timeline] td[data-kind]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-kind'))),
    ).toEqual(['assigned', 'extension_requested', 'extension_approved']);
    await shot(coord.page, 'assignment-extension-approved');
    const api = await system.api('/v1/tasks/web-report/assignments/bo-ca');
    expect(api.body).toMatchObject({ dueOn: '2099-07-15', originalDueOn: '2099-05-31', pendingExtension: null });
    await coord.context.close();
    await unit.context.close();
  });

  it('a unit declines an assignment from the web and the coordinator insists; each form only where the role and state allow', async () => {
    const made = await system.api('/v1/directives/web-2026/tasks', {
      body: { id: 'web-decline', title: 'Rà soát thủ tục', dueOn: '2099-06-30', assignees: { units: ['bo-ca'] } },
    });
    expect(made.status).toBe(202);
    await eventually(
      async () => {
        expect((await system.api('/v1/tasks/web-decline/assignments/bo-ca')).body.timeline?.length ?? 0).toBeGreaterThan(0);
      },
      120_000,
      250,
    );
    const here = `${system.apiUrl}/web/assignments/web-decline/bo-ca`;
    const coord = await signedIn(tokens.coordinator!);
    await coord.page.goto(here);
    // Nothing declined yet: no insist form for the coordinator.
    expect(await coord.page.locator('form[data-action=insist]').count()).toBe(0);

    const unit = await signedIn(tokens.boca!);
    await unit.page.goto(here);
    // A unit may not cancel, reassign or insist, whatever the state.
    for (const action of ['cancel', 'reassign', 'insist', 'confirm'])
      expect(await unit.page.locator(`form[data-action=${action}]`).count()).toBe(0);
    const decline = unit.page.locator('form[aria-label="Từ chối nhiệm vụ"]');
    await unit.page.locator('details[data-action-toggle=decline] > summary').click();
    await decline.locator('textarea[name=reason]').fill('Không thuộc chức năng của Bộ Công an');
    await decline.locator('button[type=submit]').click();
    await unit.page.waitForLoadState();
    await expect(unit.page.locator('.flash').innerText()).resolves.toContain('Đã thực hiện');
    // Declined once: the form is gone until the coordinator decides.
    expect(await unit.page.locator('form[data-action=decline]').count()).toBe(0);
    expect((await system.api('/v1/tasks/web-decline/assignments/bo-ca')).body.refusal).toMatchObject({
      reason: 'Không thuộc chức năng của Bộ Công an',
    });
    await shot(unit.page, 'assignment-declined');

    await coord.page.goto(here);
    const insist = coord.page.locator('form[aria-label="Giữ giao cho đơn vị"]');
    await coord.page.locator('details[data-action-toggle=insist] > summary').click();
    await expect(insist.innerText()).resolves.toContain('Không thuộc chức năng của Bộ Công an');
    await insist.locator('input[name=note]').fill('Đề nghị Bộ Công an tiếp tục chủ trì');
    await insist.locator('button[type=submit]').click();
    await coord.page.waitForLoadState();
    await expect(coord.page.locator('.flash').innerText()).resolves.toContain('Đã thực hiện');
    expect(await coord.page.locator('form[data-action=insist]').count()).toBe(0);
    expect(
      await coord.page.locator('[data-testid=timeline] td[data-kind]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-kind'))),
    ).toEqual(['assigned', 'declined', 'refusal_rejected']);
    expect((await system.api('/v1/tasks/web-decline/assignments/bo-ca')).body.refusal).toBeNull();
    await shot(coord.page, 'assignment-insisted');
    const [audit] = await system.deps.sql<{ principal_id: string; status: number }[]>`
      SELECT principal_id, status FROM audit_log WHERE path = '/web/assignments/web-decline/bo-ca/insist'`;
    expect(audit).toMatchObject({ principal_id: 'web-coord', status: 200 });
    await coord.context.close();
    await unit.context.close();
  });

  it('extends and cancels selected units from the task grid as coordinator (bulk actions)', async () => {
    await taskReady;
    const { context, page } = await signedIn(tokens.coordinator!);
    await page.goto(`${system.apiUrl}/web/tasks/web-report`);
    // Nothing selected, or no new date: refused with the reason, nothing changes.
    await page.selectOption('select[name=action]', 'extend');
    await page.click('fieldset button[type=submit]');
    await page.waitForLoadState();
    await expect(page.locator('.flash.err').innerText()).resolves.toContain('Thao tác bị từ chối');
    await page.check('#u-can-tho');
    await page.click('fieldset button[type=submit]');
    await page.waitForLoadState();
    await expect(page.locator('.flash.err').innerText()).resolves.toContain('newDueOn');
    await page.check('#u-can-tho');
    await page.selectOption('select[name=action]', 'extend');
    await page.fill('input[name=newDueOn]', '2099-08-31');
    await page.fill('fieldset input[name=reason]', 'Gia hạn chung');
    await shot(page, 'task-grid-bulk');
    await page.click('fieldset button[type=submit]');
    await page.waitForLoadState();
    await expect(page.locator('.flash').innerText()).resolves.toContain('1/1');
    expect((await system.api('/v1/tasks/web-report/assignments/can-tho')).body).toMatchObject({
      dueOn: '2099-08-31',
      pendingExtension: null,
    });
    await expect(page.locator('tr[data-unit=can-tho]').innerText()).resolves.toContain('31/08/2099');

    await page.check('#u-can-tho');
    await page.selectOption('select[name=action]', 'cancel');
    await page.fill('fieldset input[name=reason]', 'Không còn phù hợp');
    await page.click('fieldset button[type=submit]');
    await page.waitForLoadState();
    await expect(page.locator('.flash').innerText()).resolves.toContain('1/1');
    expect(await page.locator('tr[data-unit=can-tho]').getAttribute('data-status')).toBe('cancelled');
    // Cancelled assignments are not counted, as in the API's roll-up.
    await expect(page.getByTestId('task-progress').innerText()).resolves.toContain('1/2');
    expect((await system.api('/v1/tasks/web-report/progress')).body).toMatchObject({ total: 2, completed: 1, cancelled: 1 });
    await context.close();
  });

  it('emails a one-time sign-in link to a registered address, and says the same for an unknown one', async () => {
    await person('web-mailed', 'unit', { unitCode: 'can-tho', email: 'vanphong@cantho.example.vn', language: 'en' });
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const address of ['nobody@example.vn', 'VanPhong@cantho.example.vn']) {
      await page.goto(`${system.apiUrl}/web/signin?lang=en`);
      await page.fill('#email', address);
      await Promise.all([page.waitForLoadState(), page.click('form[action="/web/signin/link"] button')]);
      await expect(page.getByRole('status').innerText()).resolves.toContain('If that address belongs to someone registered');
    }
    await shot(page, 'signin-link-sent');
    const message = await eventually(
      () => {
        const found = mail.messages.filter((m) => m.headers['x-dondoc-kind'] === 'signin_link');
        expect(found).toHaveLength(1);
        return found[0]!;
      },
      30_000,
      200,
    );
    expect(message.envelopeTo).toEqual(['vanphong@cantho.example.vn']);
    expect(message.subject).toBe('[dondoc] Your sign-in link');
    const link = /https?:\/\/\S+\/web\/magic\/\S+/.exec(message.text)![0];
    // Opening the link only shows a page (mail scanners that follow links consume nothing); the button redeems it.
    await page.goto(link);
    await Promise.all([page.waitForURL(/\/web\/inbox/), page.getByTestId('redeem').click()]);
    expect(page.url()).toMatch(/\/web\/inbox/);
    await expect(page.getByTestId('who').innerText()).resolves.toBe('web-mailed');
    await context.close();
  });

  it('signs in with a one-time link an admin made, and keeps the chosen language', async () => {
    const admin = await signedIn(tokens.admin!);
    await admin.page.goto(`${system.apiUrl}/web/magic-links`);
    await admin.page.fill('input[name=personId]', 'web-leader');
    await admin.page.click('main button[type=submit]');
    const link = await admin.page.getByTestId('magic-link').innerText();
    expect(link).toMatch(/\/web\/magic\/[\w-]{20,}$/);
    await admin.context.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link);
    await Promise.all([page.waitForURL(/\/web\/board$/), page.getByTestId('redeem').click()]);
    expect(page.url()).toMatch(/\/web\/board$/);
    await expect(page.getByTestId('who').innerText()).resolves.toBe('web-leader');
    await page.goto(`${system.apiUrl}/web/directives?lang=en`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Directives');
    await page.goto(`${system.apiUrl}/web/board`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Leader board');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await shot(page, 'leader-board-en');
    await context.close();

    const again = await browser.newPage();
    await again.goto(link);
    const [reused] = await Promise.all([
      again.waitForResponse((r) => r.request().method() === 'POST'),
      again.getByTestId('redeem').click(),
    ]);
    expect(reused.status()).toBe(400);
    await again.close();
  });

  it("gives a unit officer 404 for another unit's assignment, and refuses a form without the CSRF token", async () => {
    const unit = await signedIn(tokens.angiang!);
    const other = await unit.page.goto(`${system.apiUrl}/web/assignments/web-report/bo-ca`);
    expect(other?.status()).toBe(404);
    const seeded = await unit.page.goto(`${system.apiUrl}/web/assignments/cv452-security-review-report/bo-ca`);
    expect(seeded?.status()).toBe(404);
    await shot(unit.page, 'not-found');
    const own = await unit.page.goto(`${system.apiUrl}/web/assignments/web-report/an-giang`);
    expect(own?.status()).toBe(200);
    // Posting to another unit's assignment with a valid token is 404 too, and nothing changes.
    const csrf = await unit.page.locator('input[name=_csrf]').first().getAttribute('value');
    const foreign = await unit.page.request.post(`${system.apiUrl}/web/assignments/web-report/can-tho/acknowledge`, {
      form: { _csrf: csrf!, _return: '/web/inbox' },
      headers: { origin: system.apiUrl },
      maxRedirects: 0,
    });
    expect(foreign.status()).toBe(404);
    const noToken = await unit.page.request.post(`${system.apiUrl}/web/assignments/web-report/an-giang/progress`, {
      form: { percent: '50', note: 'x' },
      headers: { origin: system.apiUrl },
      maxRedirects: 0,
    });
    expect(noToken.status()).toBe(403);
    expect((await system.api('/v1/tasks/web-report/assignments/can-tho')).body.acknowledged).toBe(false);
    await unit.context.close();
  });

  it('reports 62/63 localities and 22/28 ministries for Project 06, downloadable as XLSX and CSV', async () => {
    const { context, page } = await signedIn(tokens.coordinator!, 'en');
    await page.goto(`${system.apiUrl}/web/reports/cv-452-review-2024`);
    const groups = await page.getByTestId('report-groups').innerText();
    expect(groups).toContain('62/63 localities');
    expect(groups).toContain('22/28 ministries');
    await shot(page, 'report-project-06-en');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('xlsx').click()]);
    expect(download.suggestedFilename()).toBe('cv-452-review-2024-en.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as never);
    const cells: string[] = [];
    wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
    expect(cells).toEqual(expect.arrayContaining(['62/63 localities, 22/28 ministries']));
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Report', 'Overdue assignments']);
    expect(wb.worksheets[1]!.rowCount).toBe(1 + 7); // header + the 7 laggards, all overdue

    await page.goto(`${system.apiUrl}/web/reports/cv-452-review-2024?lang=vi`);
    expect(await page.getByTestId('report-groups').innerText()).toContain('62/63 địa phương, 22/28 bộ, cơ quan');
    await shot(page, 'report-project-06-vi');
    const csv = await page.request.get(`${system.apiUrl}/web/reports/cv-452-review-2024/report.csv?lang=vi`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('62/63 địa phương');
    await context.close();
  });

  it('lists every ministry and province with its status on the Notice 203 Steering Committee task', async () => {
    const api = await system.api('/v1/assignments?task=tb203-steering-committee&limit=500');
    const expected = new Map<string, string>(api.body.items.map((a: { unitCode: string; status: string }) => [a.unitCode, a.status]));
    expect(expected.size).toBeGreaterThan(63);
    const { context, page } = await signedIn(tokens.coordinator!);
    await page.goto(`${system.apiUrl}/web/tasks/tb203-steering-committee`);
    const rows = await page
      .locator('[data-testid=unit-grid] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-unit'), tr.getAttribute('data-status')] as [string, string]));
    expect(new Map(rows)).toEqual(expected);
    const text = await page.getByTestId('unit-grid').innerText();
    expect(text).toContain('Tỉnh Kiên Giang');
    expect(text).toContain('Quá hạn');
    expect(text).toMatch(/\d{2}\/\d{2}\/2024/); // dd/mm/yyyy in Vietnamese
    await shot(page, 'task-grid-tb203-steering-committee');
    await page.goto(`${system.apiUrl}/web/directives`);
    await expect(page.locator('[data-task=tb203-steering-committee]').innerText()).resolves.toMatch(
      /\d+\/\d+ hoàn thành, \d+ trễ hạn, \d+ quá hạn/,
    );
    await shot(page, 'directives');
    await page.goto(`${system.apiUrl}/web/directives?lang=en&q=452`);
    await expect(page.locator('[data-task=cv452-security-review-report]').innerText()).resolves.toMatch(
      /84\/91 completed, \d+ late, \d+ overdue/,
    );
    await shot(page, 'directives-filtered-en');
    await context.close();
  });

  it('shows the leader board: overdue by unit and directive with escalation level, and the on-time chart', async () => {
    const { context, page } = await signedIn(tokens.leader!);
    const groups = page.getByTestId('overdue-groups');
    await expect(groups.locator('tbody tr').count()).resolves.toBeGreaterThan(10);
    await expect(groups.innerText()).resolves.toContain('Tỉnh Kiên Giang');
    expect(await page.getByTestId('rate-chart').locator('rect').count()).toBeGreaterThan(10);
    await shot(page, 'leader-board');
    await context.close();

    // A leader with a scope sees only those units, as over the API.
    const scoped = await signedIn(await person('web-leader-ag', 'leader', { scope: ['an-giang'] }));
    const units = await scoped.page.locator('[data-testid=overdue-groups] tbody tr td:first-child').allInnerTexts();
    expect(units.length).toBeGreaterThan(0);
    expect(new Set(units)).toEqual(new Set(['Tỉnh An Giang']));
    const other = await scoped.page.goto(`${system.apiUrl}/web/assignments/tb203-steering-committee/kien-giang`);
    expect(other?.status()).toBe(404);
    await scoped.context.close();
  });
});
