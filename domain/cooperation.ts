/**
 * Planning a task's co-operating units: which units contribute, when each contribution is due, to whom it answers
 * and how it starts. Each contributes to the lead unit (when the task has exactly one), which confirms or returns
 * the contribution; without a single lead, the contribution goes to the Government Office.
 */
import { addWorkingDays, type CalendarData } from './calendar';
import type { IsoDate } from './dates';
import { dueSoonFrom, type EscalationPolicy } from './policy';
import { deriveStatus, type Status } from './status';

/** A co-operating unit's contribution is due this many working days before the lead's due date, by default. */
export const DEFAULT_CONTRIBUTION_LEAD_DAYS = 3;

/** `leadDays` working days before the lead's due date, never before `notBefore` (the directive's issue date). */
export function contributionDueOn(calendar: CalendarData, leadDueOn: IsoDate, leadDays: number, notBefore: IsoDate): IsoDate {
  const due = leadDays > 0 ? addWorkingDays(calendar, leadDueOn, -leadDays) : leadDueOn;
  return due < notBefore ? notBefore : due;
}

export interface CooperatingUnitPlan {
  unitCode: string;
  dueOn: IsoDate;
  status: Status;
  /** The lead unit it answers to, or null when the task has no single lead. */
  answersTo: string | null;
  /** Who receives its top-rung escalations and requests: the lead unit, else the Government Office. */
  coordinatorUnit: string;
  /** The lead unit confirms or returns the contribution. */
  confirmationRequired: boolean;
}

/** The co-operating units of a task (each once, sorted; never one of its leads) and how each contribution starts. */
export function planCooperating(p: {
  issuedOn: IsoDate;
  leadUnits: string[];
  units: string[];
  dueOn: IsoDate;
  leadDays: number;
  policy: EscalationPolicy;
  calendar: CalendarData;
  coordinatorUnit: string;
  now: number;
}): CooperatingUnitPlan[] {
  const lead = p.leadUnits.length === 1 ? p.leadUnits[0]! : null;
  const dueOn = contributionDueOn(p.calendar, p.dueOn, p.leadDays, p.issuedOn);
  const status = deriveStatus(
    {
      dueOn,
      dueAt: null,
      dueSoonFrom: dueSoonFrom(p.policy, dueOn, p.calendar, null),
      completion: null,
      cancelled: false,
      reassigned: false,
    },
    p.now,
  );
  const units = [...new Set(p.units)].filter((u) => !p.leadUnits.includes(u)).sort();
  return units.map((unitCode) => ({
    unitCode,
    dueOn,
    status,
    answersTo: lead,
    coordinatorUnit: lead ?? p.coordinatorUnit,
    confirmationRequired: lead !== null,
  }));
}

/**
 * The reason a contribution records when it ends with its lead's assignment (cancelled), in words the timeline
 * (web/timeline-text.ts) recognises to say it in the reader's language: `cancelled with the lead assignment of <unit>`,
 * then the lead's own reason.
 */
export function endedWithLeadReason(leadUnit: string, leadReason: string): string {
  return `${ENDED_WITH_LEAD} ${leadUnit}${leadReason ? `: ${leadReason}` : ''}`;
}

const ENDED_WITH_LEAD = 'cancelled with the lead assignment of';

/** The lead unit and its reason from a reason `endedWithLeadReason` wrote; null for any other reason. */
export function parseEndedWithLeadReason(reason: string): { leadUnit: string; leadReason: string } | null {
  if (!reason.startsWith(`${ENDED_WITH_LEAD} `)) return null;
  const rest = reason.slice(ENDED_WITH_LEAD.length + 1);
  const colon = rest.indexOf(': ');
  const leadUnit = colon < 0 ? rest : rest.slice(0, colon);
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(leadUnit)) return null;
  return { leadUnit, leadReason: colon < 0 ? '' : rest.slice(colon + 2) };
}
