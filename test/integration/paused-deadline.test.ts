/**
 * A paused deadline on the real time-skipping Temporal test server with real Postgres and the real activities: the
 * ladder stands still while paused, the due date moves on resume by the working days paused, the assignment escalates
 * at the moved time, the read model and the execution summary keep both deadlines, and repeated messages apply once.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { WEEKENDS_ONLY } from '../../domain/calendar';
import { addDays, endOfDayVn } from '../../domain/dates';
import { dueOnAfterPause, pausedWorkingDays } from '../../domain/pause';
import { CALENDAR_DAYS_POLICY } from '../../domain/policy';
import { completeUpdate, pauseUpdate, resumeUpdate, stateQuery } from '../../workflows/contract';
import { insertTask } from '../support/database';
import { eventually } from '../support/eventually';
import { COORDINATOR, eventsOf, startAssignment, thursdayAfter, UNIT_OFFICER } from '../support/lifecycle';
import { useTimeSkippingWorld } from '../support/temporal';

const world = useTimeSkippingWorld('paused');

async function sleepUntil(instant: number): Promise<void> {
  const now = await world.env.currentTimeMs();
  if (instant > now) await world.env.sleep(instant - now);
}

describe('a paused deadline (time-skipping server, real Postgres)', () => {
  it('stops the ladder, moves the due date by the working days paused and escalates at the moved time', async () => {
    const dueOn = thursdayAfter(await world.env.currentTimeMs(), 28);
    await insertTask(world.db.sql, 'paused', dueOn);
    const handle = await startAssignment(world.worker.client, world.worker.taskQueue, {
      taskId: 'paused',
      dueOn,
      policy: CALENDAR_DAYS_POLICY,
    });
    await eventually(async () => expect((await eventsOf(world.db.sql, handle.workflowId)).map((e) => e.kind)).toContain('assigned'));

    // Paused ten days before the due date, at an instant no timer fires (the ladder's steps are at 08:00–09:00 and midnight).
    await sleepUntil(endOfDayVn(addDays(dueOn, -10)).getTime() - 5 * 3600_000);
    const pause = { messageId: 'pause-1', actor: COORDINATOR, reason: "waiting for the Ministry of Justice's opinion" };
    const paused = await handle.executeUpdate(pauseUpdate, { args: [pause] });
    expect(paused.paused).toMatchObject({ reason: pause.reason, by: COORDINATOR.id });
    // The same message again is the same update: nothing more recorded.
    await handle.executeUpdate(pauseUpdate, { args: [pause] });
    const [row] = await world.db.sql<{ paused: { reason: string } | null }[]>`
      SELECT paused FROM assignments WHERE workflow_id = ${handle.workflowId}`;
    expect(row?.paused?.reason).toBe(pause.reason);
    // A completion waits for the resumption; a second pause is refused.
    await expect(
      handle.executeUpdate(completeUpdate, { args: [{ messageId: 'c0', actor: UNIT_OFFICER, note: 'done' }] }),
    ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(handle.executeUpdate(pauseUpdate, { args: [{ ...pause, messageId: 'pause-2' }] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );

    // Three weeks pass, the original due date and its escalations among them: nothing fires.
    const pausedSeq = (await eventsOf(world.db.sql, handle.workflowId)).at(-1)!.seq;
    await sleepUntil(endOfDayVn(addDays(dueOn, 11)).getTime() - 5 * 3600_000);
    const during = (await eventsOf(world.db.sql, handle.workflowId)).filter((e) => e.seq > pausedSeq);
    expect(during).toEqual([]);
    expect((await handle.query(stateQuery)).escalationLevel).toBe(0);

    const resume = { messageId: 'resume-1', actor: COORDINATOR, note: 'opinion received' };
    const resumed = await handle.executeUpdate(resumeUpdate, { args: [resume] });
    await handle.executeUpdate(resumeUpdate, { args: [resume] });
    await expect(handle.executeUpdate(resumeUpdate, { args: [{ ...resume, messageId: 'resume-2' }] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
    const events = await eventsOf(world.db.sql, handle.workflowId);
    const pausedAt = events.find((e) => e.kind === 'paused')!.at.getTime();
    const resumedEvent = events.find((e) => e.kind === 'resumed')!;
    const days = pausedWorkingDays(WEEKENDS_ONLY, pausedAt, resumedEvent.at.getTime());
    expect(days).toBe(15);
    const movedTo = dueOnAfterPause(WEEKENDS_ONLY, dueOn, days);
    expect(resumedEvent.data).toMatchObject({ from: dueOn, to: movedTo, pausedWorkingDays: days });
    expect(resumed).toMatchObject({ dueOn: movedTo, originalDueOn: dueOn, paused: null });
    expect(events.filter((e) => e.kind === 'paused' || e.kind === 'resumed')).toHaveLength(2);

    // The read model and the five-column summary: both deadlines, the adjusted one in force.
    const [after] = await world.db.sql<
      { due_on: string; original_due_on: string; paused: unknown; due_date_changes: { pausedWorkingDays?: number }[] }[]
    >`
      SELECT due_on, original_due_on, paused, due_date_changes FROM assignments WHERE workflow_id = ${handle.workflowId}`;
    expect(after).toMatchObject({ due_on: movedTo, original_due_on: dueOn, paused: null });
    expect(after!.due_date_changes.at(-1)?.pausedWorkingDays).toBe(15);
    const spans = await world.db.sql<{ original_due_on: string; adjusted_due_on: string }[]>`
      SELECT original_due_on, adjusted_due_on FROM execution_spans WHERE workflow_id = ${handle.workflowId} AND valid_to = 'infinity'`;
    expect(spans).toEqual([{ original_due_on: dueOn, adjusted_due_on: movedTo }]);

    // The ladder goes on for the moved date: overdue and the unit head at its end, not before.
    await sleepUntil(endOfDayVn(movedTo).getTime() - 3600_000);
    expect((await eventsOf(world.db.sql, handle.workflowId)).map((e) => e.kind)).not.toContain('overdue');
    await sleepUntil(endOfDayVn(movedTo).getTime() + 3600_000);
    await eventually(async () => {
      const escalation = (await eventsOf(world.db.sql, handle.workflowId)).find((e) => e.kind === 'escalation');
      expect(escalation?.data).toMatchObject({ rung: 'unit_head', level: 1, scheduledAt: endOfDayVn(movedTo).getTime() });
    });
    // Completed after the moved deadline: late on both bases (on time by the adjusted one only: test/unit/pause.test.ts).
    const done = await handle.executeUpdate(completeUpdate, { args: [{ messageId: 'c1', actor: UNIT_OFFICER, note: 'done' }] });
    expect(done.status).toBe('completed_late');
    const [final] = await world.db.sql<{ original_column: number; adjusted_column: number }[]>`
      SELECT original_column, adjusted_column FROM execution_spans WHERE workflow_id = ${handle.workflowId} AND valid_to = 'infinity'`;
    expect(final).toEqual({ original_column: 2, adjusted_column: 2 });
  });
});
