/**
 * Quiet hours on real Postgres, through the recordEvent activity that writes an event's notices and deliveries: an
 * email written at 02:00 waits for 07:30 (all of that night's together), one written in working hours or for an urgent
 * task leaves at once, a reader abroad is held to their own morning, a retried event holds its rows to the same instant,
 * and the in-app notice is there at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryConfig } from '../../activities/delivery-config';
import { createDispatchDeliveries } from '../../activities/dispatch-deliveries';
import { createRecordEvent } from '../../activities/record-event';
import { freePort } from '../../worker/ports';
import { newAssignmentState } from '../../domain/assignment-state';
import type { RecordedEvent } from '../../workflows/contract';
import { createTestDatabase, insertTask, type TestDatabase } from '../support/database';

let db: TestDatabase;
const vn = (local: string) => Date.parse(`${local}+07:00`);

beforeAll(async () => {
  db = await createTestDatabase();
  await insertTask(db.sql, 'quiet', '2030-01-31');
  await insertTask(db.sql, 'urgent', '2030-01-31');
  await db.sql`UPDATE tasks SET urgency = 'hoa_toc' WHERE id = 'urgent'`;
  await db.sql`INSERT INTO people (id, name, role, unit_code, email, created_by, time_zone) VALUES
    ('ag-officer', 'An Giang officer', 'unit', 'an-giang', 'officer@angiang.example.vn', 'test', NULL),
    ('ag-abroad', 'An Giang officer in Paris', 'unit', 'an-giang', 'abroad@angiang.example.vn', 'test', 'Europe/Paris')`;
});
afterAll(async () => db?.drop());

function event(taskId: string, seq: number, at: number): RecordedEvent {
  const state = newAssignmentState({
    workflowId: `assignment/${taskId}/an-giang`,
    taskId,
    directiveId: 'test-directive',
    unitCode: 'an-giang',
    dueOn: '2030-01-31',
    dueAt: null,
    dueSoonFrom: null,
    confirmationRequired: false,
  });
  return {
    workflowId: state.workflowId,
    seq,
    at,
    kind: 'reminder',
    data: {},
    actor: { kind: 'system', id: 'timer' },
    messageId: null,
    state: { ...state, seq },
    notices: [{ recipientUnit: 'an-giang', recipientRole: 'unit_officer', kind: 'reminder', title: 'Reminder', body: 'Reminder' }],
  };
}

async function deliveriesOf(workflowId: string, seq: number) {
  return db.sql<{ recipient: string; next_attempt_at: Date; created_at: Date }[]>`
    SELECT d.recipient, d.next_attempt_at, d.created_at FROM deliveries d JOIN notifications n ON n.id = d.notification_id
    WHERE n.workflow_id = ${workflowId} AND n.seq = ${seq} AND d.channel = 'email' ORDER BY d.recipient`;
}

describe('quiet hours in the outbox (real Postgres)', () => {
  it('holds an email written at 02:00 to the start of the working period, in each reader’s time zone', async () => {
    const record = createRecordEvent(db.sql, { quietHours: true });
    // Tuesday 8 January 2030, 02:00 in Vietnam (19:00 on Monday in Paris).
    await record(event('quiet', 1, vn('2030-01-08T02:00')));
    await record(event('quiet', 1, vn('2030-01-08T02:00')));
    const rows = await deliveriesOf('assignment/quiet/an-giang', 1);
    expect(rows.map((r) => [r.recipient, r.next_attempt_at.toISOString()])).toEqual([
      ['ag-abroad', new Date(Date.parse('2030-01-08T07:30+01:00')).toISOString()],
      ['ag-officer', new Date(vn('2030-01-08T07:30')).toISOString()],
    ]);
    // The in-app notice is not held.
    const [notice] = await db.sql<{ created_at: Date }[]>`
      SELECT created_at FROM notifications WHERE workflow_id = 'assignment/quiet/an-giang' AND seq = 1`;
    expect(notice?.created_at.getTime()).toBe(vn('2030-01-08T02:00'));
    // A second event in the same night waits for the same instant: the night's emails leave together.
    await record(event('quiet', 2, vn('2030-01-08T05:45')));
    const second = await deliveriesOf('assignment/quiet/an-giang', 2);
    expect(second.find((r) => r.recipient === 'ag-officer')?.next_attempt_at.getTime()).toBe(vn('2030-01-08T07:30'));
  });

  it('sends at once in working hours, for an urgent task, and when quiet hours are off', async () => {
    const record = createRecordEvent(db.sql, { quietHours: true });
    await record(event('quiet', 3, vn('2030-01-08T10:00')));
    const working = await deliveriesOf('assignment/quiet/an-giang', 3);
    const officer = working.find((r) => r.recipient === 'ag-officer')!;
    expect(officer.next_attempt_at.getTime()).toBe(officer.created_at.getTime());
    await record(event('urgent', 1, vn('2030-01-08T02:00')));
    const urgent = await deliveriesOf('assignment/urgent/an-giang', 1);
    expect(urgent).toHaveLength(2);
    for (const r of urgent) expect(r.next_attempt_at.getTime()).toBe(r.created_at.getTime());
    await createRecordEvent(db.sql)(event('quiet', 4, vn('2030-01-08T02:00')));
    for (const r of await deliveriesOf('assignment/quiet/an-giang', 4)) expect(r.next_attempt_at.getTime()).toBe(r.created_at.getTime());
  });

  it('a row held for days still gets its retries: the give-up age runs from its first attempt', async () => {
    // A delivery written 30 hours ago and held until now (a long holiday), to a receiver that is down.
    const port = await freePort();
    await db.sql`INSERT INTO webhook_subscriptions (id, url, secret, created_by)
                 VALUES ('down', ${`http://127.0.0.1:${port}/hook`}, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'test')`;
    const [n] = await db.sql<{ id: string }[]>`
      SELECT id::text FROM notifications WHERE workflow_id = 'assignment/quiet/an-giang' AND seq = 1`;
    await db.sql`INSERT INTO deliveries (notification_id, channel, recipient, address, created_at, next_attempt_at)
                 VALUES (${n!.id}, 'webhook', 'down', ${`http://127.0.0.1:${port}/hook`}, now() - interval '30 hours', now())`;
    const dispatch = createDispatchDeliveries(db.sql, createDeliveryConfig({ webhookTimeoutMs: 1_000 }));
    const result = await dispatch({ runForMs: 300 });
    expect(result).toMatchObject({ retrying: 1, failed: 0 });
    const [row] = await db.sql<{ status: string; attempts: number }[]>`SELECT status, attempts FROM deliveries WHERE recipient = 'down'`;
    expect(row).toEqual({ status: 'pending', attempts: 1 });
  });
});
