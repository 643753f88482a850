/**
 * The assignment lifecycle on the real time-skipping Temporal test server with real Postgres: reminders,
 * escalations and their repeats at the right workflow time, completion on time and late, extensions,
 * cancellation, duplicate messages and continue-as-new.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { daySpreadOf } from '../../domain/day-spread';
import { addDays, atTimeVn, endOfDayVn, type IsoDate } from '../../domain/dates';
import { CALENDAR_DAYS_POLICY, type EscalationPolicy } from '../../domain/policy';
import {
  cancelUpdate,
  completeUpdate,
  decideExtensionUpdate,
  reassignUpdate,
  requestExtensionUpdate,
  stateQuery,
} from '../../workflows/contract';
import { insertTask } from '../support/database';
import { eventually } from '../support/eventually';
import { assignmentRow, closedState, COORDINATOR, eventsOf, startAssignment, thursdayAfter, UNIT_OFFICER } from '../support/lifecycle';
import { useTimeSkippingWorld } from '../support/temporal';

const world = useTimeSkippingWorld('test');

const at8 = (day: IsoDate) => atTimeVn(day, '08:00').getTime();

/**
 * The calendar-day ladder for a Thursday due date, computed by hand: Sunday escalations move to Monday; day-based
 * steps at 08:00 plus the workflow's spread into the hour after (domain/day-spread.ts).
 */
function expectedLadder(dueOn: IsoDate, workflowId: string) {
  const spread = daySpreadOf(workflowId);
  const planned = (day: IsoDate) => atTimeVn(day, '08:00').getTime() + spread;
  return {
    reminders: [planned(addDays(dueOn, -7)), planned(addDays(dueOn, -3)), planned(addDays(dueOn, -1)), planned(dueOn)],
    overdue: endOfDayVn(dueOn).getTime(),
    escalations: [
      { rung: 'unit_head', at: endOfDayVn(dueOn).getTime() },
      { rung: 'supervising_leader', at: planned(addDays(dueOn, 4)) },
      { rung: 'coordinator', at: planned(addDays(dueOn, 7)) },
      { rung: 'coordinator', at: planned(addDays(dueOn, 14)) },
      { rung: 'coordinator', at: planned(addDays(dueOn, 21)) },
    ],
  };
}

async function sleepUntil(instant: number): Promise<void> {
  const now = await world.env.currentTimeMs();
  if (instant > now) await world.env.sleep(instant - now);
}

async function setUp(taskId: string, policy: EscalationPolicy = CALENDAR_DAYS_POLICY) {
  const dueOn = thursdayAfter(await world.env.currentTimeMs(), 28);
  await insertTask(world.db.sql, taskId, dueOn);
  const handle = await startAssignment(world.worker.client, world.worker.taskQueue, { taskId, dueOn, policy });
  await eventually(async () => expect((await eventsOf(world.db.sql, handle.workflowId)).map((e) => e.kind)).toContain('assigned'));
  return { dueOn, handle };
}

const scheduled = (events: { kind: string; data: { scheduledAt?: number; rung?: string | null } }[], kind: string) =>
  events
    .filter((e) => e.kind === kind)
    .map((e) => (kind === 'escalation' ? { rung: e.data.rung, at: e.data.scheduledAt } : e.data.scheduledAt));

describe('assignment lifecycle (time-skipping server, real Postgres)', () => {
  it('fires every reminder and escalation rung at the right time, then repeats the top rung weekly', async () => {
    const { dueOn, handle } = await setUp('ladder');
    const expected = expectedLadder(dueOn, handle.workflowId);
    await sleepUntil(at8(addDays(dueOn, 21)) + 3600_000);

    const events = await eventually(async () => {
      const rows = await eventsOf(world.db.sql, handle.workflowId);
      expect(rows.filter((e) => e.kind === 'escalation')).toHaveLength(5);
      return rows;
    });
    expect(scheduled(events, 'reminder')).toEqual(expected.reminders);
    expect(scheduled(events, 'overdue')).toEqual([expected.overdue]);
    expect(scheduled(events, 'escalation')).toEqual(expected.escalations);
    for (const e of events.filter((e) => e.data.scheduledAt !== undefined)) {
      expect(e.at.getTime() - e.data.scheduledAt!).toBeGreaterThanOrEqual(0);
      expect(e.at.getTime() - e.data.scheduledAt!).toBeLessThan(60_000);
    }
    // Reminders go to the unit; each rung to its own recipient; the top rung to the Government Office.
    const notices = await world.db.sql<{ kind: string; recipient_unit: string; recipient_role: string }[]>`
      SELECT kind, recipient_unit, recipient_role FROM notifications WHERE workflow_id = ${handle.workflowId} ORDER BY seq`;
    expect(
      notices.filter((n) => n.kind === 'reminder').every((n) => n.recipient_unit === 'an-giang' && n.recipient_role === 'unit_officer'),
    ).toBe(true);
    expect(notices.filter((n) => n.kind === 'escalation').map((n) => `${n.recipient_unit}:${n.recipient_role}`)).toEqual([
      'an-giang:unit_head',
      'an-giang:supervising_leader',
      'vpcp:coordinator',
      'vpcp:coordinator',
      'vpcp:coordinator',
    ]);
    const row = await assignmentRow(world.db.sql, handle.workflowId);
    expect(row).toMatchObject({ status: 'overdue', escalation_level: 3 });
    const statuses = events.map((e) => e.status);
    expect(statuses.slice(0, 2)).toEqual(['not_due', 'due_soon']);
    expect(statuses.at(-1)).toBe('overdue');
  });

  it('a completion before the due date is on time and nothing escalates', async () => {
    const { dueOn, handle } = await setUp('on-time');
    await sleepUntil(at8(addDays(dueOn, -2)));
    const state = await handle.executeUpdate(completeUpdate, {
      args: [{ messageId: 'm-complete', actor: UNIT_OFFICER, note: 'done', evidenceUrl: 'https://example.gov.vn/qd-1234.pdf' }],
    });
    expect(state.status).toBe('completed_on_time');
    await closedState(handle);
    await world.env.sleep('30 days');
    const kinds = (await eventsOf(world.db.sql, handle.workflowId)).map((e) => e.kind);
    expect(kinds).toEqual(['assigned', 'reminder', 'reminder', 'completed']);
    expect((await assignmentRow(world.db.sql, handle.workflowId))?.status).toBe('completed_on_time');
  });

  it('a completion after the due date is late and stops the escalations', async () => {
    const { dueOn, handle } = await setUp('late');
    await sleepUntil(at8(addDays(dueOn, 5)));
    const state = await handle.executeUpdate(completeUpdate, { args: [{ messageId: 'm-late', actor: UNIT_OFFICER, note: 'late' }] });
    expect(state.status).toBe('completed_late');
    await closedState(handle);
    await world.env.sleep('30 days');
    const events = await eventsOf(world.db.sql, handle.workflowId);
    expect(scheduled(events, 'escalation')).toEqual(expectedLadder(dueOn, handle.workflowId).escalations.slice(0, 2));
    expect(events.at(-1)?.kind).toBe('completed');
    expect((await assignmentRow(world.db.sql, handle.workflowId))?.status).toBe('completed_late');
  });

  it('an approved extension moves every reminder and escalation to the new due date', async () => {
    const { dueOn, handle } = await setUp('extended');
    const newDueOn = addDays(dueOn, 14);
    await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ messageId: 'm-req', actor: UNIT_OFFICER, newDueOn, reason: 'survey takes longer' }],
    });
    const state = await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ messageId: 'm-dec', actor: COORDINATOR, approve: true, decidedBy: 'coordinator-1', note: 'ok' }],
    });
    expect(state.dueOn).toBe(newDueOn);
    expect(state.originalDueOn).toBe(dueOn);
    await sleepUntil(at8(addDays(newDueOn, 7)) + 3600_000);
    const events = await eventually(async () => {
      const rows = await eventsOf(world.db.sql, handle.workflowId);
      expect(rows.filter((e) => e.kind === 'escalation')).toHaveLength(3);
      return rows;
    });
    const moved = expectedLadder(newDueOn, handle.workflowId);
    expect(scheduled(events, 'reminder')).toEqual(moved.reminders);
    expect(scheduled(events, 'overdue')).toEqual([moved.overdue]);
    expect(scheduled(events, 'escalation')).toEqual(moved.escalations.slice(0, 3));
    expect(events.filter((e) => e.kind === 'extension_approved')).toHaveLength(1);
    expect((await assignmentRow(world.db.sql, handle.workflowId))?.due_on).toBe(newDueOn);
  });

  it('a rejected extension moves no timer', async () => {
    const { dueOn, handle } = await setUp('rejected');
    await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ messageId: 'm-req', actor: UNIT_OFFICER, newDueOn: addDays(dueOn, 30), reason: 'busy' }],
    });
    const state = await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ messageId: 'm-dec', actor: COORDINATOR, approve: false, decidedBy: 'coordinator-1', note: 'no' }],
    });
    expect(state.dueOn).toBe(dueOn);
    expect(state.pendingExtension).toBeNull();
    await sleepUntil(at8(addDays(dueOn, 4)) + 3600_000);
    const events = await eventually(async () => {
      const rows = await eventsOf(world.db.sql, handle.workflowId);
      expect(rows.filter((e) => e.kind === 'escalation')).toHaveLength(2);
      return rows;
    });
    const ladder = expectedLadder(dueOn, handle.workflowId);
    expect(scheduled(events, 'reminder')).toEqual(ladder.reminders);
    expect(scheduled(events, 'escalation')).toEqual(ladder.escalations.slice(0, 2));
    expect(events.map((e) => e.kind)).toContain('extension_rejected');
  });

  it('cancel stops everything and a cancelled assignment cannot be completed', async () => {
    const { handle } = await setUp('cancelled');
    const state = await handle.executeUpdate(cancelUpdate, { args: [{ messageId: 'm-cancel', actor: COORDINATOR, reason: 'superseded' }] });
    expect(state.status).toBe('cancelled');
    await closedState(handle);
    await world.env.sleep('60 days');
    expect((await eventsOf(world.db.sql, handle.workflowId)).map((e) => e.kind)).toEqual(['assigned', 'cancelled']);
    expect((await assignmentRow(world.db.sql, handle.workflowId))?.status).toBe('cancelled');
    // The workflow has closed: the server has no running execution to take the update.
    const late = handle.executeUpdate(completeUpdate, { args: [{ messageId: 'm-after', actor: UNIT_OFFICER, note: 'too late' }] });
    await expect(late).rejects.toBeInstanceOf(WorkflowNotFoundError);
    await expect(late).rejects.toThrow(/not found|already completed/);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    expect((await assignmentRow(world.db.sql, handle.workflowId))?.status).toBe('cancelled');
  });

  it('a duplicate completion is applied once', async () => {
    const { dueOn, handle } = await setUp('duplicate', { ...CALENDAR_DAYS_POLICY, reminders: [] });
    await sleepUntil(at8(addDays(dueOn, -10)));
    const message = { messageId: 'm-twice', actor: UNIT_OFFICER, note: 'done' };
    const [first, second] = await Promise.all([
      handle.executeUpdate(completeUpdate, { args: [message], updateId: 'm-twice' }),
      handle.executeUpdate(completeUpdate, { args: [message] }),
    ]);
    expect(first.status).toBe('completed_on_time');
    expect(second.status).toBe('completed_on_time');
    await closedState(handle);
    const events = await eventsOf(world.db.sql, handle.workflowId);
    expect(events.filter((e) => e.kind === 'completed')).toHaveLength(1);
  });

  it('reassignment ends the assignment and hands its record to the successor unit', async () => {
    const { handle } = await setUp('moved');
    const state = await handle.executeUpdate(reassignUpdate, {
      args: [{ messageId: 'm-move', actor: COORDINATOR, toUnit: 'can-tho', reason: 'remit' }],
    });
    expect(state.status).toBe('reassigned');
    const successor = world.worker.client.workflow.getHandle('assignment/moved/can-tho');
    const next = await eventually(() => successor.query(stateQuery));
    expect(next).toMatchObject({ unitCode: 'can-tho', originalUnit: 'an-giang', predecessorWorkflowId: handle.workflowId });
    expect((await assignmentRow(world.db.sql, handle.workflowId))?.reassigned_to).toBe('can-tho');
  });

  it('a long escalation continues as new and keeps one unbroken event log', async () => {
    const policy: EscalationPolicy = {
      reminders: [{ duration: 'PT1H' }],
      escalations: [{ after: { duration: 'PT1M' }, rung: 'unit_head' }],
      repeatTopRungEvery: { duration: 'PT1H' },
      timeOfDay: '08:00',
    };
    const dueOn = thursdayAfter(await world.env.currentTimeMs(), 2);
    await insertTask(world.db.sql, 'long', dueOn);
    const handle = await startAssignment(world.worker.client, world.worker.taskQueue, {
      taskId: 'long',
      dueOn,
      policy,
      maxHistoryEvents: 60,
    });
    const firstRunId = handle.firstExecutionRunId;
    await sleepUntil(endOfDayVn(dueOn).getTime() + 30 * 3600_000);
    const events = await eventually(async () => {
      const rows = await eventsOf(world.db.sql, handle.workflowId);
      expect(rows.filter((e) => e.kind === 'escalation').length).toBeGreaterThanOrEqual(30);
      return rows;
    });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.kind === 'assigned')).toHaveLength(1);
    const repeats = events.filter((e) => e.kind === 'escalation').map((e) => e.data.scheduledAt!);
    expect(new Set(repeats).size).toBe(repeats.length);
    const description = await world.worker.client.workflow.getHandle(handle.workflowId).describe();
    expect(description.runId).not.toBe(firstRunId);
    const state = await world.worker.client.workflow.getHandle(handle.workflowId).query(stateQuery);
    expect(state.seq).toBe(events.length);
  });
});
