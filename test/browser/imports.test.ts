/**
 * Issue 20's dashboard in a real browser (Debian Chromium via playwright-core) against the whole system on the
 * Temporal dev server: a coordinator uploads an XLSX written by exceljs with an unknown unit, sees the error on
 * its cell, fixes the file, uploads it again, commits, and the tasks exist; a notice's text becomes drafts with
 * their spans marked, committed through the same import. Screenshots go to test/browser/artifacts/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInPage } from '../support/browser';
import { startTestSystem, type TestSystem } from '../support/system';
import { taskTableWorkbook, XLSX } from '../support/task-table';

const DIRECTIVE = 'web-import';

let system: TestSystem;
let browser: Browser;
let coordinator: string;

const signedIn = (token: string): Promise<Page> => signedInPage(browser, system.apiUrl, token);

async function taskTitles(): Promise<string[]> {
  const rows = await system.deps.sql<{ title: string }[]>`SELECT title FROM tasks WHERE directive_id = ${DIRECTIVE} ORDER BY title`;
  return rows.map((r) => r.title);
}

const shot = screenshot;

beforeAll(async () => {
  [system, browser] = await Promise.all([startTestSystem(), launchChromium()]);
  const made = await system.api('/v1/admin/people', { body: { id: 'imp-coord', name: 'imp-coord', role: 'coordinator' } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const token = await system.api('/v1/admin/people/imp-coord/tokens', { body: { name: 'browser test', expiresInDays: 1 } });
  expect(token.status).toBe(201);
  coordinator = token.body.token;
  const directive = await system.api('/v1/directives', {
    body: { id: DIRECTIVE, number: '88/TB-VPCP', issuer: 'Văn phòng Chính phủ', issuedOn: '2026-11-02', title: 'Kết luận về dữ liệu' },
  });
  expect(directive.status).toBe(201);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await system?.shutdown();
});

describe('task import in Chromium', () => {
  it('uploads an XLSX, sees the cell error, fixes the file, uploads again and commits it', async () => {
    const page = await signedIn(coordinator);
    await page.goto(`${system.apiUrl}/web/directives`);
    await page.click(`a[href="/web/directives/${DIRECTIVE}/import"]`);
    await page.waitForURL(/\/import$/);

    const template = await Promise.all([page.waitForEvent('download'), page.click('a[href="/web/imports/template.xlsx"]')]);
    expect(template[0].suggestedFilename()).toBe('mau-nhiem-vu.xlsx');

    const good = ['Xây dựng cơ sở dữ liệu dân cư', '', 'Bộ Công an', 'Bo Tu phap', 'trước ngày 15/12/2026', 'x', ''];
    const bad = await taskTableWorkbook([
      [null, ...good],
      [null, 'Báo cáo kết quả', '', 'Bộ Không Tồn Tại', '', '30/6/2027', '', ''],
    ]);
    await page.setInputFiles('input[type=file][name=file]', { name: 'nhiem-vu.xlsx', mimeType: XLSX, buffer: Buffer.from(bad) });
    await Promise.all([page.waitForNavigation(), page.click('form[enctype="multipart/form-data"] button[type=submit]')]);
    const error = page.getByTestId('cell-error');
    await expect(error.count()).resolves.toBe(1);
    expect(await error.getAttribute('data-cell')).toBe('D3');
    await expect(error.innerText()).resolves.toMatch(/^D3: .*Bộ Không Tồn Tại/);
    expect(await page.locator('td.error').count()).toBe(1);
    expect(await page.locator('tr[data-row="2"]').getAttribute('data-action')).toBe('create');
    expect(await page.locator('tr[data-row="3"]').getAttribute('data-action')).toBe('invalid');
    await expect(page.locator('tr[data-row="2"]').innerText()).resolves.toContain('bo-ca');
    await expect(page.locator('tr[data-row="2"] [data-testid=deadline-rule]').count()).resolves.toBe(1);
    expect(await page.getByTestId('commit').count()).toBe(0);
    await shot(page, 'import-cell-error');
    expect(await taskTitles()).toEqual([]);

    const fixed = await taskTableWorkbook([
      [null, ...good],
      [null, 'Báo cáo kết quả', '', 'An Giang', '', '30/6/2027', '', ''],
    ]);
    await page.setInputFiles('input[type=file][name=file]', { name: 'nhiem-vu.xlsx', mimeType: XLSX, buffer: Buffer.from(fixed) });
    await Promise.all([page.waitForNavigation(), page.click('form[enctype="multipart/form-data"] button[type=submit]')]);
    await expect(page.getByTestId('cell-error').count()).resolves.toBe(0);
    expect(await page.locator('tr[data-action=create]').count()).toBe(2);
    await shot(page, 'import-preview');
    expect(await taskTitles()).toEqual([]);

    await Promise.all([page.waitForNavigation(), page.getByTestId('commit').click()]);
    await expect(page.getByTestId('import-committed').innerText()).resolves.toMatch(/create 2/);
    await shot(page, 'import-committed');
    expect(await taskTitles()).toEqual(['Báo cáo kết quả', 'Xây dựng cơ sở dữ liệu dân cư']);
    const tasks = await system.deps.sql<{ title: string; due_on: string; lead_units: string[] }[]>`
      SELECT title, due_on::text AS due_on, lead_units FROM tasks WHERE directive_id = ${DIRECTIVE} ORDER BY title`;
    expect(tasks[0]).toMatchObject({ due_on: '2027-06-30' });

    // The directive's page lists the new tasks.
    await Promise.all([page.waitForNavigation(), page.getByTestId('directive-link').click()]);
    await expect(page.locator('main').innerText()).resolves.toContain('Xây dựng cơ sở dữ liệu dân cư');

    // The same file again creates nothing.
    await page.goto(`${system.apiUrl}/web/directives/${DIRECTIVE}/import`);
    await page.setInputFiles('input[type=file][name=file]', { name: 'nhiem-vu.xlsx', mimeType: XLSX, buffer: Buffer.from(fixed) });
    await Promise.all([page.waitForNavigation(), page.click('form[enctype="multipart/form-data"] button[type=submit]')]);
    expect(await page.locator('tr[data-action=unchanged]').count()).toBe(2);
    expect(await page.getByTestId('commit').count()).toBe(0);
    await page.context().close();
  });

  it('refuses a file that is not a spreadsheet on the page, and the import pages to a unit', async () => {
    const page = await signedIn(coordinator);
    await page.goto(`${system.apiUrl}/web/directives/${DIRECTIVE}/import`);
    await page.setInputFiles('input[type=file][name=file]', { name: 'note.csv', mimeType: 'text/csv', buffer: Buffer.from([0, 1, 2, 3]) });
    await Promise.all([page.waitForNavigation(), page.click('form[enctype="multipart/form-data"] button[type=submit]')]);
    await expect(page.getByTestId('import-refused').innerText()).resolves.toMatch(/binary|not a CSV/);
    await page.context().close();

    const made = await system.api('/v1/admin/people', { body: { id: 'imp-unit', name: 'imp-unit', role: 'unit', unitCode: 'an-giang' } });
    expect(made.status).toBe(201);
    const token = await system.api('/v1/admin/people/imp-unit/tokens', { body: { name: 'browser test', expiresInDays: 1 } });
    const unit = await signedIn(token.body.token);
    for (const path of ['import', 'draft']) {
      const res = await unit.goto(`${system.apiUrl}/web/directives/${DIRECTIVE}/${path}`);
      expect(res?.status()).toBe(403);
    }
    await unit.goto(`${system.apiUrl}/web/inbox`);
    expect(await unit.locator(`a[href="/web/directives/${DIRECTIVE}/import"]`).count()).toBe(0);
    await unit.context().close();
  });

  it('drafts tasks from a notice with the spans marked and commits the edited draft', async () => {
    const page = await signedIn(coordinator);
    await page.goto(`${system.apiUrl}/web/directives/${DIRECTIVE}/draft`);
    expect(await page.inputValue('input[name=issuedOn]')).toBe('2026-11-02');
    const text =
      'Giao Bộ Tài chính chủ trì, phối hợp với Bộ Tư pháp xây dựng đề án chuyển đổi số, báo cáo Thủ tướng Chính phủ trước ngày 31/3/2027.';
    await page.fill('textarea[name=text]', text);
    await Promise.all([page.waitForNavigation(), page.click('form[aria-label="Extract tasks"] button[type=submit]')]);
    const marks = page.locator('[data-testid=draft-source] mark');
    expect(await marks.count()).toBeGreaterThan(0);
    await expect(page.getByTestId('draft-source').innerText()).resolves.toBe(text);
    const firstRow = page.locator('[data-testid=draft-rows] tr[data-draft="1"]');
    expect(await firstRow.locator('input[name=deadline]').inputValue()).toMatch(/31\/3\/2027/);
    await firstRow.locator('[name=title]').fill('Xây dựng đề án chuyển đổi số (đã sửa)');
    await shot(page, 'draft-from-text');
    await Promise.all([page.waitForNavigation(), page.getByTestId('commit-drafts').click()]);
    await expect(page.getByTestId('import-committed').innerText()).resolves.toMatch(/create [1-9]/);
    expect(await taskTitles()).toContain('Xây dựng đề án chuyển đổi số (đã sửa)');
    await page.context().close();
  });
});
