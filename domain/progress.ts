/**
 * "k of N" roll-ups the way the Government Office reports them: completed on time, completed late, awaiting
 * confirmation, not yet due, overdue; by unit kind ("58/63 localities and 20/22 ministries"); on time against
 * the original and against the adjusted deadline; the update rate; and the laggards by name and lateness.
 * Reassigned assignments are not counted: their successor is, so a merged province counts once. What counts, what
 * is done and what is on time is domain/counting.ts.
 */
import {
  daysLateOn,
  headlineOf,
  isCounted,
  isDone,
  isOpen,
  judgeCompletion,
  tally,
  type GroupCounts,
  type JudgedCompletion,
  type Tally,
} from './counting';
import { toVnDate, type IsoDate } from './dates';
import type { Status } from './status';
import type { UnitKind } from './units';

export { groupOf, type Counts, type UnitGroupLabel } from './counting';

export interface ProgressFact {
  taskId: string;
  unitCode: string;
  unitName: string;
  unitKind: UnitKind;
  originalUnit: string;
  status: Status;
  dueOn: IsoDate;
  originalDueOn: IsoDate;
  /** The deadline time within dueOn (epoch ms), null for the end of the day. */
  dueAt?: number | null;
  /** A confirmed (or recorded) completion, judged by domain/counting.ts; null while open or awaiting confirmation. */
  completion: JudgedCompletion | null;
  lastProgressAt: number | null;
}

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

export interface RollUp extends Tally {
  byGroup: GroupCounts;
  /** Completed by the original due date, versus by the due date in force after extensions. */
  onTimeAgainstOriginal: number;
  onTimeAgainstAdjusted: number;
  /** Open assignments whose unit reported progress within the period. */
  updateRate: { open: number; updated: number; periodDays: number };
  /** The same per unit, so a leader sees who keeps the coordinator informed. */
  updateRateByUnit: { unitCode: string; open: number; updated: number }[];
  laggards: Laggard[];
  /** "62/63 localities and 22/28 ministries and agencies completed". */
  headline: string;
  /** The same in Vietnamese: "62/63 địa phương và 22/28 bộ, cơ quan hoàn thành". */
  headlineVi: string;
}

const DAY_MS = 86_400_000;

export function rollUp(facts: ProgressFact[], now: number, periodDays = 30): RollUp {
  const counted = facts.filter((f) => isCounted(f.status));
  const today = toVnDate(new Date(now));
  const counts = tally(facts);
  const open = counted.filter((f) => isOpen(f.status));
  const updatedRecently = (f: ProgressFact) => f.lastProgressAt !== null && now - f.lastProgressAt <= periodDays * DAY_MS;
  const laggards: Laggard[] = counted
    .filter((f) => !isDone(f.status))
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
  const completed = counted.filter((f) => isDone(f.status) && f.completion !== null);
  // The time of day belongs to the due date in force; against the original date it applies when the date is the same.
  const onTimeAgainst = (f: ProgressFact, basis: 'original' | 'adjusted') => {
    const dueOn = basis === 'original' ? f.originalDueOn : f.dueOn;
    const dueAt = dueOn === f.dueOn ? (f.dueAt ?? null) : null;
    return judgeCompletion(f.completion!, dueOn, dueAt).onTime;
  };
  return {
    ...counts,
    onTimeAgainstOriginal: completed.filter((f) => onTimeAgainst(f, 'original')).length,
    onTimeAgainstAdjusted: completed.filter((f) => onTimeAgainst(f, 'adjusted')).length,
    updateRate: { open: open.length, updated: open.filter(updatedRecently).length, periodDays },
    updateRateByUnit: [...new Set(open.map((f) => f.unitCode))].sort().map((unitCode) => {
      const mine = open.filter((f) => f.unitCode === unitCode);
      return { unitCode, open: mine.length, updated: mine.filter(updatedRecently).length };
    }),
    laggards,
    headline: headlineOf(counts.byGroup, 'en'),
    headlineVi: headlineOf(counts.byGroup, 'vi'),
  };
}
