/**
 * Reminders and escalations that reach people, on the real servers: an overdue assignment's escalation
 * arrives as email in a real SMTP server's mailbox (in the reader's language) and as a signed webhook the
 * receiver verifies; a receiver that fails, then times out, then recovers gets retries and exactly one
 * success; one that never recovers is marked failed and shows in the delivery log; the in-app inbox holds
 * the same notifications.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher, type MailCatcher } from '../../dev/mail-catcher';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { addPeople } from '../support/people';

let system: TestSystem;
let mail: MailCatcher;
let hooks: WebhookReceiver;
const tokens: Record<string, string> = {};
const subscriptions: Record<string, string> = {};

const GIVE_UP_MS = 6_000;

beforeAll(async () => {
  [mail, hooks] = await Promise.all([startMailCatcher(), startWebhookReceiver()]);
  system = await startTestSystem({
    delivery: {
      smtpUrl: mail.smtpUrl,
      publicUrl: 'http://dondoc.test',
      retry: { baseMs: 300, maxMs: 1_000, giveUpAfterMs: GIVE_UP_MS },
      webhookTimeoutMs: 1_000,
      pollMs: 200,
    },
  });
  const people = [
    {
      id: 'ag-head',
      name: 'Chủ tịch UBND tỉnh An Giang',
      role: 'unit',
      unitCode: 'an-giang',
      position: 'head',
      email: 'chutich@angiang.gov.vn',
      language: 'vi',
    },
    { id: 'ag-officer', name: 'An Giang officer', role: 'unit', unitCode: 'an-giang', email: 'officer@angiang.gov.vn', language: 'en' },
    { id: 'dpm', name: 'Deputy Prime Minister', role: 'leader', scope: ['an-giang'], email: 'dpm@chinhphu.vn', language: 'en' },
    { id: 'coord-owner', name: 'Coordinator who registers', role: 'coordinator', email: 'owner@chinhphu.vn', language: 'en' },
    { id: 'coord-other', name: 'Another coordinator', role: 'coordinator', email: 'other@chinhphu.vn', language: 'en' },
  ];
  Object.assign(tokens, await addPeople(system, people));
  hooks.scripts.set('/flaky', (attempt) => (attempt === 1 ? 500 : attempt === 2 ? 'hang' : 200));
  hooks.scripts.set('/down', () => 503);
  for (const [path, body] of [
    ['/ok', { eventTypes: ['escalation'] }],
    ['/flaky', { eventTypes: ['escalation'], units: ['an-giang'] }],
    ['/down', { eventTypes: ['escalation'] }],
    ['/other-unit', { units: ['ha-noi'] }],
  ] as const) {
    const res = await system.api('/v1/webhooks', { body: { url: hooks.url(path), ...body } });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_/);
    hooks.secrets.set(path, res.body.secret);
    subscriptions[path] = res.body.id;
  }
  expect(
    (
      await system.api('/v1/directives', {
        body: { id: 'tb-mail', number: '203/TB-VPCP', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'Kết luận phiên họp thứ 8' },
      })
    ).status,
  ).toBe(201);
  const created = await system.api('/v1/directives/tb-mail/tasks', {
    body: {
      id: 'steering',
      title: 'Kiện toàn Ban Chỉ đạo chuyển đổi số',
      titleEn: 'Complete the Steering Committee for Digital Transformation',
      dueAt: new Date(Date.now() + 8_000).toISOString(),
      assignees: { units: ['an-giang'] },
      policy: {
        reminders: [{ duration: 'PT3S' }],
        escalations: [
          { after: { duration: 'PT1S' }, rung: 'unit_head' },
          { after: { duration: 'PT2S' }, rung: 'supervising_leader' },
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
  await hooks?.stop();
});

const mailTo = (address: string) => mail.messages.filter((m) => m.envelopeTo.includes(address));

describe('email', () => {
  it("sends the escalation to the unit's head in Vietnamese, with the directive, due date, lateness and a link", async () => {
    const escalation = await eventually(
      () => {
        const found = mailTo('chutich@angiang.gov.vn').find((m) => m.headers['x-dondoc-kind'] === 'escalation');
        expect(found).toBeDefined();
        return found!;
      },
      60_000,
      250,
    );
    expect(escalation.subject).toBe(
      '[dondoc] Quá hạn – báo cáo thủ trưởng đơn vị (cấp 1): Kiện toàn Ban Chỉ đạo chuyển đổi số (203/TB-VPCP)',
    );
    const [assignment] = await system.deps.sql<{ due_on: string }[]>`SELECT due_on FROM assignments WHERE task_id = 'steering'`;
    const [y, m, d] = assignment!.due_on.split('-');
    expect(escalation.text).toContain(`Hạn: ${d}/${m}/${y}`);
    expect(escalation.text).toContain('Số ngày quá hạn: chưa đến 1 ngày');
    expect(escalation.text).toContain('Văn bản: 203/TB-VPCP — Kết luận phiên họp thứ 8');
    expect(escalation.text).toContain('http://dondoc.test/web/assignments/steering/an-giang');
    expect(escalation.html).toContain('href="http://dondoc.test/web/assignments/steering/an-giang"');
    expect(escalation.parsed.from?.text).toContain('no-reply@dondoc.local');
  });

  it('sends the second rung to the supervising leader, and the reminder and overdue notice to the officer, in English', async () => {
    const leader = await eventually(
      () => {
        const found = mailTo('dpm@chinhphu.vn');
        expect(found.map((m) => m.headers['x-dondoc-kind'])).toEqual(['escalation']);
        return found[0]!;
      },
      60_000,
      250,
    );
    expect(leader.subject).toContain('Overdue – escalated to the supervising leader (level 2)');
    const officer = await eventually(
      () => {
        const kinds = mailTo('officer@angiang.gov.vn').map((m) => m.headers['x-dondoc-kind']);
        expect(kinds).toEqual(expect.arrayContaining(['assigned', 'reminder', 'overdue']));
        return mailTo('officer@angiang.gov.vn');
      },
      60_000,
      250,
    );
    expect(officer.find((m) => m.headers['x-dondoc-kind'] === 'reminder')!.subject).toContain('Deadline reminder');
    // Escalations go up the ladder, not to the officer.
    expect(officer.some((m) => m.headers['x-dondoc-kind'] === 'escalation')).toBe(false);
  });

  it('sends each outbox row once, and the inbox shows the same notifications', async () => {
    await eventually(
      async () => {
        const [pending] = await system.deps.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM deliveries WHERE channel = 'email' AND status <> 'delivered'`;
        expect(pending!.n).toBe(0);
      },
      30_000,
      250,
    );
    const ids = mail.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    const [emailRows] = await system.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM deliveries WHERE channel = 'email'`;
    expect(mail.messages.length).toBe(emailRows!.n);

    const inbox = await system.api('/v1/me/notifications', { token: tokens['ag-head'] });
    const mailed = mailTo('chutich@angiang.gov.vn').map((m) => m.headers['x-dondoc-delivery']);
    for (const deliveryId of mailed) {
      const delivery = await system.api(`/v1/deliveries/${deliveryId}`);
      expect(delivery.body).toMatchObject({ channel: 'email', status: 'delivered', attempts: 1 });
      expect(inbox.body.items.map((n: { id: string }) => n.id)).toContain(delivery.body.notificationId);
    }
  });
});

describe('webhooks', () => {
  it('posts each escalation once, signed, to a receiver that verifies it', async () => {
    const received = await eventually(
      () => {
        const accepted = hooks.accepted('/ok');
        expect(accepted).toHaveLength(2);
        return accepted;
      },
      60_000,
      250,
    );
    expect(received.every((r) => r.verified)).toBe(true);
    expect(received.map((r) => r.body.type)).toEqual(['assignment.escalation', 'assignment.escalation']);
    expect(received.map((r) => r.body.data.assignment.escalationLevel).sort()).toEqual([1, 2]);
    expect(received[0]!.body.data.assignment).toMatchObject({
      taskId: 'steering',
      unitCode: 'an-giang',
      directiveNumber: '203/TB-VPCP',
      directiveTitle: 'Kết luận phiên họp thứ 8',
      // A receiver gets both languages and picks its own.
      taskTitle: 'Kiện toàn Ban Chỉ đạo chuyển đổi số',
      taskTitleEn: 'Complete the Steering Committee for Digital Transformation',
    });
    expect(hooks.requests.filter((r) => r.path === '/ok' && r.duplicate)).toEqual([]);
    expect(hooks.requests.some((r) => r.path === '/other-unit')).toBe(false);
  });

  it('retries a receiver that fails, then times out, then recovers — and succeeds exactly once', async () => {
    const deliveries = await eventually(
      async () => {
        const list = await system.api(`/v1/deliveries?recipient=${subscriptions['/flaky']}`);
        expect(list.body.items).toHaveLength(2);
        expect(list.body.items.every((d: { status: string }) => d.status === 'delivered')).toBe(true);
        return list.body.items as { id: string }[];
      },
      60_000,
      250,
    );
    for (const { id } of deliveries) {
      const detail = await system.api(`/v1/deliveries/${id}`);
      expect(detail.body.attempts).toBe(3);
      expect(detail.body.attemptLog.map((a: { ok: boolean; statusCode: number | null }) => [a.ok, a.statusCode])).toEqual([
        [false, 500],
        [false, null],
        [true, 200],
      ]);
      expect(detail.body.attemptLog[1].error).toContain('no answer within 1000 ms');
      expect(detail.body.attemptLog.every((a: { latencyMs: number }) => a.latencyMs >= 0)).toBe(true);
      const seen = hooks.requests.filter((r) => r.path === '/flaky' && r.webhookId === `msg_dondoc_${id}`);
      expect(seen.map((r) => r.answered)).toEqual([500, 'hang', 200]);
    }
    expect(hooks.accepted('/flaky')).toHaveLength(2);
  });

  it('marks a delivery failed when the receiver never recovers, and lists it', async () => {
    const failed = await eventually(
      async () => {
        const list = await system.api(`/v1/deliveries?status=failed&channel=webhook`);
        const mine = list.body.items.filter((d: { recipient: string }) => d.recipient === subscriptions['/down']);
        expect(mine).toHaveLength(2);
        return mine as { id: string; lastError: string; attempts: number }[];
      },
      60_000,
      500,
    );
    expect(failed[0]!.lastError).toBe('HTTP 503');
    expect(failed[0]!.attempts).toBeGreaterThan(3);
    // Queued again on request, it is tried at once.
    const before = hooks.requests.filter((r) => r.path === '/down').length;
    const retried = await system.api(`/v1/deliveries/${failed[0]!.id}/retry`, { body: {} });
    expect(retried.status).toBe(200);
    await eventually(() => expect(hooks.requests.filter((r) => r.path === '/down').length).toBeGreaterThan(before), 10_000, 100);
  });

  it('refuses a subscription with a bad URL or unknown event type, naming the field', async () => {
    const bad = await system.api('/v1/webhooks', { body: { url: 'ftp://example.org/x', eventTypes: ['nonsense'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['eventTypes.0', 'url']);
    const elsewhere = await system.api('/v1/webhooks', { body: { url: 'http://example.org/hook' } });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors[0].field).toBe('url');
  });
});

describe("the directive's coordinator", () => {
  it('hears of a completion of a directive it registered; other coordinators do not', async () => {
    const owner = tokens['coord-owner'];
    expect(
      (
        await system.api('/v1/directives', {
          body: { id: 'tb-own', number: '9/TB-OWN', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'Owned' },
          token: owner,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await system.api('/v1/directives/tb-own/tasks', {
          body: { id: 'owned', title: 'Owned task', dueOn: '2099-12-31', assignees: { units: ['an-giang'] } },
          token: owner,
        })
      ).status,
    ).toBe(202);
    await eventually(
      async () => {
        const res = await system.api('/v1/tasks/owned/assignments/an-giang/complete', {
          body: { note: 'done' },
          token: tokens['ag-officer'],
        });
        expect(res.status).toBe(200);
      },
      30_000,
      250,
    );
    const completed = await eventually(
      () => {
        const found = mail.messages.filter((m) => m.headers['x-dondoc-kind'] === 'completed');
        expect(found).toHaveLength(1);
        return found[0]!;
      },
      30_000,
      200,
    );
    expect(completed.envelopeTo).toEqual(['owner@chinhphu.vn']);
    expect(completed.subject).toBe('[dondoc] Assignment completed: Owned task (9/TB-OWN)');
  });
});

describe('preferences', () => {
  it('lets a person set their own email, language and digest cadence', async () => {
    const me = await system.api('/v1/me', { token: tokens.dpm });
    expect(me.body).toMatchObject({ id: 'dpm', role: 'leader', language: 'en', digest: 'daily' });
    const changed = await system.api('/v1/me/preferences', {
      method: 'PUT',
      body: { language: 'vi', digest: 'weekly' },
      token: tokens.dpm,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ language: 'vi', digest: 'weekly', email: 'dpm@chinhphu.vn' });
    const bad = await system.api('/v1/me/preferences', { method: 'PUT', body: { digest: 'hourly' }, token: tokens.dpm });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('digest');
    // Quiet hours keep to the reader's time zone (Vietnam's until set); an unknown zone is a 400 naming the field.
    expect(changed.body.timeZone).toBe('Asia/Ho_Chi_Minh');
    const zoned = await system.api('/v1/me/preferences', { method: 'PUT', body: { timeZone: 'Europe/Paris' }, token: tokens.dpm });
    expect(zoned.body).toMatchObject({ timeZone: 'Europe/Paris', digest: 'weekly' });
    const badZone = await system.api('/v1/me/preferences', { method: 'PUT', body: { timeZone: 'Mars/Olympus' }, token: tokens.dpm });
    expect(badZone.status).toBe(400);
    expect(badZone.body.errors[0].field).toBe('timeZone');
  });
});
