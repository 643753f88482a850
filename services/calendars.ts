/**
 * Loading a year's official calendar: saved, the cached calendar forgotten (new tasks count on it at once), and
 * when the year's days changed, a re-plan batch started that sends the new days with their version to every
 * open assignment whose plan the year may touch (workflows/calendar-replan.ts), so the HTTP request never
 * waits on 100,000 assignments. Loading the same days again re-plans nothing.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { loadCalendarYear, loadCalendarYears, saveCalendarYear } from '../db/calendars';
import { calendarYearOrStatutory, type CalendarYear } from '../domain/calendar';
import { batchRunStatus, type BatchRunStatus } from '../domain/batch-run';
import { calendarYearDays } from '../domain/calendar-change';
import {
  calendarReplanProgressQuery,
  calendarReplanWorkflowId,
  taskQueuesOf,
  type CalendarReplanProgress,
  type CalendarReplanWorkflow,
} from '../workflows/contract';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import { notFound } from './errors';
import { authorize } from './use-cases';

export interface CalendarLoad {
  year: number;
  daysOff: number;
  workingSaturdays: number;
  version: number;
  /** The re-plan batch of the open assignments; null when the year's days did not change. */
  replan: { workflowId: string; statusPath: string } | null;
}

const sameDays = (a: CalendarYear | null, b: CalendarYear) =>
  a !== null && JSON.stringify(calendarYearDays(a)) === JSON.stringify(calendarYearDays(b));

export async function loadOfficialCalendarYear(deps: AppDeps, principal: Principal, year: CalendarYear): Promise<CalendarLoad> {
  authorize(principal, 'loadCalendars');
  const actorId = principal.id;
  const previous = await loadCalendarYear(deps.sql, year.year);
  const version = await saveCalendarYear(deps.sql, year, actorId);
  deps.invalidateCalendar?.();
  const answer = { year: year.year, daysOff: year.daysOff.length, workingSaturdays: year.workingSaturdays.length, version };
  if (sameDays(previous, year)) return { ...answer, replan: null };
  const workflowId = calendarReplanWorkflowId(year.year, version);
  try {
    await deps.temporal.workflow.start<CalendarReplanWorkflow>('calendarReplanWorkflow', {
      taskQueue: taskQueuesOf(deps.taskQueue).batch,
      workflowId,
      args: [{ year: year.year, version, days: calendarYearDays(year), official: true, actorId }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { ...answer, replan: { workflowId, statusPath: `/v1/admin/calendar/${year.year}/replans/${version}` } };
}

export interface CalendarReplanStatus extends CalendarReplanProgress {
  workflowId: string;
  year: number;
  version: number;
  status: BatchRunStatus;
}

export async function getCalendarReplan(deps: AppDeps, principal: Principal, year: number, version: number): Promise<CalendarReplanStatus> {
  authorize(principal, 'readCalendarReplans');
  return calendarReplanStatus(deps, year, version);
}

/** A re-plan's progress, for callers that have authorized the reader already (the batch-run list). */
export async function calendarReplanStatus(deps: AppDeps, year: number, version: number): Promise<CalendarReplanStatus> {
  const workflowId = calendarReplanWorkflowId(year, version);
  const handle = deps.temporal.workflow.getHandle<CalendarReplanWorkflow>(workflowId);
  let described;
  try {
    described = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound(`calendar re-plan ${year}/${version}`);
    throw err;
  }
  const view = (progress: CalendarReplanProgress) => ({
    workflowId,
    year,
    version,
    ...progress,
    ...batchRunStatus(described.status.name, progress.finished),
  });
  if (described.status.name === 'COMPLETED') return view(await handle.result());
  if (described.status.name === 'RUNNING') {
    // A workflow no worker has picked up yet has no query handler: it has sent nothing so far.
    const progress = await handle.query(calendarReplanProgressQuery).catch(() => null);
    return view(progress ?? { total: 0, sent: 0, closed: 0, finished: false });
  }
  return view({ total: 0, sent: 0, closed: 0, finished: false });
}

/** A year's working calendar as published: the official one where loaded, else the statutory (provisional) one. */
export async function workingCalendarOf(deps: Pick<AppDeps, 'sql'>, year: number) {
  return calendarYearOrStatutory(await loadCalendarYears(deps.sql), year);
}
