/**
 * Issue 21's leader board in a real browser (Debian Chromium driven by playwright-core) against the whole system
 * on the Temporal dev server: assignments with different lateness, the board putting the worst unit first (most
 * overdue, then most days late), a figure's link leading to the assignments behind it, the unit-kind and period
 * filters, and the monthly trend with its table. Screenshots go to test/browser/artifacts/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, toVnDate } from '../../domain/dates';
import { eventually } from '../support/eventually';
import { launchChromium, screenshot, signedInPage } from '../support/browser';
import { startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;
let browser: Browser;
let leaderToken: string;
const today = toVnDate(new Date());

async function act(taskId: string, unit: string, action: string, body: unknown) {
  const res = await system.api(`/v1/tasks/${taskId}/assignments/${unit}/${action}`, { body });
  expect(res.status, `${action} ${taskId}/${unit}: ${JSON.stringify(res.body)}`).toBe(200);
}

const signedIn = (token: string): Promise<Page> => signedInPage(browser, system.apiUrl, token);

const shot = screenshot;
const rowUnits = (page: Page) =>
  page.locator('[data-testid=overdue-groups] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')));

beforeAll(async () => {
  [system, browser] = await Promise.all([startTestSystem(), launchChromium()]);
  const person = await system.api('/v1/admin/people', { body: { id: 'board-leader', name: 'Board leader', role: 'leader' } });
  expect(person.status, JSON.stringify(person.body)).toBe(201);
  const token = await system.api('/v1/admin/people/board-leader/tokens', { body: { name: 'board test', expiresInDays: 1 } });
  expect(token.status).toBe(201);
  leaderToken = token.body.token as string;

  const directive = await system.api('/v1/directives', {
    body: { id: 'board-dir', number: '9/TB-BOARD', issuer: 'Văn phòng Chính phủ', issuedOn: addDays(today, -60), title: 'Board test' },
  });
  expect(directive.status, JSON.stringify(directive.body)).toBe(201);
  // Old: 40 days past due; mid: 20 days past due; new: due far ahead.
  for (const [id, dueOn, units] of [
    ['board-old', addDays(today, -40), ['ha-noi', 'can-tho', 'an-giang']],
    ['board-mid', addDays(today, -20), ['ha-noi']],
    ['board-new', '2099-12-31', ['an-giang', 'can-tho', 'bo-ca']],
  ] as const) {
    const created = await system.api('/v1/directives/board-dir/tasks', { body: { id, title: `Task ${id}`, dueOn, assignees: { units } } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
  }
  await eventually(
    async () => {
      const rows = await system.deps.sql`SELECT 1 FROM assignments WHERE directive_id = 'board-dir' AND version > 0`;
      expect(rows).toHaveLength(7);
    },
    120_000,
    250,
  );
  await act('board-old', 'an-giang', 'complete', { note: 'done, 40 days late' });
  await act('board-new', 'bo-ca', 'complete', { note: 'done on time' });
  await eventually(async () => {
    const rows = await system.deps.sql`
      SELECT 1 FROM assignment_events e JOIN assignments a USING (workflow_id) WHERE a.directive_id = 'board-dir' AND e.kind = 'completed'`;
    expect(rows).toHaveLength(2);
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await system?.shutdown();
});

describe('the leader board in Chromium', () => {
  it('puts the worst unit first and a figure links to the assignments behind it', async () => {
    const page = await signedIn(leaderToken);
    expect(page.url()).toMatch(/\/web\/board$/);
    // ha-noi: 2 overdue (60 days late); can-tho: 1 overdue (40); an-giang: none overdue, 40 days late on a completion; bo-ca: on time.
    expect(await rowUnits(page)).toEqual(['ha-noi', 'can-tho', 'an-giang', 'bo-ca']);
    const worst = page.locator('[data-testid=overdue-groups] tbody tr[data-unit=ha-noi]');
    await expect(worst.locator('td').allInnerTexts()).resolves.toEqual(['Hanoi', '2', '0', '0', '0', '2', '60']);
    await shot(page, 'board-worst-first');

    // The trend: an accessible picture and its table; this month's cut-off carries all seven.
    const chart = page.getByTestId('rate-chart');
    expect(await chart.getAttribute('role')).toBe('img');
    await expect(chart.locator('title').textContent()).resolves.toBe('Monthly trend of the five columns');
    expect(await page.locator('[data-testid=trend-table] tbody tr').count()).toBe(12);
    await expect(page.locator('[data-testid=trend-table] tbody tr').last().locator('th, td').allTextContents()).resolves.toEqual([
      today.slice(0, 7),
      '7',
      '1',
      '1',
      '2',
      '3',
    ]);

    await Promise.all([page.waitForURL(/\/web\/board\/assignments\?/), worst.locator('a[data-column=openOverdue]').click()]);
    const url = new URL(page.url());
    expect([url.searchParams.get('unit'), url.searchParams.get('column')]).toEqual(['ha-noi', 'openOverdue']);
    const behind = page.locator('[data-testid=board-assignments] tbody tr');
    expect(await behind.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task')))).toEqual(['board-old', 'board-mid']);
    await expect(behind.first().locator('td').last().innerText()).resolves.toBe('40');
    await shot(page, 'board-behind-figure');
    await Promise.all([page.waitForURL(/\/web\/assignments\/board-old\/ha-noi$/), behind.first().locator('a').first().click()]);
    await page.context().close();
  });

  it('filters by kind of unit and by period with its GET form', async () => {
    const page = await signedIn(leaderToken);
    await page.selectOption('[data-testid=board-filters] select[name=kind]', 'ministry');
    await Promise.all([page.waitForURL(/kind=ministry/), page.click('[data-testid=board-filters] button[type=submit]')]);
    expect(await rowUnits(page)).toEqual(['bo-ca']);
    // The figure links keep the filters.
    const link = await page.locator('tr[data-unit=bo-ca] a[data-column=completedOnTime]').getAttribute('href');
    expect(link).toContain('kind=ministry');

    await page.goto(`${system.apiUrl}/web/board?from=${addDays(today, 1)}`);
    expect(await rowUnits(page)).toEqual([]);
    const bad = await page.goto(`${system.apiUrl}/web/board?from=2026-02-30`);
    expect(bad?.status()).toBe(400);
    await expect(page.locator('[role=alert]').innerText()).resolves.toContain('from');
    await page.context().close();
  });
});
