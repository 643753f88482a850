/**
 * Acting officers in the delivery outbox on real Postgres, through the recordEvent activity: on a grant's Vietnam
 * dates a notice for the absent head is emailed to the acting officer (the in-app notice stays the unit's), a chain of
 * absences is followed, a cycle falls back to the one addressed, revoked grants and sign-in links are left alone, and
 * the SQL gives what the pure rule (domain/acting.ts) gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordEvent } from '../../activities/record-event';
import { enqueueDeliveries } from '../../db/outbox';
import { newAssignmentState } from '../../domain/assignment-state';
import { resolveRecipient, type Grant } from '../../domain/acting';
import type { RecordedEvent } from '../../workflows/contract';
import { createTestDatabase, insertTask, type TestDatabase } from '../support/database';

let db: TestDatabase;
const vn = (local: string) => Date.parse(`${local}+07:00`);
const GRANTS: Grant[] = [
  { id: 'g-head', absentPersonId: 'ag-head', actingPersonId: 'ag-deputy', fromOn: '2030-01-07', toOn: '2030-01-11' },
  { id: 'g-deputy', absentPersonId: 'ag-deputy', actingPersonId: 'ag-officer', fromOn: '2030-01-09', toOn: '2030-01-09' },
  // A cycle on 2030-01-10 among Hà Nội's three.
  { id: 'c1', absentPersonId: 'hn-head', actingPersonId: 'hn-a', fromOn: '2030-01-10', toOn: '2030-01-10' },
  { id: 'c2', absentPersonId: 'hn-a', actingPersonId: 'hn-b', fromOn: '2030-01-10', toOn: '2030-01-10' },
  { id: 'c3', absentPersonId: 'hn-b', actingPersonId: 'hn-head', fromOn: '2030-01-10', toOn: '2030-01-10' },
];

beforeAll(async () => {
  db = await createTestDatabase();
  await insertTask(db.sql, 'acting', '2030-01-31');
  await db.sql`INSERT INTO people (id, name, role, unit_code, position, email, created_by) VALUES
    ('ag-head', 'An Giang head', 'unit', 'an-giang', 'head', 'head@angiang.example.vn', 'test'),
    ('ag-deputy', 'An Giang deputy', 'unit', 'an-giang', 'officer', 'deputy@angiang.example.vn', 'test'),
    ('ag-officer', 'An Giang officer', 'unit', 'an-giang', 'officer', 'officer@angiang.example.vn', 'test'),
    ('hn-head', 'Hà Nội head', 'unit', 'ha-noi', 'head', 'head@hanoi.example.vn', 'test'),
    ('hn-a', 'Hà Nội A', 'unit', 'ha-noi', 'officer', 'a@hanoi.example.vn', 'test'),
    ('hn-b', 'Hà Nội B', 'unit', 'ha-noi', 'officer', 'b@hanoi.example.vn', 'test'),
    ('leader-a', 'Leader A', 'leader', NULL, 'officer', 'a@chinhphu.example.vn', 'test'),
    ('leader-b', 'Leader B', 'leader', NULL, 'officer', 'b@chinhphu.example.vn', 'test')`;
  await db.sql`INSERT INTO acting_grants (id, absent_person, acting_person, from_on, to_on, created_by)
               VALUES ('leader', 'leader-a', 'leader-b', '2030-01-08', '2030-01-08', 'test')`;
  for (const g of GRANTS) {
    await db.sql`INSERT INTO acting_grants (id, absent_person, acting_person, from_on, to_on, created_by)
                 VALUES (${g.id}, ${g.absentPersonId}, ${g.actingPersonId}, ${g.fromOn}, ${g.toOn}, 'test')`;
  }
  // Revoked: would send the head's mail to the officer on the 12th.
  await db.sql`INSERT INTO acting_grants (id, absent_person, acting_person, from_on, to_on, created_by, revoked_at)
               VALUES ('revoked', 'ag-head', 'ag-officer', '2030-01-12', '2030-01-13', 'test', now())`;
});
afterAll(async () => db?.drop());

let seq = 0;
async function emailsFor(unitCode: string, recipientRole: 'unit_head' | 'unit_officer', at: number): Promise<string[]> {
  seq += 1;
  const state = newAssignmentState({
    workflowId: `assignment/acting/${unitCode}`,
    taskId: 'acting',
    directiveId: 'test-directive',
    unitCode,
    dueOn: '2030-01-31',
    dueAt: null,
    dueSoonFrom: null,
    confirmationRequired: false,
  });
  const event: RecordedEvent = {
    workflowId: state.workflowId,
    seq,
    at,
    kind: 'escalation',
    data: {},
    actor: { kind: 'system', id: 'timer' },
    messageId: null,
    state: { ...state, seq },
    notices: [{ recipientUnit: unitCode, recipientRole, kind: 'escalation', title: 'Escalation', body: 'Escalation' }],
  };
  const record = createRecordEvent(db.sql, {});
  await record(event);
  await record(event);
  const rows = await db.sql<{ recipient: string }[]>`
    SELECT d.recipient FROM deliveries d JOIN notifications n ON n.id = d.notification_id
    WHERE n.workflow_id = ${state.workflowId} AND n.seq = ${seq} AND d.channel = 'email' ORDER BY d.recipient`;
  return rows.map((r) => r.recipient);
}

describe('acting officers in the outbox (real Postgres)', () => {
  it("sends the absent head's email to the acting officer on the grant's Vietnam dates only, keeping the unit's in-app notice", async () => {
    expect(await emailsFor('an-giang', 'unit_head', vn('2030-01-07T08:00'))).toEqual(['ag-deputy']);
    expect(await emailsFor('an-giang', 'unit_head', vn('2030-01-11T23:30'))).toEqual(['ag-deputy']);
    // 00:30 on the 12th in Vietnam is still the 11th in UTC: the Vietnam date decides, and the grant is over.
    expect(await emailsFor('an-giang', 'unit_head', vn('2030-01-12T00:30'))).toEqual(['ag-head']);
    expect(await emailsFor('an-giang', 'unit_head', vn('2030-01-06T16:00'))).toEqual(['ag-head']);
    const [notice] = await db.sql<{ recipient_unit: string; recipient_role: string }[]>`
      SELECT recipient_unit, recipient_role FROM notifications WHERE workflow_id = 'assignment/acting/an-giang' ORDER BY id LIMIT 1`;
    expect(notice).toEqual({ recipient_unit: 'an-giang', recipient_role: 'unit_head' });
  });

  it('follows a chain of absences, sending one email to a person reached twice', async () => {
    expect(await emailsFor('an-giang', 'unit_head', vn('2030-01-09T08:00'))).toEqual(['ag-officer']);
    // The officers' notice: the deputy's goes on to the officer, who is addressed too: one email.
    expect(await emailsFor('an-giang', 'unit_officer', vn('2030-01-09T08:00'))).toEqual(['ag-officer']);
    expect(await emailsFor('an-giang', 'unit_officer', vn('2030-01-08T08:00'))).toEqual(['ag-deputy', 'ag-officer']);
  });

  it('falls back to the one addressed when everyone in a cycle is away, and ignores revoked grants', async () => {
    expect(await emailsFor('ha-noi', 'unit_head', vn('2030-01-10T08:00'))).toEqual(['hn-head']);
    expect(await emailsFor('ha-noi', 'unit_officer', vn('2030-01-10T08:00'))).toEqual(['hn-a', 'hn-b']);
    expect(await emailsFor('an-giang', 'unit_head', vn('2030-01-12T09:00'))).toEqual(['ag-head']);
  });

  it('gives what the pure rule gives', async () => {
    for (const [person, day] of [
      ['ag-head', '2030-01-09'],
      ['ag-head', '2030-01-08'],
      ['ag-deputy', '2030-01-09'],
      ['hn-head', '2030-01-10'],
      ['hn-a', '2030-01-10'],
      ['ag-head', '2030-01-12'],
    ] as const) {
      const unitCode = person.startsWith('ag') ? 'an-giang' : 'ha-noi';
      const role = person.endsWith('head') ? 'unit_head' : 'unit_officer';
      const emails = await emailsFor(unitCode, role, vn(`${day}T08:00`));
      expect(emails, `${person} on ${day}`).toContain(resolveRecipient(person, day, GRANTS));
    }
  });

  it("emails an absent leader's digest to the acting leader, while the digest stays the absent one's", async () => {
    const [n] = await db.sql<{ id: string }[]>`
      INSERT INTO notifications (workflow_id, seq, recipient_unit, recipient_role, recipient_person, kind, title, body, created_at)
      VALUES ('digest/leader-a/2030-01-08', 0, '', 'leader', 'leader-a', 'digest', 'Digest', 'x', ${new Date(vn('2030-01-08T07:30'))})
      RETURNING id::text`;
    await enqueueDeliveries(db.sql, [n!.id]);
    const rows = await db.sql<
      { recipient: string; address: string }[]
    >`SELECT recipient, address FROM deliveries WHERE notification_id = ${n!.id}`;
    expect(rows).toEqual([{ recipient: 'leader-b', address: 'b@chinhphu.example.vn' }]);
  });

  it("never redirects a sign-in link: it is the person's own", async () => {
    const [n] = await db.sql<{ id: string }[]>`
      INSERT INTO notifications (workflow_id, seq, recipient_unit, recipient_role, recipient_person, kind, title, body, created_at)
      VALUES ('signin/acting', 0, '', 'person', 'ag-head', 'signin_link', 'Sign-in link', 'x', ${new Date(vn('2030-01-08T08:00'))})
      RETURNING id::text`;
    await enqueueDeliveries(db.sql, [n!.id]);
    const rows = await db.sql<{ recipient: string }[]>`SELECT recipient FROM deliveries WHERE notification_id = ${n!.id}`;
    expect(rows.map((r) => r.recipient)).toEqual(['ag-head']);
  });
});
