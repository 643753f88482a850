/**
 * The urgency marks of Vietnamese administrative documents (độ khẩn: "Khẩn", "Thượng khẩn", "Hỏa tốc", Decree
 * 30/2020/NĐ-CP on clerical work) and the tighter default escalation policy each selects: the more urgent, the
 * later the first reminder may come and the sooner the miss climbs the ladder. A task that gives its own policy
 * keeps it; these replace only DEFAULT_POLICY.
 */
import { DEFAULT_POLICY, type EscalationPolicy } from './policy';

export const URGENCIES = ['normal', 'khan', 'thuong_khan', 'hoa_toc'] as const;
export type Urgency = (typeof URGENCIES)[number];

const POLICIES: Record<Urgency, EscalationPolicy> = {
  normal: DEFAULT_POLICY,
  // Khẩn: reminders 3 and 1 working days before and on the day; the unit head at the miss, then 1 and 3 working days.
  khan: {
    reminders: [{ workingDays: 3 }, { workingDays: 1 }, { days: 0 }],
    escalations: [
      { after: { days: 0 }, rung: 'unit_head' },
      { after: { workingDays: 1 }, rung: 'supervising_leader' },
      { after: { workingDays: 3 }, rung: 'coordinator' },
    ],
    repeatTopRungEvery: { days: 3 },
    timeOfDay: DEFAULT_POLICY.timeOfDay,
  },
  // Thượng khẩn: reminders 2 and 1 working days before and on the day; the ladder climbs a working day a rung.
  thuong_khan: {
    reminders: [{ workingDays: 2 }, { workingDays: 1 }, { days: 0 }],
    escalations: [
      { after: { days: 0 }, rung: 'unit_head' },
      { after: { workingDays: 1 }, rung: 'supervising_leader' },
      { after: { workingDays: 2 }, rung: 'coordinator' },
    ],
    repeatTopRungEvery: { days: 1 },
    timeOfDay: DEFAULT_POLICY.timeOfDay,
  },
  // Hỏa tốc: a reminder the working day before and on the day; the unit head and the supervising leader at the
  // miss, the coordinator the next working day, repeated daily.
  hoa_toc: {
    reminders: [{ workingDays: 1 }, { days: 0 }],
    escalations: [
      { after: { days: 0 }, rung: 'unit_head' },
      { after: { days: 0 }, rung: 'supervising_leader' },
      { after: { workingDays: 1 }, rung: 'coordinator' },
    ],
    repeatTopRungEvery: { days: 1 },
    timeOfDay: DEFAULT_POLICY.timeOfDay,
  },
};

/** The default escalation policy for a task of this urgency (DEFAULT_POLICY for normal). */
export function defaultPolicyForUrgency(urgency: Urgency): EscalationPolicy {
  return POLICIES[urgency];
}

/**
 * The urgency a mark names, in any case, with or without diacritics or in English ("HỎA TỐC", "hoả tốc",
 * "thượng khẩn", "KHẨN", "flash", "top urgent", "urgent"); null when it names none. A mark, not prose: "khẩn
 * trương" (promptly) in a sentence is not the mark "Khẩn".
 */
export function urgencyOf(mark: string): Urgency | null {
  const flat = mark
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .trim()
    .replace(/[\s_-]+/g, ' ');
  if (/^(?:hoa toc|flash|immediate)$/.test(flat)) return 'hoa_toc';
  if (/^(?:thuong khan|top urgent|most urgent|very urgent)$/.test(flat)) return 'thuong_khan';
  if (/^(?:khan|urgent)$/.test(flat)) return 'khan';
  if (/^(?:normal|thuong|binh thuong|none|)$/.test(flat)) return 'normal';
  return null;
}
