/** The official calendars shipped with dondoc (days off of state employees, each with its source). */
import { z } from 'zod';
import { calendarYearSchema, mergeCalendarYears, type CalendarData, type CalendarYear } from '../../domain/calendar';
import y2024 from './vn-2024.json' with { type: 'json' };
import y2025 from './vn-2025.json' with { type: 'json' };
import y2026 from './vn-2026.json' with { type: 'json' };

export const OFFICIAL_CALENDAR_YEARS: CalendarYear[] = z.array(calendarYearSchema).parse([y2024, y2025, y2026]);

export function officialCalendar(): CalendarData {
  return mergeCalendarYears(OFFICIAL_CALENDAR_YEARS);
}
