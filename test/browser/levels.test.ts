/**
 * Issue 19's dashboard in Chromium against the whole system on the Temporal dev server: An Giang's officer confirms
 * a co-operating ministry's contribution from the inbox, passes the assignment on to three of its communes through
 * the form (a form with no unit chosen is refused on the page), sees 0/3 below it; the Government Office's task grid
 * expands An Giang into its communes; a commune's officer sees its own assignment and not its sibling's.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { ADMIN_TOKEN, startTestSystem, type TestSystem } from '../support/system';
import { addPeople } from '../support/people';

const COMMUNES = ['ag-xa-an-phu', 'ag-xa-nhon-hoi', 'ag-xa-vinh-hau'];
const TASK = 'lvw-task';

let system: TestSystem;
let browser: Browser;
const tokens: Record<string, string> = {};

const signedIn = (token: string): Promise<Page> => signedInPage(browser, system.apiUrl, token);
const statusOf = async (unit: string) =>
  (await system.deps.sql<{ status: string }[]>`SELECT status FROM assignments WHERE task_id = ${TASK} AND unit_code = ${unit}`)[0]?.status;

beforeAll(async () => {
  [system, browser] = await Promise.all([startTestSystem(), launchChromium()]);
  const people = [
    { id: 'lvw-ag', name: 'An Giang officer', role: 'unit', unitCode: 'an-giang' },
    { id: 'lvw-ca', name: 'MPS officer', role: 'unit', unitCode: 'bo-ca' },
    { id: 'lvw-xa', name: 'Nhon Hoi officer', role: 'unit', unitCode: 'ag-xa-nhon-hoi' },
  ];
  Object.assign(tokens, await addPeople(system, people));
  await system.api('/v1/directives', {
    body: { id: 'lvw', number: '214/NQ-CP', issuer: 'Chính phủ', issuedOn: '2025-07-23', title: 'Kế hoạch hành động về dữ liệu' },
  });
  const task = await system.api('/v1/directives/lvw/tasks', {
    body: {
      id: TASK,
      title: 'Làm sạch dữ liệu dân cư',
      dueOn: '2099-12-31',
      assignees: { units: ['an-giang'] },
      leadUnits: ['an-giang'],
      coordinatingUnits: ['bo-ca'],
    },
  });
  expect(task.status).toBe(202);
  await eventually(async () => {
    expect(await system.deps.sql`SELECT 1 FROM assignments WHERE task_id = ${TASK} AND version > 0`).toHaveLength(2);
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await system?.shutdown();
});

describe('levels on the dashboard', () => {
  it("confirms a co-operating ministry's contribution from the lead unit's inbox", async () => {
    const done = await system.api(`/v1/tasks/${TASK}/assignments/bo-ca/complete`, {
      token: tokens['lvw-ca'],
      body: { note: 'Đã rà soát dữ liệu' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'awaiting_confirmation', role: 'cooperating', answersTo: 'an-giang' });

    const page = await signedIn(tokens['lvw-ag']!);
    await page.goto(`${system.apiUrl}/web/inbox?lang=en`);
    const decisions = page.locator('section[data-section=decisions]');
    await expect(decisions.locator('article').count()).resolves.toBe(1);
    await expect(decisions.innerText()).resolves.toContain('Ministry of Public Security');
    await screenshot(page, 'levels-inbox-decisions');
    // The lead unit decides on the contribution; it does not work on it.
    expect(await decisions.locator('form[data-action=progress]').count()).toBe(0);
    await Promise.all([page.waitForNavigation(), decisions.locator('form[data-action=confirm] button[type=submit]').click()]);
    await expect(page.locator('.flash.ok').count()).resolves.toBe(1);
    await eventually(async () => expect(await statusOf('bo-ca')).toBe('completed_on_time'));
    await page.goto(`${system.apiUrl}/web/inbox?lang=en`);
    expect(await page.locator('section[data-section=decisions]').count()).toBe(0);
    await page.context().close();
  });

  it('passes the assignment on to three communes through the form, and refuses a form with no unit', async () => {
    const page = await signedIn(tokens['lvw-ag']!);
    await page.goto(`${system.apiUrl}/web/assignments/${TASK}/an-giang`);
    const form = page.locator('form[data-action=pass-on]');
    // The form offers An Giang's own units, the communes among them.
    for (const code of COMMUNES) expect(await form.locator(`input[name=units][value="${code}"]`).count()).toBe(1);
    expect(await form.locator('input[name=units][value="ha-noi"]').count()).toBe(0);
    // A holder with a hundred units below it narrows the list by name, diacritics or not.
    await page.fill('[data-testid=pass-on-search] input[name=unitSearch]', 'nhon hoi');
    await Promise.all([page.waitForNavigation(), page.locator('[data-testid=pass-on-search] button').click()]);
    await expect(
      form.locator('input[name=units]').evaluateAll((boxes) => boxes.map((b) => (b as unknown as { value: string }).value)),
    ).resolves.toEqual(['ag-xa-nhon-hoi']);
    await page.goto(`${system.apiUrl}/web/assignments/${TASK}/an-giang`);

    await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
    await expect(page.locator('.flash.err').innerText()).resolves.toContain('choose at least one unit');
    expect(await system.deps.sql`SELECT 1 FROM assignments WHERE task_id = ${TASK} AND parent_workflow_id IS NOT NULL`).toHaveLength(0);

    for (const code of COMMUNES) await form.locator(`input[name=units][value="${code}"]`).check();
    await form.locator('input[name=dueOn]').fill('2099-12-01');
    await form.locator('textarea[name=note]').fill('Rà soát trên địa bàn xã');
    await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
    await expect(page.locator('.flash.ok').count()).resolves.toBe(1);
    await expect(page.getByTestId('below-direct').getAttribute('data-total')).resolves.toBe('3');
    await expect(page.getByTestId('below-direct').getAttribute('data-done')).resolves.toBe('0');
    const rows = page.locator('[data-testid=sub-assignments] tbody tr');
    await expect(rows.count()).resolves.toBe(3);
    await expect(page.locator('[data-testid=sub-assignments]').innerText()).resolves.toContain('Rà soát trên địa bàn xã');
    // Units already holding the task are no longer offered.
    expect(await page.locator('form[data-action=pass-on] input[name=units][value="ag-xa-an-phu"]').count()).toBe(0);
    await screenshot(page, 'levels-passed-on');
    const stored = await system.deps.sql<{ unit_code: string; due_on: string; answers_to: string }[]>`
      SELECT unit_code, due_on::text AS due_on, answers_to FROM assignments
      WHERE task_id = ${TASK} AND parent_workflow_id IS NOT NULL ORDER BY unit_code`;
    expect(stored).toEqual(COMMUNES.map((unit_code) => ({ unit_code, due_on: '2099-12-01', answers_to: 'an-giang' })));
    await page.context().close();
  });

  it("expands An Giang into its communes in the Government Office's task grid", async () => {
    const page = await signedIn(ADMIN_TOKEN);
    await page.goto(`${system.apiUrl}/web/tasks/${TASK}?lang=en`);
    const row = page.locator('[data-testid=unit-grid] tr[data-unit="an-giang"]');
    const below = row.getByTestId('below');
    await expect(below.getAttribute('data-total')).resolves.toBe('3');
    // The communes are inside An Giang's row, not rows of their own.
    expect(await page.locator('[data-testid=unit-grid] tr[data-unit="ag-xa-an-phu"]').count()).toBe(0);
    await below.locator('summary').click();
    await expect(below.locator('li[data-unit]').count()).resolves.toBe(3);
    await screenshot(page, 'levels-task-grid');
    await page.context().close();
  });

  it("shows a commune its own assignment and not its sibling's", async () => {
    const page = await signedIn(tokens['lvw-xa']!);
    await page.goto(`${system.apiUrl}/web/tasks/${TASK}`);
    await expect(page.locator('[data-testid=unit-grid] tbody tr').count()).resolves.toBe(1);
    expect(await page.locator('[data-testid=unit-grid] tr[data-unit="ag-xa-nhon-hoi"]').count()).toBe(1);
    const sibling = await page.goto(`${system.apiUrl}/web/assignments/${TASK}/ag-xa-vinh-hau`);
    expect(sibling?.status()).toBe(404);
    // A commune passes nothing on where no unit is below it, and may not pass on its province's assignment.
    await page.goto(`${system.apiUrl}/web/assignments/${TASK}/ag-xa-nhon-hoi`);
    await expect(page.locator('main').innerText()).resolves.toMatch(/No units are registered|Chưa có đơn vị trực thuộc/);
    await page.context().close();
  });
});
