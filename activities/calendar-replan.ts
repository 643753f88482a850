/**
 * The calendar re-plan's I/O: which open assignments a year's change may reach (by workflow id, so the batch
 * pages through them once), and sending a page of them the change as a signal whose message id derives from
 * (year, version, workflow id), so a retried page re-plans nothing twice (the workflow keeps the ids it applied
 * and the version per year). An assignment closed meanwhile is counted, not failed.
 */
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Sql } from '../db/sql';
import { calendarChangeReach } from '../domain/calendar-change';
import { OPEN_STATUSES } from '../domain/status';
import { calendarChangedSignal, calendarChangeMessageId, type CalendarChange } from '../workflows/contract';
import { sendPage } from './page-of-messages';

/** Signals in flight at once within a page: enough to keep the frontend busy, few enough to stay polite. */
const SIGNAL_CONCURRENCY = 16;

export function createCalendarReplanActivities(sql: Sql, client: Client) {
  const reached = (year: number) => {
    const { dueFrom, dueTo } = calendarChangeReach(year);
    return sql`status = ANY(${OPEN_STATUSES as string[]}) AND due_on <= ${dueTo} AND (due_on >= ${dueFrom} OR status = 'overdue')`;
  };

  async function countCalendarReplanTargets(year: number): Promise<number> {
    const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM assignments WHERE ${reached(year)}`;
    return row!.n;
  }

  async function nextCalendarReplanTargets(input: { year: number; after: string | null; limit: number }): Promise<string[]> {
    const rows = await sql<{ workflowId: string }[]>`
      SELECT workflow_id AS "workflowId" FROM assignments
      WHERE ${reached(input.year)} ${input.after ? sql`AND workflow_id > ${input.after}` : sql``}
      ORDER BY workflow_id LIMIT ${input.limit}`;
    return rows.map((r) => r.workflowId);
  }

  async function sendCalendarChanges(input: {
    change: CalendarChange;
    actorId: string;
    workflowIds: string[];
  }): Promise<{ sent: number; closed: number }> {
    const { change } = input;
    const sent = await sendPage(client, input.workflowIds, SIGNAL_CONCURRENCY, async (workflowId) => {
      const messageId = calendarChangeMessageId(change.year, change.version, workflowId);
      try {
        await client.workflow
          .getHandle(workflowId)
          .signal(calendarChangedSignal, { ...change, messageId, actor: { kind: 'system', id: input.actorId } });
        return true;
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        return false;
      }
    });
    const count = sent.filter(Boolean).length;
    return { sent: count, closed: sent.length - count };
  }

  return { countCalendarReplanTargets, nextCalendarReplanTargets, sendCalendarChanges };
}
