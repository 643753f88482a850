/**
 * Fault: every lifecycle message sent twice and out of order, on the time-skipping server with Postgres. Each
 * is applied once; late ones (acknowledge or progress after completion) get a clear rejection; the recorded
 * events and the read model agree with the workflow's state.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../domain/dates';
import { CALENDAR_DAYS_POLICY } from '../../domain/policy';
import {
  acknowledgeUpdate,
  completeUpdate,
  decideExtensionUpdate,
  reportProgressUpdate,
  requestExtensionUpdate,
  stateQuery,
} from '../../workflows/contract';
import { insertTask } from '../support/database';
import { eventually } from '../support/eventually';
import { assignmentRow, closedState, COORDINATOR, eventsOf, startAssignment, thursdayAfter, UNIT_OFFICER } from '../support/lifecycle';
import { useTimeSkippingWorld } from '../support/temporal';

const world = useTimeSkippingWorld('out-of-order');

/**
 * The reason a late message is refused: the workflow's rule violation while it is open, or, once it has
 * closed, "workflow closed" (the API then answers 409 with the read model's status).
 */
async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'workflow closed';
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return (err as WorkflowUpdateFailedError).cause?.message ?? '';
  }
  throw new Error('expected a rejection');
}
const LATE = /^(the assignment is completed_on_time|workflow closed)$/;

describe('messages twice and out of order', () => {
  it('applies each once, in any order, and rejects the late ones clearly', async () => {
    const dueOn = thursdayAfter(await world.env.currentTimeMs(), 28);
    await insertTask(world.db.sql, 'chaos', dueOn);
    const handle = await startAssignment(world.worker.client, world.worker.taskQueue, {
      taskId: 'chaos',
      dueOn,
      policy: CALENDAR_DAYS_POLICY,
    });
    const m = (id: string) => ({ messageId: id, actor: UNIT_OFFICER });

    // Progress and an extension request, each sent twice at once.
    const newDueOn = addDays(dueOn, 14);
    await Promise.all([
      handle.executeUpdate(reportProgressUpdate, { args: [{ ...m('p1'), percent: 30, note: 'drafting' }] }),
      handle.executeUpdate(reportProgressUpdate, { args: [{ ...m('p1'), percent: 30, note: 'drafting' }] }),
      handle.executeUpdate(requestExtensionUpdate, { args: [{ ...m('x1'), newDueOn, reason: 'consultation' }] }),
      handle.executeUpdate(requestExtensionUpdate, { args: [{ ...m('x1'), newDueOn, reason: 'consultation' }] }),
    ]);
    const decision = { messageId: 'd1', actor: COORDINATOR, approve: true, decidedBy: 'coordinator-1', note: 'ok' };
    const [a, b] = await Promise.all([
      handle.executeUpdate(decideExtensionUpdate, { args: [decision] }),
      handle.executeUpdate(decideExtensionUpdate, { args: [decision] }),
    ]);
    expect(a.dueOn).toBe(newDueOn);
    expect(b.dueDateChanges).toHaveLength(1);

    // Complete before acknowledging, twice; then the late acknowledge and progress are refused.
    await Promise.all([
      handle.executeUpdate(completeUpdate, { args: [{ ...m('c1'), note: 'done' }] }),
      handle.executeUpdate(completeUpdate, { args: [{ ...m('c1'), note: 'done' }] }),
    ]);
    expect(await rejection(handle.executeUpdate(acknowledgeUpdate, { args: [m('a1')] }))).toMatch(LATE);
    expect(await rejection(handle.executeUpdate(reportProgressUpdate, { args: [{ ...m('p2'), percent: 90, note: 'late' }] }))).toMatch(
      LATE,
    );
    expect(await rejection(handle.executeUpdate(completeUpdate, { args: [{ ...m('c2'), note: 'again' }] }))).toMatch(LATE);

    await closedState(handle);
    const events = await eventually(async () => {
      const rows = await eventsOf(world.db.sql, handle.workflowId);
      expect(rows.at(-1)?.kind).toBe('completed');
      return rows;
    });
    const kinds = events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'progress_reported')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'extension_requested')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'extension_approved')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'completed')).toHaveLength(1);
    expect(kinds).not.toContain('acknowledged');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const messageIds = events.map((e) => e.message_id).filter(Boolean);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    const state = await handle.query(stateQuery);
    expect(state).toMatchObject({ status: 'completed_on_time', dueOn: newDueOn, acknowledgedAt: null, progress: { percent: 30 } });
    expect(await assignmentRow(world.db.sql, handle.workflowId)).toMatchObject({
      status: 'completed_on_time',
      due_on: newDueOn,
      version: events.length,
    });
  });
});
