/**
 * Fault: twenty heads are escalated to, each escalation to be acknowledged within 15 s. Half the heads acknowledge
 * through the API while the worker is SIGKILLed; the caller sends each again under its Idempotency-Key once a new worker
 * has taken over. The other half never acknowledge, and their windows close around the kill. Each acknowledged
 * assignment ends with exactly one `escalation_acknowledged` and no backup notice; each other with exactly one
 * `escalation_unacknowledged` and one notice to its supervising leader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiOnly, syntheticUnits, type ApiOnly } from '../support/api-only';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { startTestTemporal, type TestTemporal } from '../support/temporal-target';
import { startWorkerProcess } from '../support/worker-process';

const N = 20;
const UNITS = syntheticUnits(N);
const ACKING = UNITS.slice(0, N / 2).map((u) => u.code);
const SILENT = UNITS.slice(N / 2).map((u) => u.code);
let temporal: TestTemporal;
let db: TestDatabase;
let api: ApiOnly;

beforeAll(async () => {
  [temporal, db] = await Promise.all([startTestTemporal(), createTestDatabase()]);
  api = await startApiOnly({
    databaseUrl: db.url,
    temporalAddress: temporal.address,
    namespace: temporal.namespace,
    taskQueue: 'fault-ack',
    units: UNITS,
  });
});

afterAll(async () => {
  await api?.close();
  await temporal?.stop();
  await db?.drop();
});

/** How many events of `kind` each of `units` recorded. */
async function countsOf(kind: string, units: string[]): Promise<number[]> {
  const rows = await db.sql<{ unit_code: string; n: number }[]>`
    SELECT a.unit_code, count(e.seq)::int AS n FROM assignments a
    LEFT JOIN assignment_events e ON e.workflow_id = a.workflow_id AND e.kind = ${kind}
    WHERE a.task_id = 'acked' AND a.unit_code = ANY (${units}) GROUP BY a.unit_code`;
  const by = new Map(rows.map((r) => [r.unit_code, r.n]));
  return units.map((u) => by.get(u) ?? 0);
}

describe('worker killed while escalations are acknowledged and windows close', () => {
  it('acknowledges each once and sends each unanswered one to its backup once', async () => {
    const env = { databaseUrl: db.url, temporalAddress: temporal.address, namespace: temporal.namespace, taskQueue: 'fault-ack' };
    const first = await startWorkerProcess(env);
    await api.api('/v1/directives', { id: 'd', number: '3/FAULT', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'fault' });
    const res = await api.api('/v1/directives/d/tasks', {
      id: 'acked',
      title: 'Escalated',
      dueAt: new Date(Date.now() + 5_000).toISOString(),
      assignees: { units: UNITS.map((u) => u.code) },
      policy: {
        reminders: [],
        escalations: [
          { after: { duration: 'PT1S' }, rung: 'unit_head', ackWithin: { duration: 'PT15S' } },
          { after: { duration: 'PT10M' }, rung: 'supervising_leader' },
        ],
        repeatTopRungEvery: null,
      },
    });
    expect(res.status).toBe(202);
    await eventually(
      async () =>
        expect(
          await countsOf(
            'escalation',
            UNITS.map((u) => u.code),
          ),
        ).toEqual(UNITS.map(() => 1)),
      60_000,
      100,
    );

    const acknowledge = (unit: string) =>
      api.api(`/v1/tasks/acked/assignments/${unit}/escalation-acknowledgement`, {}, { 'idempotency-key': `ack-${unit}` });
    const acks = Promise.all(ACKING.map(acknowledge));
    await eventually(async () => expect((await countsOf('escalation_acknowledged', ACKING)).some((n) => n > 0)).toBe(true), 60_000, 20);
    await first.kill('SIGKILL');

    const second = await startWorkerProcess(env);
    try {
      const answers = [...(await acks), ...(await Promise.all(ACKING.map(acknowledge)))];
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      await eventually(async () => expect(await countsOf('escalation_unacknowledged', SILENT)).toEqual(SILENT.map(() => 1)), 90_000, 200);
      expect(await countsOf('escalation_acknowledged', ACKING)).toEqual(ACKING.map(() => 1));
      expect(await countsOf('escalation_unacknowledged', ACKING)).toEqual(ACKING.map(() => 0));
      const notices = await db.sql<{ unit_code: string; recipient_role: string }[]>`
        SELECT a.unit_code, n.recipient_role FROM notifications n JOIN assignments a ON a.workflow_id = n.workflow_id
        WHERE a.task_id = 'acked' AND n.kind = 'escalation_unacknowledged' ORDER BY a.unit_code`;
      expect(notices).toEqual([...SILENT].sort().map((unit_code) => ({ unit_code, recipient_role: 'supervising_leader' })));
    } finally {
      await second.kill('SIGTERM');
    }
  }, 300_000);
});
