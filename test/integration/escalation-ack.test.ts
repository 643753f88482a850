/**
 * Acknowledgement timeouts on the real time-skipping Temporal test server with real Postgres and the real activities:
 * a rung that must be acknowledged within four working hours goes once to its backup when it is not, and goes no
 * further when it is; repeated acknowledgements apply once.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { addDays, endOfDayVn, type IsoDate } from '../../domain/dates';
import type { EscalationPolicy } from '../../domain/policy';
import { acknowledgeEscalationUpdate, stateQuery, type Actor } from '../../workflows/contract';
import { insertTask } from '../support/database';
import { eventually } from '../support/eventually';
import { eventsOf, startAssignment, thursdayAfter } from '../support/lifecycle';
import { useTimeSkippingWorld } from '../support/temporal';

const world = useTimeSkippingWorld('escalation-ack');
const HEAD: Actor = { kind: 'unit', id: 'head-1', unitCode: 'an-giang' };

// The head is told two hours after the due instant (02:00, outside office hours) and has four working hours from
// 07:30; the supervising leader is the ladder's next rung, three days after the due instant.
const POLICY: EscalationPolicy = {
  reminders: [],
  escalations: [
    { after: { duration: 'PT2H' }, rung: 'unit_head', ackWithin: { workingHours: 4 } },
    { after: { duration: 'P3D' }, rung: 'supervising_leader' },
  ],
  repeatTopRungEvery: null,
  timeOfDay: '08:00',
};

async function sleepUntil(instant: number): Promise<void> {
  const now = await world.env.currentTimeMs();
  if (instant > now) await world.env.sleep(instant - now);
}

const vn = (date: IsoDate, time: string) => Date.parse(`${date}T${time}:00+07:00`);

async function started(taskId: string) {
  // Due on a Thursday: the head's escalation fires at 02:00 Friday, and its window closes at 11:30 Friday.
  const dueOn = thursdayAfter(await world.env.currentTimeMs(), 14);
  await insertTask(world.db.sql, taskId, dueOn);
  const handle = await startAssignment(world.worker.client, world.worker.taskQueue, { taskId, dueOn, policy: POLICY });
  const friday = addDays(dueOn, 1);
  return { handle, dueOn, escalatedAt: endOfDayVn(dueOn).getTime() + 2 * 3600_000, deadline: vn(friday, '11:30') };
}

async function notificationsOf(workflowId: string) {
  return world.db.sql<{ kind: string; recipient_role: string; recipient_unit: string }[]>`
    SELECT kind, recipient_role, recipient_unit FROM notifications WHERE workflow_id = ${workflowId} ORDER BY id`;
}

describe('acknowledgement timeouts (time-skipping server, real Postgres)', () => {
  it('sends an escalation not acknowledged in its window to the backup exactly once', async () => {
    const { handle, escalatedAt, deadline, dueOn } = await started('ack-timeout');
    await sleepUntil(escalatedAt + 60_000);
    await eventually(async () => {
      const escalation = (await eventsOf(world.db.sql, handle.workflowId)).find((e) => e.kind === 'escalation');
      expect(escalation?.data).toMatchObject({ level: 1, rung: 'unit_head', ackBy: deadline, backup: 'supervising_leader' });
    });
    const [row] = await world.db.sql<{ awaiting_ack: { deadline: number } | null }[]>`
      SELECT awaiting_ack FROM assignments WHERE workflow_id = ${handle.workflowId}`;
    expect(row?.awaiting_ack?.deadline).toBe(deadline);

    // A minute before the window closes nothing has gone on; a minute after, the leader hears of it.
    await sleepUntil(deadline - 60_000);
    expect((await eventsOf(world.db.sql, handle.workflowId)).map((e) => e.kind)).not.toContain('escalation_unacknowledged');
    await sleepUntil(deadline + 60_000);
    await eventually(async () => {
      const unacked = (await eventsOf(world.db.sql, handle.workflowId)).filter((e) => e.kind === 'escalation_unacknowledged');
      expect(unacked).toHaveLength(1);
      // At the window's end (a timer fires a few milliseconds after its instant).
      expect(unacked[0]!.at.getTime() - deadline).toBeGreaterThanOrEqual(0);
      expect(unacked[0]!.at.getTime() - deadline).toBeLessThan(60_000);
      expect(unacked[0]!.data).toMatchObject({ level: 1, rung: 'supervising_leader', unacknowledgedRung: 'unit_head' });
    });
    expect((await notificationsOf(handle.workflowId)).filter((n) => n.kind === 'escalation_unacknowledged')).toEqual([
      { kind: 'escalation_unacknowledged', recipient_role: 'supervising_leader', recipient_unit: 'an-giang' },
    ]);
    // Too late to acknowledge now: nothing awaits.
    await expect(handle.executeUpdate(acknowledgeEscalationUpdate, { args: [{ messageId: 'late', actor: HEAD }] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );

    // The ladder's own next rung fires at its time; the backup was told once only.
    await sleepUntil(endOfDayVn(addDays(dueOn, 3)).getTime() + 60_000);
    await eventually(async () => {
      const kinds = (await eventsOf(world.db.sql, handle.workflowId)).map((e) => e.kind);
      expect(kinds.filter((k) => k === 'escalation')).toHaveLength(2);
      expect(kinds.filter((k) => k === 'escalation_unacknowledged')).toHaveLength(1);
    });
  });

  it('goes no further once acknowledged, and applies a repeated acknowledgement once', async () => {
    const { handle, escalatedAt, deadline, dueOn } = await started('ack-in-time');
    await sleepUntil(escalatedAt + 3600_000);
    await eventually(async () => expect((await eventsOf(world.db.sql, handle.workflowId)).map((e) => e.kind)).toContain('escalation'));
    const ack = { messageId: 'ack-1', actor: HEAD };
    const acked = await handle.executeUpdate(acknowledgeEscalationUpdate, { args: [ack] });
    expect(acked.awaitingAck).toBeNull();
    await handle.executeUpdate(acknowledgeEscalationUpdate, { args: [ack] });
    await expect(handle.executeUpdate(acknowledgeEscalationUpdate, { args: [{ ...ack, messageId: 'ack-2' }] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
    const events = await eventsOf(world.db.sql, handle.workflowId);
    expect(events.filter((e) => e.kind === 'escalation_acknowledged').map((e) => e.data)).toEqual([
      expect.objectContaining({ level: 1, rung: 'unit_head', by: 'head-1', deadline }),
    ]);

    // Past the window and up to the next rung: no backup notice.
    await sleepUntil(endOfDayVn(addDays(dueOn, 3)).getTime() + 60_000);
    await eventually(async () => {
      const kinds = (await eventsOf(world.db.sql, handle.workflowId)).map((e) => e.kind);
      expect(kinds.filter((k) => k === 'escalation')).toHaveLength(2);
    });
    const kinds = (await eventsOf(world.db.sql, handle.workflowId)).map((e) => e.kind);
    expect(kinds).not.toContain('escalation_unacknowledged');
    expect((await handle.query(stateQuery)).awaitingAck ?? null).toBeNull();
  });
});
