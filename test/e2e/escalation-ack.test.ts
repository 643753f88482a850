/**
 * Acknowledgement timeouts (issue 35) on the real servers, through the public API and the email's one-click link. One
 * task, three units, each head's escalation to be acknowledged within 20 s (a demo window; production counts working
 * hours): An Giang's head acknowledges from the email (the link opens a page that changes nothing; its button posts;
 * a second post is "already used"), Hà Nội's through the API twice under one Idempotency-Key, Bắc Ninh's from the
 * dashboard's button, and Cần Thơ's head not at
 * all, so its escalation reaches the supervising leader exactly once. A forged link is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher, type MailCatcher } from '../../dev/mail-catcher';
import { eventually } from '../support/eventually';
import { addPeople } from '../support/people';
import { startTestSystem, type TestSystem } from '../support/system';
import { webSession } from '../support/web-session';

let system: TestSystem;
let mail: MailCatcher;
let tokens: Record<string, string> = {};
const TASK = 'ack-task';
const workflowOf = (unit: string) => `assignment/${TASK}/${unit}`;

beforeAll(async () => {
  mail = await startMailCatcher();
  system = await startTestSystem({ delivery: { smtpUrl: mail.smtpUrl, publicUrl: 'http://dondoc.test', pollMs: 200 } });
  const people = [
    { id: 'ag-head', name: 'An Giang head', role: 'unit', unitCode: 'an-giang', position: 'head', email: 'head@angiang.gov.vn' },
    { id: 'ct-head', name: 'Cần Thơ head', role: 'unit', unitCode: 'can-tho', position: 'head', email: 'head@cantho.gov.vn' },
    { id: 'hn-head', name: 'Hà Nội head', role: 'unit', unitCode: 'ha-noi', position: 'head', email: 'head@hanoi.gov.vn' },
    { id: 'bn-head', name: 'Bắc Ninh head', role: 'unit', unitCode: 'bac-ninh', position: 'head', email: 'head@bacninh.gov.vn' },
    {
      id: 'leader',
      name: 'Phó Thủ tướng',
      role: 'leader',
      scope: ['an-giang', 'can-tho', 'ha-noi', 'bac-ninh'],
      email: 'leader@chinhphu.vn',
    },
  ];
  tokens = await addPeople(system, people);
  await system.api('/v1/directives', {
    body: { id: 'tb-ack', number: '36/TB-VPCP', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'Tiếp nhận' },
  });
  const created = await system.api('/v1/directives/tb-ack/tasks', {
    body: {
      id: TASK,
      title: 'Báo cáo tình hình',
      dueAt: new Date(Date.now() + 3_000).toISOString(),
      assignees: { units: ['an-giang', 'can-tho', 'ha-noi', 'bac-ninh'] },
      policy: {
        reminders: [],
        escalations: [
          { after: { duration: 'PT1S' }, rung: 'unit_head', ackWithin: { duration: 'PT20S' } },
          { after: { duration: 'PT45S' }, rung: 'supervising_leader' },
        ],
        repeatTopRungEvery: null,
      },
    },
  });
  expect(created.status).toBe(202);
}, 180_000);

afterAll(async () => {
  await system?.shutdown();
  await mail?.stop();
});

async function emailTo(address: string, kind: string) {
  return eventually(
    () => {
      const found = mail.messages.find((m) => m.envelopeTo.includes(address) && m.headers['x-dondoc-kind'] === kind);
      expect(found).toBeDefined();
      return found!;
    },
    60_000,
    200,
  );
}

async function kindsOf(unit: string): Promise<string[]> {
  const rows = await system.deps.sql<{ kind: string }[]>`
    SELECT kind FROM assignment_events WHERE workflow_id = ${workflowOf(unit)} ORDER BY seq`;
  return rows.map((r) => r.kind);
}

/** Opens the link's page as a browser would: its pre-session cookie and the form's token. */
async function openLink(url: string) {
  const res = await fetch(url);
  const html = await res.text();
  const cookie = /dd_pre=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const press = async () => {
    const posted = await fetch(url, {
      method: 'POST',
      headers: { cookie: `dd_pre=${cookie}`, origin: system.apiUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    return { status: posted.status, html: await posted.text() };
  };
  return { status: res.status, html, press };
}

describe('an escalation to be acknowledged', () => {
  it('is acknowledged once from the email link: the page changes nothing, its button does, a second press is refused as used', async () => {
    const email = await emailTo('head@angiang.gov.vn', 'escalation');
    const link = /http:\/\/dondoc\.test(\/web\/ack\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(email.text ?? '')?.[1];
    expect(link).toBeDefined();
    expect(email.text).toContain('Xác nhận đã tiếp nhận');
    const page = await openLink(system.apiUrl + link);
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-testid="ack-escalation"');
    // Opening the page (a mail scanner fetching the link) acknowledged nothing.
    const [waiting] = await system.deps.sql<{ awaiting_ack: { level: number } | null }[]>`
      SELECT awaiting_ack FROM assignments WHERE workflow_id = ${workflowOf('an-giang')}`;
    expect(waiting?.awaiting_ack?.level).toBe(1);
    expect(await kindsOf('an-giang')).not.toContain('escalation_acknowledged');

    const first = await page.press();
    expect([first.status, first.html.includes('data-testid="ack-acknowledged"')]).toEqual([200, true]);
    const second = await page.press();
    expect([second.status, second.html.includes('data-testid="ack-used"')]).toEqual([200, true]);
    const detail = await system.api(`/v1/tasks/${TASK}/assignments/an-giang`, { token: tokens['ag-head'] });
    expect(detail.body.awaitingAck).toBeNull();
    const acked = detail.body.timeline.filter((e: { kind: string }) => e.kind === 'escalation_acknowledged');
    expect(acked.map((e: { actor: { id: string } }) => e.actor.id)).toEqual(['ag-head']);
  });

  it('is acknowledged through the API, once under one Idempotency-Key, and refused when nothing waits', async () => {
    await emailTo('head@hanoi.gov.vn', 'escalation');
    const path = `/v1/tasks/${TASK}/assignments/ha-noi/escalation-acknowledgement`;
    const headers = { 'idempotency-key': 'took-it-up' };
    const first = await system.api(path, { body: {}, token: tokens['hn-head'], headers });
    expect([first.status, first.body.awaitingAck]).toEqual([200, null]);
    const replay = await system.api(path, { body: {}, token: tokens['hn-head'], headers });
    expect(replay.status).toBe(200);
    const fresh = await system.api(path, { body: {}, token: tokens['hn-head'] });
    expect([fresh.status, fresh.body.detail]).toEqual([409, 'no escalation of this assignment awaits acknowledgement']);
    expect((await kindsOf('ha-noi')).filter((k) => k === 'escalation_acknowledged')).toHaveLength(1);
    // Another unit's head may not acknowledge it.
    expect(
      (await system.api(`/v1/tasks/${TASK}/assignments/can-tho/escalation-acknowledgement`, { body: {}, token: tokens['hn-head'] })).status,
    ).toBe(404);
  });

  it("is acknowledged from the dashboard's button, shown only while the escalation waits", async () => {
    await emailTo('head@bacninh.gov.vn', 'escalation');
    const cookie = `dd_session=${await webSession(system.apiUrl, tokens['bn-head']!)}`;
    const pagePath = `/web/assignments/${TASK}/bac-ninh?lang=en`;
    const page = await (await fetch(system.apiUrl + pagePath, { headers: { cookie } })).text();
    expect(page).toContain('data-action="acknowledgeEscalation"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const posted = await fetch(`${system.apiUrl}/web/assignments/${TASK}/bac-ninh/acknowledgeEscalation`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: system.apiUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, _key: 'bn-ack' }).toString(),
    });
    expect(posted.status).toBe(303);
    expect(await kindsOf('bac-ninh')).toContain('escalation_acknowledged');
    const after = await (await fetch(system.apiUrl + pagePath, { headers: { cookie } })).text();
    expect(after).not.toContain('data-action="acknowledgeEscalation"');
    expect(after).toContain('Escalation acknowledged');
  });

  it('refuses a forged or garbled link', async () => {
    const email = await emailTo('head@cantho.gov.vn', 'escalation');
    const link = /(\/web\/ack\/[A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)/.exec(email.text ?? '')!;
    const forged = await openLink(`${system.apiUrl}${link[1]}.${'A'.repeat(link[2]!.length)}`);
    expect([forged.status, forged.html.includes('data-testid="ack-refused"')]).toEqual([400, true]);
    const garbled = await fetch(`${system.apiUrl}/web/ack/%3Cscript%3E`);
    expect(garbled.status).toBe(400);
  });

  it('not acknowledged in its window, reaches the supervising leader exactly once; acknowledged ones do not', async () => {
    const unacked = await emailTo('leader@chinhphu.vn', 'escalation_unacknowledged');
    expect(unacked.subject).toContain('Báo cáo tình hình');
    // The ladder's own next rung reaches the leader for all three later: by then every window has long closed.
    await eventually(
      async () => {
        const rows = await system.deps.sql<{ n: number }[]>`
          SELECT count(*)::int AS n FROM deliveries d JOIN notifications n ON n.id = d.notification_id
          WHERE n.kind = 'escalation' AND d.recipient = 'leader' AND d.delivered_at IS NOT NULL`;
        expect(rows[0]!.n).toBe(4);
      },
      90_000,
      500,
    );
    expect((await kindsOf('can-tho')).filter((k) => k === 'escalation_unacknowledged')).toHaveLength(1);
    expect(await kindsOf('an-giang')).not.toContain('escalation_unacknowledged');
    expect(await kindsOf('ha-noi')).not.toContain('escalation_unacknowledged');
    expect(await kindsOf('bac-ninh')).not.toContain('escalation_unacknowledged');
    const toLeader = mail.messages.filter(
      (m) => m.envelopeTo.includes('leader@chinhphu.vn') && m.headers['x-dondoc-kind'] === 'escalation_unacknowledged',
    );
    expect(toLeader).toHaveLength(1);
  });
});
