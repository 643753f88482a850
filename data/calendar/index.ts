/**
 * The official calendars shipped with dondoc: days off and make-up Saturdays of Vietnamese state employees, one
 * file a year, each entry with its source. Validated on import, so a bad edit fails at start-up, not at runtime.
 */
import { calendarFor, type CalendarData, type CalendarYear } from '../../domain/calendar';
import { calendarYearSchema } from '../../domain/calendar-schema';
import vn2024 from './vn-2024.json' with { type: 'json' };
import vn2025 from './vn-2025.json' with { type: 'json' };
import vn2026 from './vn-2026.json' with { type: 'json' };

function load(file: string, data: unknown): CalendarYear {
  const parsed = calendarYearSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`data/calendar/${file} is not a valid calendar year: ${issues}`);
  }
  return parsed.data;
}

export const OFFICIAL_CALENDAR_YEARS: CalendarYear[] = [
  load('vn-2024.json', vn2024),
  load('vn-2025.json', vn2025),
  load('vn-2026.json', vn2026),
];

let merged: CalendarData | null = null;

/**
 * The shipped years merged, every other year following the statutory (provisional) calendar; the same object on
 * every call (treat it as read-only).
 */
export function officialCalendar(): CalendarData {
  merged ??= calendarFor(OFFICIAL_CALENDAR_YEARS);
  return merged;
}
