/**
 * Official calendars in Postgres: seeded from data/calendar on start, extended by admins when a new year is
 * announced. Workflows never read this: they get the calendar in their input, so an edit cannot change a
 * running workflow's replay.
 */
import { OFFICIAL_CALENDAR_YEARS } from '../data/calendar';
import { calendarFor, type CalendarData, type CalendarYear } from '../domain/calendar';
import { calendarYearSchema } from '../domain/calendar-schema';
import { jsonb, type Sql } from './sql';

export async function seedOfficialCalendars(sql: Sql): Promise<void> {
  for (const year of OFFICIAL_CALENDAR_YEARS) {
    await sql`INSERT INTO calendar_years (year, data, loaded_by) VALUES (${year.year}, ${jsonb(sql, year)}, 'seed')
              ON CONFLICT (year) DO NOTHING`;
  }
}

/** Saves a year's schedule; gives its version, the load's instant in epoch ms (a later load has a higher one). */
export async function saveCalendarYear(sql: Sql, year: CalendarYear, loadedBy: string): Promise<number> {
  const [row] = await sql<{ version: string }[]>`
    INSERT INTO calendar_years (year, data, loaded_by) VALUES (${year.year}, ${jsonb(sql, year)}, ${loadedBy})
    ON CONFLICT (year) DO UPDATE SET data = EXCLUDED.data, loaded_by = EXCLUDED.loaded_by, loaded_at = now()
    RETURNING (extract(epoch FROM loaded_at) * 1000)::bigint::text AS version`;
  return Number(row!.version);
}

/** The schedule loaded for one year, if any. */
export async function loadCalendarYear(sql: Sql, year: number): Promise<CalendarYear | null> {
  const [row] = await sql<{ data: unknown }[]>`SELECT data FROM calendar_years WHERE year = ${year}`;
  return row ? calendarYearSchema.parse(row.data) : null;
}

export async function loadCalendarYears(sql: Sql): Promise<CalendarYear[]> {
  const rows = await sql<{ data: unknown }[]>`SELECT data FROM calendar_years ORDER BY year`;
  return rows.map((r) => calendarYearSchema.parse(r.data));
}

/**
 * The loaded years merged, every other year following the statutory calendar (provisional); cached until
 * `invalidate` (called after an admin loads a year in this process) or, given `maxAgeMs`, until that old (a process
 * that does not load years, such as the worker, sees another's load within that time).
 */
export function createCalendarProvider(sql: Sql, maxAgeMs = Infinity): { get: () => Promise<CalendarData>; invalidate: () => void } {
  let cached: Promise<CalendarData> | null = null;
  let loadedAt = 0;
  return {
    get: () => {
      if (cached && Date.now() - loadedAt > maxAgeMs) cached = null;
      if (!cached) {
        loadedAt = Date.now();
        cached = loadCalendarYears(sql).then((years) => calendarFor(years));
        cached.catch(() => (cached = null));
      }
      return cached;
    },
    invalidate: () => {
      cached = null;
    },
  };
}
