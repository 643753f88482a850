/**
 * Measurable targets ("at least 60% of records processed online", "124/124 systems meet the criteria"): a task
 * may carry one, its units report measured values over time, and each assignment is judged against it — met or
 * missed once the due date has passed, on track or at risk before, by the trend of the values reported so far.
 */
import { z } from 'zod';
import { daysBetween, isIsoDate, type IsoDate } from './dates';

export const TARGET_UNITS = ['percent', 'count', 'ratio'] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number];
export const TARGET_DIRECTIONS = ['at_least', 'at_most'] as const;
export type TargetDirection = (typeof TARGET_DIRECTIONS)[number];

/**
 * `value` is the level to reach: a percentage (0–100), a count, or for a ratio k/N the share k/N as a fraction
 * (1 = all N). A ratio's measurements carry both k and N, since N may change (systems added, units merged).
 */
export const targetSchema = z
  .object({
    value: z.number().finite().min(0),
    unit: z.enum(TARGET_UNITS),
    direction: z.enum(TARGET_DIRECTIONS),
    description: z.string().max(500).optional(),
  })
  .refine((t) => t.unit !== 'percent' || t.value <= 100, { message: 'a percent target is at most 100', path: ['value'] })
  .refine((t) => t.unit !== 'ratio' || t.value <= 1, { message: 'a ratio target is a share from 0 to 1', path: ['value'] });
export type Target = z.infer<typeof targetSchema>;

export interface Measurement {
  /** k for a ratio, else the measured value. */
  value: number;
  /** N for a ratio. */
  of: number | null;
  measuredOn: IsoDate;
}

/** Why a measurement cannot be recorded against `target`, or null when it can. */
export function measurementProblem(
  target: Target,
  m: { value: number; of?: number | null; measuredOn: string },
): { field: string; reason: string } | null {
  if (!Number.isFinite(m.value) || m.value < 0) return { field: 'value', reason: 'must be a number of at least 0' };
  if (!isIsoDate(m.measuredOn)) return { field: 'measuredOn', reason: 'must be a real date YYYY-MM-DD' };
  if (target.unit === 'ratio') {
    if (m.of == null || !Number.isFinite(m.of) || m.of <= 0) return { field: 'of', reason: 'a ratio needs the total N (greater than 0)' };
    if (m.value > m.of) return { field: 'value', reason: `k must not exceed N (${m.of})` };
  } else if (m.of != null) return { field: 'of', reason: `only a ratio target takes a total; this one is a ${target.unit}` };
  if (target.unit === 'percent' && m.value > 100) return { field: 'value', reason: 'a percentage is at most 100' };
  if (target.unit === 'count' && !Number.isInteger(m.value)) return { field: 'value', reason: 'a count is a whole number' };
  return null;
}

/** The measured value on the target's scale (a ratio as its share k/N). */
export function levelOf(target: Target, m: Measurement): number {
  return target.unit === 'ratio' ? m.value / (m.of ?? 1) : m.value;
}

export function reaches(target: Target, level: number): boolean {
  // A share computed from k/N may carry float noise (96/124 vs 0.774…).
  const epsilon = 1e-9;
  return target.direction === 'at_least' ? level >= target.value - epsilon : level <= target.value + epsilon;
}

export type Judgement = 'met' | 'missed' | 'unreported' | 'on_track' | 'at_risk' | 'not_measured';

export interface Attainment {
  judgement: Judgement;
  /** The latest level measured by the date judged (on the target's scale), or null. */
  latest: number | null;
  latestOn: IsoDate | null;
  /** Where the trend of the values leads by the due date (before it), or null without two values. */
  projected: number | null;
}

/**
 * Judges an assignment's measurements against its target on `onDate`. From the due date on: met or missed by the
 * latest value measured by the due date (unreported when there is none). Before it: at risk when the least-squares
 * trend of the values measured so far does not reach the target by the due date (one value: when it does not reach
 * it yet), on track otherwise.
 */
export function judge(target: Target, measurements: readonly Measurement[], dueOn: IsoDate, onDate: IsoDate): Attainment {
  const decided = onDate > dueOn;
  const horizon = decided ? dueOn : onDate;
  const known = measurements.filter((m) => m.measuredOn <= horizon).sort((a, b) => a.measuredOn.localeCompare(b.measuredOn));
  const last = known[known.length - 1];
  if (!last) return { judgement: decided ? 'unreported' : 'not_measured', latest: null, latestOn: null, projected: null };
  const latest = levelOf(target, last);
  if (decided) return { judgement: reaches(target, latest) ? 'met' : 'missed', latest, latestOn: last.measuredOn, projected: null };
  const projected = trendAt(
    known.map((m) => ({ day: daysBetween(known[0]!.measuredOn, m.measuredOn), level: levelOf(target, m) })),
    daysBetween(known[0]!.measuredOn, dueOn),
  );
  const onTrack = projected === null ? reaches(target, latest) : reaches(target, projected) || reaches(target, latest);
  return { judgement: onTrack ? 'on_track' : 'at_risk', latest, latestOn: last.measuredOn, projected };
}

/** The least-squares line through (day, level) evaluated at `day`; null with fewer than two distinct days. */
function trendAt(points: { day: number; level: number }[], day: number): number | null {
  const n = points.length;
  const meanX = points.reduce((s, p) => s + p.day, 0) / n;
  const meanY = points.reduce((s, p) => s + p.level, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.day - meanX) ** 2, 0);
  if (sxx === 0) return null;
  const slope = points.reduce((s, p) => s + (p.day - meanX) * (p.level - meanY), 0) / sxx;
  return meanY + slope * (day - meanX);
}
