/**
 * The batch runs an office watches while they run (a calendar re-plan reaching every open assignment of a year, a
 * reorganisation moving the dissolved units' work): the most recent ones from Temporal's visibility, each with its
 * own progress as its status route gives it. Coordinators and admins only.
 */
import { REORGANISATIONS } from '../data/units';
import type { BatchRunStatus } from '../domain/batch-run';
import type { Principal } from './access';
import { calendarReplanStatus } from './calendars';
import type { AppDeps } from './deps';
import { applicationStatus, findReorganisation } from './reorganisations';
import { authorize } from './use-cases';

export interface BatchRunView {
  kind: 'calendar-replan' | 'reorganisation';
  /** The year and version re-planned, or the reorganisation's id. */
  subject: string;
  workflowId: string;
  startedAt: string;
  status: BatchRunStatus;
  finished: boolean;
  /** Assignments the run reaches, and those it has dealt with so far (sent or closed; moved or merged). */
  total: number;
  done: number;
}

const BATCH_TYPES = `WorkflowType = 'calendarReplanWorkflow' OR WorkflowType = 'reorganisationApplyWorkflow'`;

export async function listBatchRuns(deps: AppDeps, principal: Principal, limit = 10): Promise<BatchRunView[]> {
  authorize(principal, 'watchBatchRuns');
  const found: { workflowId: string; type: string; startedAt: Date }[] = [];
  for await (const w of deps.temporal.workflow.list({ query: BATCH_TYPES, pageSize: limit })) {
    found.push({ workflowId: w.workflowId, type: w.type, startedAt: w.startTime });
    if (found.length >= limit) break;
  }
  const views = await Promise.all(found.map((w) => viewOf(deps, w).catch(() => null)));
  return views.filter((v): v is BatchRunView => v !== null).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

async function viewOf(deps: AppDeps, w: { workflowId: string; type: string; startedAt: Date }): Promise<BatchRunView | null> {
  const startedAt = w.startedAt.toISOString();
  if (w.type === 'calendarReplanWorkflow') {
    const [, year, version] = w.workflowId.split('/');
    const run = await calendarReplanStatus(deps, Number(year), Number(version));
    const subject = `${year} (v${version})`;
    return { kind: 'calendar-replan', subject, workflowId: w.workflowId, startedAt, ...progress(run, run.sent + run.closed) };
  }
  const id = w.workflowId.slice('reorganisation-apply/'.length);
  const run = await applicationStatus(deps, findReorganisation(REORGANISATIONS, id), id);
  return { kind: 'reorganisation', subject: id, workflowId: w.workflowId, startedAt, ...progress(run, run.done) };
}

const progress = (run: { status: BatchRunStatus; finished: boolean; total: number }, done: number) => ({
  status: run.status,
  finished: run.finished,
  total: run.total,
  done,
});
