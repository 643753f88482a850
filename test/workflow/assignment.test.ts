/**
 * The assignment workflow on the time-skipping server with its activities replaced by plain typed objects
 * (no database): what it asks to record, and when. The real-server tests in test/integration stay.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activities } from '../../activities';
import type { RecordedEvent } from '../../workflows/contract';
import { WEEKENDS_ONLY } from '../../domain/calendar';
import { addDays, atTimeVn, endOfDayVn } from '../../domain/dates';
import { daySpreadOf } from '../../domain/day-spread';
import { CALENDAR_DAYS_POLICY } from '../../domain/policy';
import { createTimeSkippingEnv } from '../../dev/time-skipping';
import { workflowBundle } from '../../worker/worker';
import {
  acknowledgeUpdate,
  assignmentWorkflowId,
  completeUpdate,
  decideExtensionUpdate,
  mergeUpdate,
  reassignUpdate,
  reportProgressUpdate,
  requestExtensionUpdate,
  stateQuery,
  UNRECORDABLE_EVENT,
  type AssignmentInput,
  type AssignmentWorkflow,
} from '../../workflows/contract';
import { eventually } from '../support/eventually';
import { COORDINATOR, thursdayAfter, UNIT_OFFICER } from '../support/lifecycle';

const TASK_QUEUE = 'workflow-unit';
const recorded: RecordedEvent[] = [];

/**
 * A workflow's slow activity (its successor's start, a refused event's recording) held open until the test lets
 * it go: the window in which a second message races the first.
 */
interface Hold {
  entered: boolean;
  released: Promise<void>;
  release: () => void;
}
const holds = new Map<string, Hold>();
function holdActivitiesOf(workflowId: string): Hold {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const hold: Hold = { entered: false, released, release };
  holds.set(workflowId, hold);
  return hold;
}
async function heldBy(workflowId: string | undefined): Promise<boolean> {
  const hold = workflowId === undefined ? undefined : holds.get(workflowId);
  if (!hold) return false;
  hold.entered = true;
  await hold.released;
  return true;
}

const activities: Pick<Activities, 'recordEvent' | 'startAssignments'> = {
  async recordEvent(event) {
    // Stands in for Postgres refusing a value for good (see activities/record-event.ts).
    if (JSON.stringify(event.data).includes('POISON')) {
      await heldBy(event.workflowId);
      throw ApplicationFailure.nonRetryable('invalid input syntax for type json', UNRECORDABLE_EVENT);
    }
    if (!recorded.some((e) => e.workflowId === event.workflowId && e.seq === event.seq)) recorded.push(event);
    return undefined as never;
  },
  async startAssignments(inputs) {
    const ids = inputs.map((i) => assignmentWorkflowId(i.taskId, i.unitCode));
    // A held start finds the successor's unit already holding the task: the two merge.
    if (await heldBy(inputs[0]?.predecessor?.workflowId)) return { started: [], existing: ids };
    return { started: ids, existing: [] };
  },
};

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
  worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities,
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const eventsOf = (workflowId: string) => recorded.filter((e) => e.workflowId === workflowId).sort((a, b) => a.seq - b.seq);
async function sleepUntil(instant: number) {
  const now = await env.currentTimeMs();
  if (instant > now) await env.sleep(instant - now);
}

async function start(taskId: string, extra: Partial<AssignmentInput> = {}) {
  const dueOn = thursdayAfter(await env.currentTimeMs(), 28);
  const input: AssignmentInput = {
    taskId,
    directiveId: 'd',
    unitCode: 'an-giang',
    dueOn,
    policy: CALENDAR_DAYS_POLICY,
    calendar: WEEKENDS_ONLY,
    coordinatorUnit: 'vpcp',
    confirmationRequired: false,
    ...extra,
  };
  const handle = await env.client.workflow.start<AssignmentWorkflow>('assignmentWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: assignmentWorkflowId(taskId, input.unitCode),
    args: [input],
  });
  await eventually(async () => expect(eventsOf(handle.workflowId).map((e) => e.kind)).toContain('assigned'));
  return { handle, dueOn };
}

describe('assignment workflow with plain activities', () => {
  it('records assigned, then each reminder at its planned instant, and applies a message once', async () => {
    const { handle, dueOn } = await start('plain-ladder');
    // Day-based steps fire within the hour after 08:00, at this workflow's own offset (the 08:00 herd spread).
    const spread = daySpreadOf(handle.workflowId);
    await sleepUntil(atTimeVn(dueOn, '09:00').getTime() + 60_000);
    await eventually(async () => expect(eventsOf(handle.workflowId).filter((e) => e.kind === 'reminder')).toHaveLength(4));
    const reminders = eventsOf(handle.workflowId).filter((e) => e.kind === 'reminder');
    expect(reminders.map((e) => e.data.scheduledAt)).toEqual(
      [-7, -3, -1, 0].map((d) => atTimeVn(addDays(dueOn, d), '08:00').getTime() + spread),
    );
    // Fired at the planned instant (the timer resolves within a second of it), not early.
    for (const e of reminders) expect(e.at - (e.data.scheduledAt as number)).toSatisfy((late: number) => late >= 0 && late < 1000);

    const ack = { messageId: 'ack-1', actor: UNIT_OFFICER };
    await handle.executeUpdate(acknowledgeUpdate, { args: [ack] });
    await handle.executeUpdate(acknowledgeUpdate, { args: [ack] });
    // A second acknowledge under another message id (no Idempotency-Key) changes nothing either.
    await handle.executeUpdate(acknowledgeUpdate, { args: [{ ...ack, messageId: 'ack-2' }] });
    expect(eventsOf(handle.workflowId).filter((e) => e.kind === 'acknowledged')).toHaveLength(1);

    await handle.executeUpdate(completeUpdate, { args: [{ messageId: 'done', actor: UNIT_OFFICER, note: 'done' }] });
    const state = await handle.query(stateQuery);
    expect(state.status).toBe('completed_on_time');
    expect(eventsOf(handle.workflowId).at(-1)?.kind).toBe('completed');
  });

  it('fires the overdue mark and the unit head at the end of the due date, and no escalation after completion', async () => {
    const { handle, dueOn } = await start('plain-late');
    await sleepUntil(endOfDayVn(dueOn).getTime() + 3600_000);
    await eventually(async () =>
      expect(eventsOf(handle.workflowId).map((e) => e.kind)).toEqual(expect.arrayContaining(['overdue', 'escalation'])),
    );
    const escalation = eventsOf(handle.workflowId).find((e) => e.kind === 'escalation')!;
    expect(escalation.data).toMatchObject({ rung: 'unit_head', level: 1, scheduledAt: endOfDayVn(dueOn).getTime() });
    expect(escalation.notices.map((n) => n.recipientRole)).toContain('unit_head');
    await handle.executeUpdate(completeUpdate, { args: [{ messageId: 'late', actor: UNIT_OFFICER, note: 'late' }] });
    const count = eventsOf(handle.workflowId).length;
    expect((await handle.query(stateQuery)).status).toBe('completed_late');
    expect(eventsOf(handle.workflowId).length).toBe(count);
  });

  it('rejects ill-formed Unicode in a message before accepting it', async () => {
    const { handle } = await start('plain-surrogate');
    const update = handle.executeUpdate(reportProgressUpdate, {
      args: [{ messageId: 'p', actor: UNIT_OFFICER, percent: 1, note: 'a\ud800b' }],
    });
    await expect(update).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(update).rejects.toMatchObject({ cause: { message: 'note must be well-formed Unicode text without NUL' } });
    expect(eventsOf(handle.workflowId).map((e) => e.kind)).toEqual(['assigned']);
  });

  it('an event the store refuses for good is recorded without its data, and the assignment goes on', async () => {
    const { handle } = await start('plain-poison');
    const state = await handle.executeUpdate(reportProgressUpdate, {
      args: [{ messageId: 'p', actor: UNIT_OFFICER, percent: 10, note: 'POISON' }],
    });
    expect(state.progress?.percent).toBe(10);
    expect(eventsOf(handle.workflowId).at(-1)).toMatchObject({ kind: 'progress_reported', data: { unrecordable: true }, notices: [] });
    const done = await handle.executeUpdate(completeUpdate, { args: [{ messageId: 'c', actor: UNIT_OFFICER, note: 'done' }] });
    expect(done.status).toBe('completed_on_time');
    expect(eventsOf(handle.workflowId).at(-1)?.kind).toBe('completed');
  });

  it('an approved extension keeps the deadline time of day, or takes the one the request names', async () => {
    const dueOnAhead = thursdayAfter(await env.currentTimeMs(), 28);
    const dueAt = Date.parse(`${dueOnAhead}T17:00:00+07:00`);
    const { handle } = await start('plain-extension', { dueOn: dueOnAhead, dueAt });
    const coordinator = { kind: 'coordinator' as const, id: 'c' };
    const later = addDays(dueOnAhead, 7);
    await handle.executeUpdate(requestExtensionUpdate, { args: [{ messageId: 'r1', actor: UNIT_OFFICER, newDueOn: later, reason: 'r' }] });
    let state = await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ messageId: 'd1', actor: coordinator, approve: true, decidedBy: 'c', note: '' }],
    });
    expect(state).toMatchObject({ dueOn: later, dueAt: Date.parse(`${later}T17:00:00+07:00`) });
    const latest = addDays(later, 7);
    const newDueAt = `${latest}T09:30:00+07:00`;
    await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ messageId: 'r2', actor: UNIT_OFFICER, newDueOn: latest, newDueAt, reason: 'r' }],
    });
    state = await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ messageId: 'd2', actor: coordinator, approve: true, decidedBy: 'c', note: '' }],
    });
    expect(state).toMatchObject({ dueOn: latest, dueAt: Date.parse(newDueAt) });
  });

  it('a reassignment closes the assignment before it starts the successor: a message meanwhile is refused', async () => {
    const { handle } = await start('plain-reassign-race');
    const hold = holdActivitiesOf(handle.workflowId);
    const reassign = await handle.startUpdate(reassignUpdate, {
      args: [{ messageId: 'move', actor: COORDINATOR, toUnit: 'can-tho', reason: 'units merged' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await eventually(() => expect(hold.entered).toBe(true));
    const progress = handle.executeUpdate(reportProgressUpdate, {
      args: [{ messageId: 'p', actor: UNIT_OFFICER, percent: 50, note: 'half' }],
    });
    await expect(progress).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(progress).rejects.toMatchObject({ cause: { message: 'the assignment is reassigned' } });
    const predecessor = {
      workflowId: 'other',
      unitCode: 'ha-noi',
      originalUnit: 'ha-noi',
      originalDueOn: '2026-01-01',
      acknowledgedAt: null,
    };
    const merge = handle.executeUpdate(mergeUpdate, {
      args: [{ messageId: 'm', actor: COORDINATOR, predecessor: { ...predecessor, progress: null, dueDateChanges: [] } }],
    });
    await expect(merge).rejects.toMatchObject({ cause: { message: 'the assignment is reassigned' } });

    hold.release();
    const successorWorkflowId = assignmentWorkflowId('plain-reassign-race', 'can-tho');
    // Written after the successor's start: the merge it found is in the state returned and in the event's snapshot.
    expect(await reassign.result()).toMatchObject({
      status: 'reassigned',
      seq: 2,
      progress: null,
      reassignedTo: { unitCode: 'can-tho', merged: true },
    });
    const events = eventsOf(handle.workflowId);
    expect(events.map((e) => [e.seq, e.kind])).toEqual([
      [1, 'assigned'],
      [2, 'reassigned'],
    ]);
    expect(events[1]).toMatchObject({
      data: { toUnit: 'can-tho', merged: true, successorWorkflowId },
      state: { seq: 2, reassignedTo: { unitCode: 'can-tho', merged: true } },
    });
    await handle.result();
  });

  it('an event recorded again without its data keeps the state of its own seq, not the one a later message made', async () => {
    const { handle } = await start('plain-poison-race');
    const hold = holdActivitiesOf(handle.workflowId);
    const progress = await handle.startUpdate(reportProgressUpdate, {
      args: [{ messageId: 'p', actor: UNIT_OFFICER, percent: 10, note: 'POISON' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await eventually(() => expect(hold.entered).toBe(true));
    // Accepted and recorded while the progress report's first recording is still failing.
    const acknowledged = await handle.executeUpdate(acknowledgeUpdate, { args: [{ messageId: 'a', actor: UNIT_OFFICER }] });
    expect(acknowledged).toMatchObject({ seq: 3, progress: { percent: 10 } });

    hold.release();
    const state = await progress.result();
    expect(state).toMatchObject({ seq: 3, acknowledgedAt: acknowledged.acknowledgedAt, progress: { percent: 10 } });
    const [assigned, reported, ack] = eventsOf(handle.workflowId);
    expect(assigned?.kind).toBe('assigned');
    expect(reported).toMatchObject({ seq: 2, kind: 'progress_reported', data: { unrecordable: true }, notices: [] });
    expect(reported?.state).toMatchObject({ seq: 2, acknowledgedAt: null, progress: { percent: 10 } });
    expect(ack).toMatchObject({ seq: 3, kind: 'acknowledged', state: { seq: 3, acknowledgedAt: acknowledged.acknowledgedAt } });
  });
});
