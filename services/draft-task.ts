/**
 * The drafter's task module for services/bounded-worker.ts (it runs in a worker thread): the extractor over a
 * notice's text within the answer's limits, a limit passed refused as a 422 naming it. Pure code only.
 */
import { REORGANISATIONS } from '../data/units';
import type { CalendarData } from '../domain/calendar';
import type { IsoDate } from '../domain/dates';
import type { Unit } from '../domain/units';
import { extractTasksWithin, type DraftLimits, type DraftTask } from '../domain/task-extractor';
import { refusal } from './bounded-worker';
import { unprocessable } from './errors';

export interface DraftJob {
  text: string;
  issuedOn: IsoDate;
  units: Unit[];
  calendar: CalendarData;
  limits: DraftLimits;
}

export function draft(job: DraftJob): { tasks: DraftTask[] } | ReturnType<typeof refusal> {
  const result = extractTasksWithin(
    job.text,
    { units: job.units, reorganisations: REORGANISATIONS, issuedOn: job.issuedOn, calendar: job.calendar },
    job.limits,
  );
  if (result.ok) return { tasks: result.tasks };
  if (result.limit === 'tasks') {
    return refusal(
      unprocessable(
        'too-many-tasks',
        'text',
        `drafts ${result.found} tasks; at most ${result.max} in one answer (DRAFT_MAX_TASKS): send the text in parts`,
      ),
    );
  }
  return refusal(
    unprocessable(
      'too-many-units',
      'text',
      `the task at characters ${result.at!.start}-${result.at!.end} names ${result.found} units; at most ${result.max} (DRAFT_MAX_UNITS_PER_TASK)`,
    ),
  );
}
