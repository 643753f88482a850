/**
 * Records workflow histories for the replay test: runs representative lives of the current workflow code on
 * the time-skipping server and saves each history as JSON next to this file. Run it when a workflow change
 * is released (`npm run record-histories`), and keep old files: replaying them proves new code still
 * understands running workflows (or that the change is guarded by patched()).
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { WEEKENDS_ONLY } from '../../domain/calendar';
import { addDays, atTimeVn, toVnDate } from '../../domain/dates';
import { CALENDAR_DAYS_POLICY, DEFAULT_POLICY } from '../../domain/policy';
import { createTimeSkippingEnv } from '../../dev/time-skipping';
import {
  acknowledgeEscalationUpdate,
  acknowledgeUpdate,
  calendarChangedSignal,
  completeUpdate,
  confirmCompletionUpdate,
  decideExtensionUpdate,
  declineUpdate,
  pauseUpdate,
  reassignUpdate,
  requestExtensionUpdate,
  resumeUpdate,
  returnCompletionUpdate,
  type AssignmentWorkflow,
} from '../../workflows/contract';
import { createTestDatabaseAt } from '../support/database';
import { startTestWorker } from '../support/temporal';
import { startEmbeddedPostgres } from '../../dev/postgres';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OUT = fileURLToPath(new URL('.', import.meta.url));
const version = process.argv[2] ?? 'v1';
const coordinator = { kind: 'coordinator' as const, id: 'coordinator-1' };
const officer = { kind: 'unit' as const, id: 'officer-1', unitCode: 'an-giang' };

const pg = await startEmbeddedPostgres({ dataDir: await mkdtemp(join(tmpdir(), 'dondoc-record-')) });
const db = await createTestDatabaseAt(pg.url);
const env = await createTimeSkippingEnv();
const worker = await startTestWorker(env, db.sql);
try {
  const today = toVnDate(new Date(await env.currentTimeMs()));
  const dueOn = addDays(today, 30);
  const start = async (taskId: string, extra: object = {}) => {
    await db.sql`INSERT INTO directives (id, number, issuer, issued_on, title, created_by) VALUES ('d', 'd', 'x', '2024-01-01', 't', 'x') ON CONFLICT DO NOTHING`;
    await db.sql`INSERT INTO tasks (id, directive_id, title, due_on, policy, created_by) VALUES (${taskId}, 'd', 't', ${dueOn}, '{}', 'x')`;
    return worker.client.workflow.start<AssignmentWorkflow>('assignmentWorkflow', {
      taskQueue: worker.taskQueue,
      workflowId: `assignment/${taskId}/${(extra as { unitCode?: string }).unitCode ?? 'an-giang'}`,
      args: [{ taskId, directiveId: 'd', unitCode: 'an-giang', dueOn, policy: CALENDAR_DAYS_POLICY, calendar: WEEKENDS_ONLY, coordinatorUnit: 'vpcp', confirmationRequired: false, ...extra }],
    });
  };
  const scenarios: [string, () => Promise<string>][] = [
    ['leader-digests', async () => {
      await db.sql`INSERT INTO tasks (id, directive_id, title, due_on, policy, created_by) VALUES ('late', 'd', 'late', '2024-05-09', '{}', 'x')`;
      await db.sql`INSERT INTO assignments (workflow_id, task_id, directive_id, unit_code, original_unit, status, due_on, original_due_on, version)
                   VALUES ('assignment/late/an-giang', 'late', 'd', 'an-giang', 'an-giang', 'overdue', '2024-05-09', '2024-05-09', 1)`;
      await db.sql`INSERT INTO people (id, name, role, scope, email, created_by) VALUES ('leader', 'Leader', 'leader', ${['an-giang']}, 'l@example.vn', 'x'),
                   ('leader-2', 'Leader 2', 'leader', NULL, 'l2@example.vn', 'x')`;
      // A Wednesday, 07:30 in Vietnam.
      const at = Date.parse('2026-11-25T00:30:00Z');
      await worker.client.workflow.execute('leaderDigestsWorkflow', { taskQueue: worker.taskQueue, workflowId: 'leader-digests', args: [{ at }] });
      return 'leader-digests';
    }],
    ['assignment-escalated', async () => {
      const h = await start('escalated', { maxHistoryEvents: 10_000 });
      await env.sleep('50 days');
      await h.executeUpdate(completeUpdate, { args: [{ messageId: 'late', actor: officer, note: 'late' }] });
      await h.result();
      return h.workflowId;
    }],
    ['assignment-extended', async () => {
      const h = await start('extended', { policy: DEFAULT_POLICY });
      await env.sleep('10 days');
      await h.executeUpdate(requestExtensionUpdate, { args: [{ messageId: 'r', actor: officer, newDueOn: addDays(dueOn, 20), reason: 'r' }] });
      await h.executeUpdate(decideExtensionUpdate, { args: [{ messageId: 'd', actor: coordinator, approve: true, decidedBy: 'c', note: '' }] });
      await env.sleep('25 days');
      await h.executeUpdate(completeUpdate, { args: [{ messageId: 'c', actor: officer, note: 'done', documentNumber: '1/QD', documentDate: addDays(dueOn, 19) }] });
      await h.result();
      return h.workflowId;
    }],
    ['assignment-confirmed', async () => {
      const h = await start('confirmed', { confirmationRequired: true });
      await env.sleep('25 days');
      await h.executeUpdate(completeUpdate, { args: [{ messageId: 'r1', actor: officer, note: 'first', documentDate: addDays(dueOn, -5) }] });
      await env.sleep('4 days');
      await h.executeUpdate(returnCompletionUpdate, { args: [{ messageId: 'x', actor: coordinator, reason: 'annex missing' }] });
      await env.sleep('10 days');
      await h.executeUpdate(completeUpdate, { args: [{ messageId: 'r2', actor: officer, note: 'second' }] });
      await env.sleep('8 days');
      await h.executeUpdate(confirmCompletionUpdate, { args: [{ messageId: 'c', actor: coordinator }] });
      await h.result();
      return h.workflowId;
    }],
    ['assignment-declined', async () => {
      const h = await start('declined');
      await h.executeUpdate(declineUpdate, { args: [{ messageId: 'd', actor: officer, reason: 'remit' }] });
      await env.sleep('25 days');
      await h.executeUpdate(reassignUpdate, { args: [{ messageId: 'm', actor: coordinator, toUnit: 'bo-tttt', reason: 'declined' }] });
      await h.result();
      return h.workflowId;
    }],
    ['assignment-merged', async () => {
      // The successor completed, then open work merges in: it reopens, records the merge and is completed again.
      const successor = await start('merged', { unitCode: 'can-tho' });
      await successor.executeUpdate(completeUpdate, { args: [{ messageId: 'c1', actor: { ...officer, unitCode: 'can-tho' }, note: 'done' }] });
      await successor.result();
      const h = await worker.client.workflow.start<AssignmentWorkflow>('assignmentWorkflow', {
        taskQueue: worker.taskQueue,
        workflowId: 'assignment/merged/soc-trang',
        args: [{ taskId: 'merged', directiveId: 'd', unitCode: 'soc-trang', dueOn, policy: CALENDAR_DAYS_POLICY, calendar: WEEKENDS_ONLY, coordinatorUnit: 'vpcp', confirmationRequired: false }],
      });
      await h.executeUpdate(reassignUpdate, { args: [{ messageId: 'm', actor: coordinator, toUnit: 'can-tho', reason: 'reorganisation' }] });
      await h.result();
      const reopened = worker.client.workflow.getHandle(successor.workflowId);
      for (let i = 0; i < 100 && (await reopened.describe()).runId === successor.firstExecutionRunId; i++) await new Promise((r) => setTimeout(r, 100));
      await env.sleep('2 days');
      await reopened.executeUpdate(acknowledgeUpdate, { args: [{ messageId: 'a1', actor: officer }] });
      await reopened.executeUpdate(acknowledgeUpdate, { args: [{ messageId: 'a2', actor: officer }] });
      await reopened.executeUpdate(completeUpdate, { args: [{ messageId: 'c2', actor: officer, note: 'merged work done' }] });
      await reopened.result();
      return successor.workflowId;
    }],
    ['assignment-calendar-changed', async () => {
      // Working-day reminders; a day off loaded for the due date's year moves the first one, then the same again changes nothing.
      const h = await start('calendar-changed', { policy: DEFAULT_POLICY });
      await env.sleep('2 days');
      const dayOff = addDays(dueOn, -3);
      const change = { year: Number(dayOff.slice(0, 4)), version: 1, days: { daysOff: [dayOff], workingSaturdays: [] }, official: true };
      const actor = { kind: 'system' as const, id: 'calendar' };
      await h.signal(calendarChangedSignal, { ...change, messageId: 'cal-1', actor });
      await h.signal(calendarChangedSignal, { ...change, messageId: 'cal-1', actor });
      await env.sleep('1 day');
      await h.executeUpdate(completeUpdate, { args: [{ messageId: 'c', actor: officer, note: 'done' }] });
      await h.result();
      return h.workflowId;
    }],
    ['assignment-paused', async () => {
      // Paused ten days before the due date for three weeks (the due date passes meanwhile), resumed: the due date moves
      // by the working days paused, the ladder runs for it and escalates; then completed.
      const h = await start('paused', { policy: DEFAULT_POLICY });
      await env.sleep('20 days');
      await h.executeUpdate(pauseUpdate, { args: [{ messageId: 'p', actor: coordinator, reason: 'waiting for an opinion' }] });
      await env.sleep('21 days');
      await h.executeUpdate(resumeUpdate, { args: [{ messageId: 'r', actor: coordinator, note: 'received' }] });
      await env.sleep('25 days');
      await h.executeUpdate(completeUpdate, { args: [{ messageId: 'c', actor: officer, note: 'done' }] });
      await h.result();
      return h.workflowId;
    }],
    ['assignment-escalation-ack', async () => {
      // The head's rung must be acknowledged within 4 working hours and is not: it goes to the leader. The leader's rung
      // (8 working hours) is acknowledged an hour after it fires; then completed.
      const [head, leader, top] = CALENDAR_DAYS_POLICY.escalations;
      const policy = {
        ...CALENDAR_DAYS_POLICY,
        escalations: [
          { ...head!, ackWithin: { workingHours: 4 } },
          { ...leader!, ackWithin: { workingHours: 8 } },
          top!,
        ],
      };
      const h = await start('escalation-ack', { policy });
      await env.sleep(atTimeVn(addDays(dueOn, 4), '09:10').getTime() - (await env.currentTimeMs()));
      await h.executeUpdate(acknowledgeEscalationUpdate, { args: [{ messageId: 'a', actor: { kind: 'leader', id: 'leader-1' } }] });
      await env.sleep('1 day');
      await h.executeUpdate(completeUpdate, { args: [{ messageId: 'c', actor: officer, note: 'done' }] });
      await h.result();
      return h.workflowId;
    }],
    ['assignment-reassigned', async () => {
      const h = await start('reassigned');
      await env.sleep('5 days');
      await h.executeUpdate(reassignUpdate, { args: [{ messageId: 'm', actor: coordinator, toUnit: 'can-tho', reason: 'reorganisation' }] });
      await h.result();
      return h.workflowId;
    }],
  ];
  // `npm run record-histories v3 leader-digests` records only the named ones.
  const only = process.argv[3]?.split(',');
  await db.sql`INSERT INTO directives (id, number, issuer, issued_on, title, created_by) VALUES ('d', 'd', 'x', '2024-01-01', 't', 'x') ON CONFLICT DO NOTHING`;
  for (const [name, scenario] of scenarios) {
    if (only && !only.includes(name)) continue;
    const workflowId = await scenario();
    const history = await worker.client.workflow.getHandle(workflowId).fetchHistory();
    await writeFile(join(OUT, `${name}.${version}.json`), historyToJSON(history));
    process.stdout.write(`recorded ${name} (${history.events?.length} events)\n`);
  }
} finally {
  await worker.stop();
  await env.teardown();
  await db.drop();
  await pg.stop();
}
