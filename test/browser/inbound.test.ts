/**
 * Issue 34's dashboard in a real browser (Debian Chromium via playwright-core) against the whole system on the
 * Temporal dev server: a coordinator uploads Notice 203's EDXML package, sees the directive with its facts,
 * recipients, attachment and draft tasks, commits the drafts (tasks and assignments exist), uploads it again
 * ("already received", no second directive), drafts from the notice's PDF on the draft page (the same tasks), and
 * sees each refused package (malformed, unknown organ, wrong type, too large) as a message while the server keeps
 * answering. Screenshots go to test/browser/artifacts/.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDrafts } from '../../services/draft-pool';
import { MAX_IMPORT_BYTES } from '../../services/imports';
import { launchChromium, screenshot, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

const DOCS = new URL('../fixtures/documents/', import.meta.url);
const PACKAGE_PATH = new URL('tb-203-2024.edxml', DOCS).pathname;
const PACKAGE = readFileSync(PACKAGE_PATH, 'utf8');
const DOCX = readFileSync(new URL('tb-203-2024.docx', DOCS));
const PDF_PATH = new URL('tb-203-2024.pdf', DOCS).pathname;

let system: TestSystem;
let browser: Browser;
let coordinator: string;
let officer: string;

async function person(id: string, role: string, extra: Record<string, unknown> = {}): Promise<string> {
  const made = await system.api('/v1/admin/people', { body: { id, name: id, role, ...extra } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const token = await system.api(`/v1/admin/people/${id}/tokens`, { body: { name: 'browser test', expiresInDays: 1 } });
  expect(token.status).toBe(201);
  return token.body.token as string;
}

/** A package of another document (its own id and number), so that a refusal is not the first package's answer. */
const otherPackage = (n: number) =>
  PACKAGE.replace('vpcp-2024-05-06-203-tb', `web-refused-${n}`).replace('<edXML:CodeNumber>203<', `<edXML:CodeNumber>9${n}<`);

async function upload(page: Page, file: { name: string; mimeType: string; buffer: Buffer } | string) {
  await page.setInputFiles('[data-testid=inbound-form] input[type=file]', file);
  await Promise.all([page.waitForNavigation(), page.click('[data-testid=inbound-form] button[type=submit]')]);
}

/** The draft rows a page shows: each row's title, lead units and deadline as the form holds them. */
const draftRows = (page: Page) =>
  page
    .locator('[data-testid=draft-rows] tr[data-draft]')
    .evaluateAll((rows) =>
      rows.map((r) =>
        ['title', 'leadUnits', 'deadline'].map((f) => (r.querySelector(`[name=${f}]`) as unknown as { value: string }).value),
      ),
    );

beforeAll(async () => {
  [system, browser] = await Promise.all([startTestSystem(), launchChromium()]);
  coordinator = await person('in-coord', 'coordinator');
  officer = await person('in-ag', 'unit', { unitCode: 'an-giang' });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await closeDrafts();
  await system?.shutdown();
});

describe('an EDXML package received on the dashboard', () => {
  let directiveId = '';
  let edxmlDrafts: string[][] = [];

  it('shows the directive with its facts, attachment and drafts, and commits the drafts as tasks with assignments', async () => {
    const page = await signedInPage(browser, system.apiUrl, coordinator);
    await page.goto(`${system.apiUrl}/web/directives`);
    await Promise.all([page.waitForURL(/\/web\/inbound$/), page.getByTestId('inbound-link').click()]);
    await upload(page, PACKAGE_PATH);

    const shown = page.getByTestId('inbound-directive');
    expect(await page.getByTestId('inbound-status').getAttribute('data-created')).toBe('true');
    directiveId = (await shown.getAttribute('data-directive'))!;
    const fact = (key: string) => shown.locator(`[data-fact=${key}]`).innerText();
    expect(await fact('number')).toBe('203/TB-VPCP');
    expect(await fact('notation')).toBe('TB-VPCP');
    expect(await fact('issuer')).toMatch(/Government Office|Văn phòng Chính phủ/);
    expect(await fact('issuedOn')).toBe('2024-05-06');
    expect(await fact('dueDate')).toBe('2024-12-31');
    expect(await fact('subject')).not.toBe('');
    expect(await shown.locator('[data-fact=recipients] li').evaluateAll((li) => li.map((e) => e.getAttribute('data-unit')))).toEqual([
      'bo-ca',
      'bo-tttt',
      'an-giang',
    ]);
    edxmlDrafts = await draftRows(page);
    expect(edxmlDrafts).toHaveLength(19);
    await screenshot(page, 'inbound-received');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=attachments] a')]);
    expect(download.suggestedFilename()).toBe('tb-203-2024.docx');
    expect(readFileSync((await download.path())!).equals(DOCX)).toBe(true);

    // As from a pasted text: the drafts without a deadline are refused row by row and nothing is written; the
    // coordinator gives them the package's due date and commits again.
    await Promise.all([page.waitForNavigation(), page.getByTestId('commit-drafts').click()]);
    const undated = edxmlDrafts.filter(([, , deadline]) => !deadline).length;
    expect(undated).toBeGreaterThan(0);
    await expect(page.getByTestId('import-summary').innerText()).resolves.toMatch(new RegExp(`invalid ${undated}`));
    await expect(page.locator('tr[data-action=invalid]').first().innerText()).resolves.toMatch(/Deadline: required/);
    expect((await system.deps.sql`SELECT 1 FROM tasks WHERE directive_id = ${directiveId}`).length).toBe(0);
    const deadlines = page.locator('[data-testid=draft-rows] input[name=deadline]');
    for (let i = 0; i < (await deadlines.count()); i++) {
      if (!(await deadlines.nth(i).inputValue())) await deadlines.nth(i).fill('31/12/2024');
    }
    await Promise.all([page.waitForNavigation(), page.getByTestId('commit-drafts').click()]);
    await expect(page.getByTestId('import-committed').innerText()).resolves.toMatch(/create 19/);
    await screenshot(page, 'inbound-drafts-committed');

    const directive = await system.api(`/v1/directives/${directiveId}`);
    expect(directive.status).toBe(200);
    expect(directive.body).toMatchObject({ number: '203/TB-VPCP', issuedOn: '2024-05-06' });
    const [counts] = await system.deps.sql<{ tasks: number; assignments: number; units: number }[]>`
      SELECT (SELECT count(*) FROM tasks WHERE directive_id = ${directiveId})::int AS tasks,
             (SELECT count(*) FROM assignments WHERE directive_id = ${directiveId})::int AS assignments,
             (SELECT count(DISTINCT unit_code) FROM assignments WHERE directive_id = ${directiveId})::int AS units`;
    expect(counts!.tasks).toBe(19);
    expect(counts!.assignments).toBeGreaterThanOrEqual(19);
    expect(counts!.units).toBeGreaterThan(1);
    // Each assignment's workflow ran: it recorded its first event (the read model's version moves past 0).
    await eventually(
      async () => {
        const [left] = await system.deps.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM assignments WHERE directive_id = ${directiveId} AND version = 0`;
        expect(left!.n).toBe(0);
      },
      240_000,
      500,
    );
    await page.context().close();
  }, 300_000);

  it('shows the same directive for the same package again, and writes no second one', async () => {
    const page = await signedInPage(browser, system.apiUrl, coordinator);
    await page.goto(`${system.apiUrl}/web/inbound`);
    await upload(page, PACKAGE_PATH);
    expect(await page.getByTestId('inbound-status').getAttribute('data-created')).toBe('false');
    await expect(page.getByTestId('inbound-status').innerText()).resolves.toMatch(/Already received/);
    expect(await page.getByTestId('inbound-directive').getAttribute('data-directive')).toBe(directiveId);
    expect(await page.locator('[data-fact=number]').innerText()).toBe('203/TB-VPCP');
    expect(await draftRows(page)).toEqual(edxmlDrafts);
    await screenshot(page, 'inbound-already-received');
    const [row] = await system.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM directives WHERE number = '203/TB-VPCP'`;
    expect(row!.n).toBe(1);
    await page.context().close();
  }, 60_000);

  it("drafts the same tasks from the notice's PDF on the draft page", async () => {
    const page = await signedInPage(browser, system.apiUrl, coordinator);
    await page.goto(`${system.apiUrl}/web/directives/${directiveId}/draft`);
    const form = page.getByTestId('draft-file-form');
    expect(await form.locator('input[name=issuedOn]').inputValue()).toBe('2024-05-06');
    await form.locator('input[type=file]').setInputFiles(PDF_PATH);
    await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
    await expect(page.getByTestId('drafted-from').innerText()).resolves.toMatch(/tb-203-2024\.pdf/);
    expect(await page.locator('[data-testid=draft-source] mark').count()).toBe(19);
    expect(await draftRows(page)).toEqual(edxmlDrafts);
    await screenshot(page, 'draft-from-pdf');

    // A file that is neither DOCX nor PDF is refused on the page, naming the field.
    await page
      .getByTestId('draft-file-form')
      .locator('input[type=file]')
      .setInputFiles({
        name: 'notice.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('not a document'),
      });
    await Promise.all([page.waitForNavigation(), page.getByTestId('draft-file-form').locator('button[type=submit]').click()]);
    await expect(page.getByTestId('import-refused').innerText()).resolves.toMatch(/file.*neither a DOCX document nor a PDF/s);
    await page.context().close();
  }, 60_000);

  it('shows each refused package as a message naming the reason, and the server keeps answering', async () => {
    const page = await signedInPage(browser, system.apiUrl, coordinator);
    await page.goto(`${system.apiUrl}/web/inbound`);
    const refusal = page.getByTestId('import-refused');
    const cases: [string, { name: string; mimeType: string; buffer: Buffer }, string, RegExp][] = [
      [
        'malformed',
        { name: 'broken.edxml', mimeType: 'application/xml', buffer: Buffer.from(otherPackage(1).replace('</edXML:Subject>', '')) },
        '400',
        /malformed XML/,
      ],
      [
        'doctype',
        {
          name: 'xxe.edxml',
          mimeType: 'application/xml',
          buffer: Buffer.from(
            `<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>${otherPackage(2).replace(/^<\?xml[^>]*>/, '')}`,
          ),
        },
        '400',
        /DOCTYPE/,
      ],
      [
        'unknown-organ',
        {
          name: 'organ.edxml',
          mimeType: 'application/xml',
          buffer: Buffer.from(
            otherPackage(3).replace(
              '<edXML:OrganId>bo-tttt</edXML:OrganId>\n        <edXML:OrganName>Bộ Thông tin và Truyền thông</edXML:OrganName>',
              '<edXML:OrganId>999.99.99.Z00</edXML:OrganId>\n        <edXML:OrganName>Cục Không Tồn Tại</edXML:OrganName>',
            ),
          ),
        },
        '422',
        /MessageHeader\.To\[1\]\.OrganId.*999\.99\.99\.Z00 \(Cục Không Tồn Tại\)/s,
      ],
      ['wrong-type', { name: 'tb-203-2024.pdf', mimeType: 'application/pdf', buffer: readFileSync(PDF_PATH) }, '415', /\.edxml or \.xml/],
    ];
    for (const [name, file, status, message] of cases) {
      await upload(page, file);
      expect(await refusal.getAttribute('data-status'), name).toBe(status);
      await expect(refusal.innerText(), name).resolves.toMatch(message);
      await screenshot(page, `inbound-refused-${name}`);
      expect((await fetch(`${system.apiUrl}/healthz`)).status).toBe(200);
    }

    // Past the API's upload bound: a page saying the bound (not a bare status), and the way back to the form.
    await page.setInputFiles('[data-testid=inbound-form] input[type=file]', {
      name: 'big.edxml',
      mimeType: 'application/xml',
      buffer: Buffer.alloc(MAX_IMPORT_BYTES + 128 * 1024, 'A'),
    });
    const [answer] = await Promise.all([page.waitForNavigation(), page.click('[data-testid=inbound-form] button[type=submit]')]);
    expect(answer?.status()).toBe(413);
    await expect(page.getByTestId('upload-too-large').innerText()).resolves.toMatch(new RegExp(`at most ${MAX_IMPORT_BYTES} bytes`));
    await screenshot(page, 'inbound-too-large');
    await Promise.all([page.waitForURL(/\/web\/inbound$/), page.click('a[href="/web/inbound"]')]);
    await page.getByTestId('inbound-form').waitFor();

    const [row] = await system.deps.sql<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM inbound_documents WHERE document_id LIKE 'web-refused-%'`;
    expect(row!.n).toBe(0);
    await page.context().close();
  }, 120_000);

  it('is not offered to a unit officer, who downloads the attachment from the report of a directive naming the unit', async () => {
    const page = await signedInPage(browser, system.apiUrl, officer);
    expect((await page.goto(`${system.apiUrl}/web/inbound`))?.status()).toBe(403);
    await page.goto(`${system.apiUrl}/web/reports/${directiveId}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=attachments] a')]);
    expect(readFileSync((await download.path())!).equals(DOCX)).toBe(true);
    await screenshot(page, 'inbound-report-attachments');
    // An officer of a commune (neither named by the package nor assigned) gets 404 for the file.
    const stranger = await signedInPage(browser, system.apiUrl, await person('in-commune', 'unit', { unitCode: 'ag-xa-an-phu' }));
    const href = (await page.locator('[data-testid=attachments] a').getAttribute('href'))!;
    expect((await stranger.goto(`${system.apiUrl}${href}`))?.status()).toBe(404);
    await stranger.context().close();
    await page.context().close();
  }, 60_000);
});
