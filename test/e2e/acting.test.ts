/**
 * Acting officers (issue 35) on the real servers, through the public API: the head of An Giang names an officer of the
 * same unit to act for the days around today; the escalation meant for the head is emailed to the acting officer (a
 * real SMTP server's mailbox) and not to the head, whose in-app inbox keeps it; what the acting officer does shows as on
 * behalf of the head; a repeated grant is one grant; a grant gives no sight of another unit; overlaps, self-grants,
 * another unit's officer and bad dates are refused naming the field; a chain of absences is followed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher, type MailCatcher } from '../../dev/mail-catcher';
import { addDays, toVnDate } from '../../domain/dates';
import { eventually } from '../support/eventually';
import { addPeople } from '../support/people';
import { startTestSystem, type TestSystem } from '../support/system';
import { webSession } from '../support/web-session';

let system: TestSystem;
let mail: MailCatcher;
let tokens: Record<string, string> = {};
const today = toVnDate(new Date());
const grantBody = { actingPersonId: 'ag-deputy', fromOn: addDays(today, -1), toOn: addDays(today, 1), reason: 'Công tác nước ngoài' };
let grantId = '';

beforeAll(async () => {
  mail = await startMailCatcher();
  system = await startTestSystem({ delivery: { smtpUrl: mail.smtpUrl, publicUrl: 'http://dondoc.test', pollMs: 200 } });
  const people = [
    { id: 'ag-head', name: 'Nguyễn Văn A', role: 'unit', unitCode: 'an-giang', position: 'head', email: 'chutich@angiang.gov.vn' },
    { id: 'ag-deputy', name: 'Trần Thị B', role: 'unit', unitCode: 'an-giang', email: 'phochutich@angiang.gov.vn' },
    { id: 'ag-clerk', name: 'Lê Văn C', role: 'unit', unitCode: 'an-giang' },
    { id: 'ct-officer', name: 'Cần Thơ officer', role: 'unit', unitCode: 'can-tho', email: 'officer@cantho.gov.vn' },
    { id: 'hn-head', name: 'Hà Nội head', role: 'unit', unitCode: 'ha-noi', position: 'head' },
    { id: 'hn-a', name: 'Hà Nội A', role: 'unit', unitCode: 'ha-noi' },
    { id: 'hn-b', name: 'Hà Nội B', role: 'unit', unitCode: 'ha-noi' },
  ];
  tokens = await addPeople(system, people);
}, 180_000);

afterAll(async () => {
  await system?.shutdown();
  await mail?.stop();
});

const mailTo = (address: string) => mail.messages.filter((m) => m.envelopeTo.includes(address));

describe('naming an acting officer', () => {
  it('makes one grant however often it is sent, with or without an Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'away-may' };
    const first = await system.api('/v1/people/ag-head/acting-grants', { body: grantBody, headers, token: tokens['ag-head'] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ absentPersonId: 'ag-head', actingPersonId: 'ag-deputy', actingName: 'Trần Thị B', inForce: true });
    grantId = first.body.id;
    const replay = await system.api('/v1/people/ag-head/acting-grants', { body: grantBody, headers, token: tokens['ag-head'] });
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body.id]).toEqual([201, 'true', grantId]);
    // Without a key the natural key (person, acting person, dates) finds the same grant.
    const again = await system.api('/v1/people/ag-head/acting-grants', { body: grantBody, token: tokens['ag-head'] });
    expect([again.status, again.body.id]).toEqual([200, grantId]);
    const rows = await system.deps.sql`SELECT id FROM acting_grants WHERE absent_person = 'ag-head'`;
    expect(rows).toHaveLength(1);
    const listed = await system.api('/v1/people/ag-deputy/acting-grants', { token: tokens['ag-deputy'] });
    expect(listed.body.items.map((g: { id: string }) => g.id)).toEqual([grantId]);
  });

  it('refuses an overlap, oneself, another unit, bad dates and another person’s grant, naming the field', async () => {
    const post = (body: unknown, token = tokens['ag-head']) => system.api('/v1/people/ag-head/acting-grants', { body, token });
    const overlapping = await post({ actingPersonId: 'ag-clerk', fromOn: grantBody.toOn, toOn: addDays(today, 5) });
    expect([overlapping.status, overlapping.body.errors?.[0]?.field]).toEqual([409, 'fromOn']);
    const self = await post({ ...grantBody, actingPersonId: 'ag-head', fromOn: addDays(today, 10), toOn: addDays(today, 11) });
    expect([self.status, self.body.errors?.[0]]).toEqual([422, { field: 'actingPersonId', reason: 'a person cannot act for themselves' }]);
    const otherUnit = await post({ ...grantBody, actingPersonId: 'ct-officer', fromOn: addDays(today, 10), toOn: addDays(today, 11) });
    expect([otherUnit.status, otherUnit.body.errors?.[0]?.reason]).toEqual([422, 'ct-officer is not an officer of an-giang']);
    const unknown = await post({ ...grantBody, actingPersonId: 'nobody', fromOn: addDays(today, 10), toOn: addDays(today, 11) });
    expect([unknown.status, unknown.body.errors?.[0]?.field]).toEqual([422, 'actingPersonId']);
    const backwards = await post({ ...grantBody, fromOn: addDays(today, 12), toOn: addDays(today, 11) });
    expect([backwards.status, backwards.body.errors?.[0]?.field]).toEqual([400, 'toOn']);
    const badDate = await post({ ...grantBody, fromOn: '2030-02-30' });
    expect([badDate.status, badDate.body.errors?.[0]?.field]).toEqual([400, 'fromOn']);
    // The acting officer may not make or change the head's grants; an admin may.
    expect((await post({ ...grantBody, fromOn: addDays(today, 10), toOn: addDays(today, 11) }, tokens['ag-deputy'])).status).toBe(403);
    expect((await system.api('/v1/people/ag-head/acting-grants', { token: tokens['ct-officer'] })).status).toBe(403);
    expect((await system.api('/v1/people/ag-head/acting-grants')).status).toBe(200);
  });

  it('follows a chain of absences: the head’s mail reaches the first person present', async () => {
    const grant = (absent: string, acting: string) =>
      system.api(`/v1/people/${absent}/acting-grants`, { body: { actingPersonId: acting, fromOn: today, toOn: today } });
    expect((await grant('hn-head', 'hn-a')).status).toBe(201);
    expect((await grant('hn-a', 'hn-b')).status).toBe(201);
    const day = await system.api('/v1/acting-grants?unit=ha-noi', { token: tokens['hn-b'] });
    expect(day.body.day).toBe(today);
    expect(day.body.items.map((g: { absentPersonId: string; receivedBy: string }) => [g.absentPersonId, g.receivedBy])).toEqual([
      ['hn-a', 'hn-b'],
      ['hn-head', 'hn-b'],
    ]);
    // An An Giang officer sees An Giang's absences, not Hà Nội's.
    const seen = await system.api('/v1/acting-grants', { token: tokens['ag-clerk'] });
    expect(seen.body.items.map((g: { absentPersonId: string }) => g.absentPersonId)).toEqual(['ag-head']);
  });
});

describe('while the head is away', () => {
  beforeAll(async () => {
    await system.api('/v1/directives', {
      body: { id: 'tb-acting', number: '35/TB-VPCP', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'Ủy quyền' },
    });
    const created = await system.api('/v1/directives/tb-acting/tasks', {
      body: {
        id: 'acting-task',
        title: 'Báo cáo tiến độ',
        dueAt: new Date(Date.now() + 5_000).toISOString(),
        assignees: { units: ['an-giang', 'can-tho'] },
        policy: { reminders: [], escalations: [{ after: { duration: 'PT1S' }, rung: 'unit_head' }], repeatTopRungEvery: null },
      },
    });
    expect(created.status).toBe(202);
  });

  it('emails the escalation meant for the head to the acting officer, not to the head; the inbox keeps it', async () => {
    const escalation = await eventually(
      () => {
        const found = mailTo('phochutich@angiang.gov.vn').find((m) => m.headers['x-dondoc-kind'] === 'escalation');
        expect(found).toBeDefined();
        return found!;
      },
      60_000,
      250,
    );
    expect(escalation.subject).toContain('Báo cáo tiến độ');
    // The outbox wrote this escalation's rows in one statement: had the head been addressed, the row would be there.
    const rows = await system.deps.sql<{ recipient: string }[]>`
      SELECT d.recipient FROM deliveries d JOIN notifications n ON n.id = d.notification_id
      WHERE n.workflow_id = 'assignment/acting-task/an-giang' AND n.kind = 'escalation' AND d.channel = 'email'`;
    expect(rows.map((r) => r.recipient)).toEqual(['ag-deputy']);
    expect(mailTo('chutich@angiang.gov.vn')).toEqual([]);
    const inbox = await system.api('/v1/me/notifications', { token: tokens['ag-head'] });
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toContain('escalation');
  });

  it("records the acting officer's actions as on behalf of the head, and gives no sight of another unit", async () => {
    const path = '/v1/tasks/acting-task/assignments/an-giang';
    const ack = await system.api(`${path}/acknowledge`, { body: {}, token: tokens['ag-deputy'], headers: { 'idempotency-key': 'ack-1' } });
    expect(ack.status).toBe(200);
    const done = await system.api(`${path}/complete`, { body: { note: 'Đã báo cáo' }, token: tokens['ag-deputy'] });
    expect(done.status).toBe(200);
    const detail = await system.api(path, { token: tokens['ag-head'] });
    const byDeputy = detail.body.timeline.filter((e: { actor: { id: string } }) => e.actor.id === 'ag-deputy');
    expect(byDeputy.map((e: { kind: string; actor: unknown }) => [e.kind, e.actor])).toEqual([
      ['acknowledged', { kind: 'unit', id: 'ag-deputy', unitCode: 'an-giang', onBehalfOf: 'ag-head' }],
      [expect.stringMatching(/^completed/), { kind: 'unit', id: 'ag-deputy', unitCode: 'an-giang', onBehalfOf: 'ag-head' }],
    ]);
    // Acting for An Giang's head is An Giang's rights only: Cần Thơ's assignment stays hidden.
    expect((await system.api('/v1/tasks/acting-task/assignments/can-tho', { token: tokens['ag-deputy'] })).status).toBe(404);
    const ctAck = await system.api('/v1/tasks/acting-task/assignments/can-tho/acknowledge', { body: {}, token: tokens['ag-deputy'] });
    expect(ctAck.status).toBe(404);
    const list = await system.api('/v1/assignments?task=acting-task', { token: tokens['ag-deputy'] });
    expect(list.body.items.map((a: { unitCode: string }) => a.unitCode)).toEqual(['an-giang']);
  });

  it('shows the absence on the dashboard, the action on behalf, and takes a grant from the form', async () => {
    const cookie = `dd_session=${await webSession(system.apiUrl, tokens['ag-deputy']!)}`;
    const get = async (path: string) => (await fetch(system.apiUrl + path, { headers: { cookie } })).text();
    const [, m, d] = grantBody.toOn.split('-');
    const inbox = await get('/web/inbox');
    expect(inbox).toContain(`Nguyễn Văn A vắng mặt đến ${d}/${m}; Trần Thị B thay mặt.`);
    const assignment = await get('/web/assignments/acting-task/an-giang');
    expect(assignment).toContain('data-testid="absences"');
    expect(assignment).toContain('ag-deputy (đơn vị), thay mặt ag-head');

    // The clerk names the deputy for a later absence through the form.
    const clerk = `dd_session=${await webSession(system.apiUrl, tokens['ag-clerk']!)}`;
    const form = await (await fetch(`${system.apiUrl}/web/acting`, { headers: { cookie: clerk } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
    const body = { _csrf: csrf, actingPersonId: 'ag-deputy', fromOn: addDays(today, 20), toOn: addDays(today, 22), reason: 'Nghỉ phép' };
    const posted = await fetch(`${system.apiUrl}/web/acting`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: clerk, origin: system.apiUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });
    expect(posted.status).toBe(303);
    const grants = await system.api('/v1/people/ag-clerk/acting-grants', { token: tokens['ag-clerk'] });
    expect(
      grants.body.items.map((g: { actingPersonId: string; fromOn: string; inForce: boolean }) => [g.actingPersonId, g.fromOn, g.inForce]),
    ).toEqual([['ag-deputy', addDays(today, 20), false]]);
  });

  it('ends the grant on revocation, once', async () => {
    const revoked = await system.api(`/v1/people/ag-head/acting-grants/${grantId}`, { method: 'DELETE', token: tokens['ag-head'] });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: grantId, inForce: false });
    const again = await system.api(`/v1/people/ag-head/acting-grants/${grantId}`, { method: 'DELETE', token: tokens['ag-head'] });
    expect([again.status, again.body.revokedAt]).toEqual([200, revoked.body.revokedAt]);
    const day = await system.api('/v1/acting-grants', { token: tokens['ag-head'] });
    expect(day.body.items).toEqual([]);
  });
});
