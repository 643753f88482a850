/**
 * "k of N" roll-ups the way the Government Office reports them: completed on time, completed late, awaiting
 * confirmation, not yet due, overdue; by unit kind ("58/63 localities and 20/22 ministries"); on time against
 * the original and against the adjusted deadline; the update rate; and the laggards by name and lateness.
 * Reassigned assignments are not counted: their successor is, so a merged province counts once.
 */
import { toVnDate, type IsoDate } from './dates';
import { daysLateOn } from './lateness';
import { TERMINAL_STATUSES, type Status } from './status';
import type { UnitKind } from './units';

export interface ProgressFact {
  taskId: string;
  unitCode: string;
  unitName: string;
  unitKind: UnitKind;
  originalUnit: string;
  status: Status;
  dueOn: IsoDate;
  originalDueOn: IsoDate;
  /** The date the completion counts from: the document's date, else the day it was reported (Vietnam). */
  completedOn: IsoDate | null;
  lastProgressAt: number | null;
}

export type UnitGroupLabel = 'localities' | 'ministries';

export interface Laggard {
  unitCode: string;
  unitName: string;
  unitKind: UnitKind;
  taskId: string;
  status: Status;
  dueOn: IsoDate;
  /** Days past the due date in force (0 when not yet due). */
  daysLate: number;
}

export interface Counts {
  done: number;
  total: number;
}

export interface RollUp {
  total: number;
  completed: number;
  completedOnTime: number;
  completedLate: number;
  awaitingConfirmation: number;
  notDue: number;
  overdue: number;
  cancelled: number;
  byGroup: Record<UnitGroupLabel, Counts>;
  /** Completed by the original due date, versus by the due date in force after extensions. */
  onTimeAgainstOriginal: number;
  onTimeAgainstAdjusted: number;
  /** Open assignments whose unit reported progress within the period. */
  updateRate: { open: number; updated: number; periodDays: number };
  /** The same per unit, so a leader sees who keeps the coordinator informed. */
  updateRateByUnit: { unitCode: string; open: number; updated: number }[];
  laggards: Laggard[];
  headline: string;
}

const DAY_MS = 86_400_000;

export function groupOf(kind: UnitKind): UnitGroupLabel {
  return kind === 'province' ? 'localities' : 'ministries';
}

export function rollUp(facts: ProgressFact[], now: number, periodDays = 30): RollUp {
  const counted = facts.filter((f) => f.status !== 'reassigned' && f.status !== 'cancelled');
  const isDone = (f: ProgressFact) => f.status === 'completed_on_time' || f.status === 'completed_late';
  const today = toVnDate(new Date(now));
  const byGroup: Record<UnitGroupLabel, Counts> = { localities: { done: 0, total: 0 }, ministries: { done: 0, total: 0 } };
  for (const f of counted) {
    const g = byGroup[groupOf(f.unitKind)];
    g.total += 1;
    if (isDone(f)) g.done += 1;
  }
  const open = counted.filter((f) => !TERMINAL_STATUSES.has(f.status));
  const updatedRecently = (f: ProgressFact) => f.lastProgressAt !== null && now - f.lastProgressAt <= periodDays * DAY_MS;
  const laggards: Laggard[] = counted
    .filter((f) => !isDone(f))
    .map((f) => ({
      unitCode: f.unitCode,
      unitName: f.unitName,
      unitKind: f.unitKind,
      taskId: f.taskId,
      status: f.status,
      dueOn: f.dueOn,
      daysLate: daysLateOn(f.dueOn, today),
    }))
    .sort((a, b) => b.daysLate - a.daysLate || a.unitCode.localeCompare(b.unitCode));
  const completed = counted.filter(isDone);
  const parts: string[] = [];
  if (byGroup.localities.total) parts.push(`${byGroup.localities.done}/${byGroup.localities.total} localities`);
  if (byGroup.ministries.total) parts.push(`${byGroup.ministries.done}/${byGroup.ministries.total} ministries and agencies`);
  return {
    total: counted.length,
    completed: completed.length,
    completedOnTime: counted.filter((f) => f.status === 'completed_on_time').length,
    completedLate: counted.filter((f) => f.status === 'completed_late').length,
    awaitingConfirmation: counted.filter((f) => f.status === 'awaiting_confirmation').length,
    notDue: counted.filter((f) => f.status === 'not_due' || f.status === 'due_soon').length,
    overdue: counted.filter((f) => f.status === 'overdue').length,
    cancelled: facts.filter((f) => f.status === 'cancelled').length,
    byGroup,
    onTimeAgainstOriginal: completed.filter((f) => f.completedOn !== null && f.completedOn <= f.originalDueOn).length,
    onTimeAgainstAdjusted: completed.filter((f) => f.completedOn !== null && f.completedOn <= f.dueOn).length,
    updateRate: { open: open.length, updated: open.filter(updatedRecently).length, periodDays },
    updateRateByUnit: [...new Set(open.map((f) => f.unitCode))].sort().map((unitCode) => {
      const mine = open.filter((f) => f.unitCode === unitCode);
      return { unitCode, open: mine.length, updated: mine.filter(updatedRecently).length };
    }),
    laggards,
    headline: parts.length ? `${parts.join(' and ')} completed` : 'no assignments',
  };
}
